"""``{% tracked_check account "profile" profile.id %}``: on a page of something the tracker
follows (a channel request, a profile), when the tracker last read it from CM.com and its
"Check now"; nothing when the tracker does not follow it. ``{% tracked_template account
template_id %}``: the same for each language of a template (the tracker follows languages)."""

from __future__ import annotations

from typing import Any

from django import template

from dashboard.accounts.models import CMAccount
from dashboard.tracker import checking

register = template.Library()


@register.inclusion_tag("tracker/_tracked.html")
def tracked_check(account: CMAccount | None, kind: str, upstream_id: object) -> dict[str, Any]:
    """The tracker's part for this thing, or nothing."""
    if account is None or not upstream_id:
        return {"item": None}
    return {"item": checking.tracked(account, kind, str(upstream_id))}


@register.inclusion_tag("tracker/_tracked_template.html")
def tracked_template(account: CMAccount | None, template_id: object) -> dict[str, Any]:
    """The tracker's part for each language of this template, or nothing."""
    if account is None or not template_id:
        return {"items": []}
    return {"items": checking.tracked_languages(account, str(template_id))}
