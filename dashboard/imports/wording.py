"""What an import says of each template, put together where it is shown (``core.wording``).

The steps may run on a worker, in English; the report is read later in the reader's language.
So an item keeps the key and parts of its sentences (``ImportItem.message_parts`` and
``submit_message_parts``); ``message`` and ``submit_message`` keep the words as first
written, shown for rows written before keys. Words another app said (``words``,
``message``: the studio's outcome of a push, upstream's failure) are stored as their parts
(``part``), said in the reader's language too; CM.com's own words within them are kept as
given.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from dashboard.core import wording

NOT_CREATED = "not_created"  # words: why it was not created (upstream's parts)
CREATED_BUT = "created_but"  # message: why its texts were not saved (the studio's parts)
DRAFT_GONE = "draft_gone"
STOPPED_SENDING = "stopped_sending"
STOPPED_BEFORE = "stopped_before"

Parts = wording.Parts

SENTENCES: dict[str, str] = {
    NOT_CREATED: gettext_noop("Not created: %(words)s"),
    CREATED_BUT: gettext_noop("Created, but %(message)s"),
    DRAFT_GONE: gettext_noop("Its draft is no longer here."),
    STOPPED_SENDING: gettext_noop(
        "The import stopped while this one was being sent: it may have reached "
        "CM.com; look for it in the templates before sending it again."
    ),
    STOPPED_BEFORE: gettext_noop("Not sent: the import stopped before this one."),
}


def compose(parts: Parts | None, stored: str) -> str:
    """An item's message (or submit message) in the active language; ``stored`` without
    parts."""
    return wording.compose(SENTENCES, parts, stored)


def said(key: str, **parts: Any) -> dict[str, Any]:
    """The parts to store for sentence ``key``."""
    return wording.said(key, **parts)


def compose_part(value: Any) -> str:
    """One stored part (a sentence's ``words``) in the active language."""
    return wording.compose_part(SENTENCES, value)


part = wording.part
parts_of = wording.parts_of
