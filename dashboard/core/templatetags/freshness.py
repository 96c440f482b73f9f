"""``{% fresh moment "read from CM.com" %}``: what a moment's age reads as on a page,
``read from CM.com <time datetime="…" title="5 Dec 2026 14:02:11 UTC">3 min ago</time>``."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from dashboard.core.freshness import ago, exact

register = template.Library()


@register.simple_tag
def fresh(moment: datetime | str | None, words: str = "") -> str:
    """``words`` and the age of ``moment`` in a ``<time>``; nothing when there is no moment."""
    if not isinstance(moment, datetime):  # None, or a name the context lacks ("")
        return ""
    return format_html(
        '{} <time datetime="{}" title="{}">{}</time>',
        words or gettext("read from CM.com"),
        moment.isoformat(),
        exact(moment),
        ago(moment),
    )


@register.simple_tag
def fresh_at(moment: datetime | str | None, words: str = "") -> str:
    """``words at <time>5 Dec 2026 14:02:11 UTC</time> (3 min ago)``: for a figure a person
    may compare with another list, where the exact moment matters as much as its age."""
    if not isinstance(moment, datetime):
        return ""
    # One sentence to translate, the markup filled in by format_html (escaped).
    return format_html(
        gettext("{words} at {time} ({ago})"),
        words=words or gettext("counted"),
        time=format_html('<time datetime="{}">{}</time>', moment.isoformat(), exact(moment)),
        ago=ago(moment),
    )
