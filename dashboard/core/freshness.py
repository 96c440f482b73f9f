"""How fresh something read from CM.com is, in words: "2 min ago", with the exact moment for
a ``<time>`` element's title. One helper for the tracker's "checked 2 min ago" and the list
pages' "read from CM.com 3 min ago", so the two never disagree on what a minute is."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext


def ago(moment: datetime, *, now: datetime | None = None) -> str:
    """How long before ``now`` (the clock's now by default) ``moment`` was, in short words.

    Whole units, rounded down, so "2 min ago" is never earlier than it was; a moment in the
    future (another server's clock) counts as "just now".
    """
    seconds = int(((now or timezone.now()) - moment).total_seconds())
    if seconds < 60:
        return gettext("just now")
    minutes = seconds // 60
    if minutes < 60:
        return gettext("%(minutes)d min ago") % {"minutes": minutes}
    hours = minutes // 60
    if hours < 48:
        return ngettext("%(hours)d hour ago", "%(hours)d hours ago", hours) % {"hours": hours}
    return gettext("%(days)d days ago") % {"days": hours // 24}


def exact(moment: datetime) -> str:
    """The moment to the second, in the dashboard's time zone, naming the zone; the day in
    the person's language's format ("5 Dec 2026", "5. Dez 2026")."""
    local = timezone.localtime(moment)
    return f"{date_format(local, 'DATE_FORMAT')} {date_format(local, 'H:i:s T')}"
