"""Sentences the tracker words itself, put together where they are shown.

The poller runs in Celery, in English, and its rows are read later by people in their own
language. So for a label or detail the dashboard words (rather than a name or a reason CM.com
gives) it stores only a key and CM.com's parts, and these functions say them in the language
active when they are read. Rows without a key are shown as stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import formats
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext, gettext_noop

from dashboard.core import labels, wording

# Label phrases (TrackedItem.meta["phrase"]) and what TrackedItem.label holds with each.
CHANNEL_REQUEST = "channel_request"  # the channel type's name ("WhatsApp"), or empty
BUSINESS_ACCOUNT = "business_account"  # empty
PHONE_NUMBER = "phone_number"  # the country code ("NL"), or empty

# Detail messages (``detail_parts["msg"]``) and the parts each takes.
FULFILLED = "fulfilled"  # when: ISO date or None
CANCELLED = "cancelled"  # when: ISO date or None
STAGE = "stage"  # stage: CM.com's stage code; percent: int or None; step: CM.com's next step
NUMBER_ASSIGNED = "number_assigned"  # number: the number, or id: its id, or neither


def compose_label(phrase: str, name: str) -> str:
    """The label a ``phrase`` and CM.com's ``name`` make, in the active language; a label
    with no (or an unknown) phrase is shown as stored."""
    if phrase == CHANNEL_REQUEST:
        if not name:
            return gettext("Channel request")
        return gettext("%(channel_type)s channel request") % {"channel_type": name}
    if phrase == BUSINESS_ACCOUNT:
        return gettext("WhatsApp business account")
    if phrase == PHONE_NUMBER:
        if not name:
            return gettext("Phone number")
        return gettext("Phone number (%(country)s)") % {"country": name}
    return name


def when(moment: datetime | None) -> str | None:
    """A date as ``detail_parts`` keep it (JSON has no dates)."""
    return moment.isoformat() if moment else None


def _date(value: Any) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return gettext("an unknown date")
    # In UTC, as CM.com gives it; the month's name in the reader's language.
    return f"{formats.date_format(moment, 'j M Y H:i')} UTC"


def compose_detail(parts: dict[str, Any] | None, stored: str) -> str:
    """The detail ``parts`` describe, in the active language; ``stored`` (the words written
    when it was seen, or CM.com's own reason) when there are no parts."""
    msg = (parts or {}).get("msg")
    if msg == FULFILLED:
        return gettext("Fulfilled %(when)s.") % {"when": _date(parts["when"])}
    if msg == CANCELLED:
        return gettext("Cancelled %(when)s.") % {"when": _date(parts["when"])}
    if msg == STAGE:
        stage, percent, step = parts.get("stage"), parts.get("percent"), parts.get("step")
        said = []
        if stage:
            words = labels.label(labels.CHANNEL_STAGE, stage)
            said.append(gettext("Stage %(stage)s") % {"stage": words})
        if percent is not None:
            said.append(gettext("%(percent)s%% complete") % {"percent": percent})
        if step:
            said.append(gettext("next: %(step)s") % {"step": step})
        return ", ".join(said) + "."
    if msg == NUMBER_ASSIGNED:
        if parts.get("number"):
            return gettext("Number %(number)s was assigned.") % {"number": parts["number"]}
        if parts.get("id"):
            return gettext("Number id %(id)s was assigned.") % {"id": parts["id"]}
        return gettext("A number was assigned.")
    return stored


# Why a poll failed, in the poller's own words (CM.com's failures are upstream's sentences):
# stored with their key and parts on the account's health, said where they are shown.
NAMESPACE = "tracker"
SENTENCES: dict[str, wording.Sentence] = {
    "no_token": gettext_noop("This account has no product token — an admin should set one."),
    "poll_too_long": gettext_noop("The poll took too long and was stopped."),
    "poll_failed": gettext_noop("The poll failed unexpectedly; the error was logged."),
    # A run's own words (PollRun.message), stored with the run.
    "poll_skipped": gettext_noop("Another poll of this account was running."),
    "poll_cut_off": gettext_noop(
        "This poll was cut off before it finished (its worker stopped or the database went "
        "away); nothing it read was saved, and a later poll read the account again."
    ),
}
say = wording.register(NAMESPACE, SENTENCES)
