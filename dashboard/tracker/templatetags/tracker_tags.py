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
    # Only what the banner shows (``selectors.health_of`` builds the whole polling panel).
    reason = selectors.broken_reason_of(account)
    return {"panel": {"account": account, "broken_reason": reason} if reason else None}


@register.inclusion_tag("tracker/_bell.html", takes_context=True)
def bell(context: template.Context) -> dict[str, Any]:
    """The header's bell with its unread count, counted here so a page shows it without
    JavaScript (htmx then keeps it current)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    unread = selectors.unread_count(user) if user is not None and user.is_authenticated else 0
    return {"unread": unread, "refresh": False}
