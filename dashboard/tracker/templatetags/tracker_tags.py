"""``{% tracker_health current_account %}``: the broken-connection banner on account pages."""

from __future__ import annotations

from typing import Any

from django import template

from dashboard.accounts.models import CMAccount
from dashboard.tracker import selectors

register = template.Library()


@register.inclusion_tag("tracker/_health_banner.html")
def tracker_health(account: CMAccount | None) -> dict[str, Any]:
    """The banner when the tracker marked this account's connection broken; else nothing."""
    if account is None:
        return {"panel": None}
    return {"panel": selectors.health_of(account)}
