"""The words search adds round CM.com's names, put together where a result is shown.

The index is written by the poller, in Celery, in English, and read by people in their own
language (issue 18). So for the words the dashboard adds (a channel request's title phrase,
its state and date, "on" a number, a template's category) an entry keeps only their key and
parts (``SearchEntry.parts``), and these functions say them in the language active when the
results are shown, as the tracker does (``tracker/wording.py``). ``title`` holds CM.com's
name (what is searched); rows without parts are shown as stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext, gettext_noop

from dashboard.core import labels

# Keys (``parts["msg"]``) and the parts each takes.
CHANNEL_REQUEST = "channel_request"  # state: STATES' key; requested: ISO date or None
KEYWORD = "keyword"  # number: the number it is on, as CM.com gave it
TEMPLATE = "template"  # category: CM.com's code; languages: "en, nl"

# A channel request's state as the poller names it (``tracker.statuses``, the same words).
STATES: dict[str, str] = {
    "pending": gettext_noop("Pending"),
    "fulfilled": gettext_noop("Fulfilled"),
    "cancelled": gettext_noop("Cancelled"),
}


def channel_request(state: str, requested: date | None) -> dict[str, Any]:
    """The parts of a channel request's entry."""
    return {
        "msg": CHANNEL_REQUEST,
        "state": state,
        "requested": requested.isoformat() if requested else None,
    }


def keyword(number: str) -> dict[str, Any]:
    """The parts of a keyword claim's entry."""
    return {"msg": KEYWORD, "number": number}


def template(category: str, languages: str) -> dict[str, Any]:
    """The parts of a template's entry."""
    return {"msg": TEMPLATE, "category": category, "languages": languages}


def compose_title(parts: dict[str, Any] | None, stored: str) -> str:
    """The title in the active language: a channel request's is its type's name (``stored``,
    empty when unknown) in a phrase; any other is CM.com's name, as stored."""
    if (parts or {}).get("msg") != CHANNEL_REQUEST:
        return stored
    if not stored:
        return gettext("Channel request")
    return gettext("%(channel_type)s channel request") % {"channel_type": stored}


def compose_detail(parts: dict[str, Any] | None, stored: str) -> str:
    """The detail in the active language; ``stored`` when there are no (known) parts."""
    parts = parts or {}
    msg = parts.get("msg")
    if msg == CHANNEL_REQUEST:
        state = str(parts.get("state") or "")
        said = [gettext(STATES[state]) if state in STATES else state.capitalize()]
        requested = date.fromisoformat(parts["requested"]) if parts.get("requested") else None
        if requested is not None:
            # The month's name in the reader's language; the day as CM.com gives it, in UTC.
            when = formats.date_format(requested, "d M Y")
            said.append(gettext("requested %(date)s (UTC)") % {"date": when})
        return " · ".join(p for p in said if p)
    if msg == KEYWORD:
        number = parts.get("number") or ""
        return gettext("on %(number)s") % {"number": number} if number else ""
    if msg == TEMPLATE:
        category = str(parts.get("category") or "")
        words = labels.label(labels.TEMPLATE_CATEGORY, category) if category else ""
        if words == category:  # a category the table does not know: as the indexer wrote it
            words = category.replace("_", " ").capitalize()
        return " · ".join(p for p in (words, parts.get("languages") or "") if p)
    return stored
