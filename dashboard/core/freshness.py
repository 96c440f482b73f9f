"""How fresh something read from CM.com is, in words: "2 min ago", with the exact moment for
a ``<time>`` element's title. One helper for the tracker's "checked 2 min ago" and the list
pages' "read from CM.com 3 min ago", so the two never disagree on what a minute is."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format


def ago(moment: datetime, *, now: datetime | None = None) -> str:
    """How long before ``now`` (the clock's now by default) ``moment`` was, in short words.

    Whole units, rounded down, so "2 min ago" is never earlier than it was; a moment in the
    future (another server's clock) counts as "just now".
    """
    seconds = int(((now or timezone.now()) - moment).total_seconds())
    if seconds < 60:
        return "just now"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    return f"{hours // 24} days ago"


def exact(moment: datetime) -> str:
    """The moment to the second, in the dashboard's time zone, naming the zone."""
    return date_format(timezone.localtime(moment), "j M Y H:i:s T")
