"""What a copy says of each template, put together where it is shown (``core.wording``).

A pass runs on a worker, in English; the run's page is read later in the reader's language.
So an item keeps the key and parts of its sentence (``CopyItem.message_parts`` and
``validation_parts``); ``message`` and ``validation`` keep the words as first written, shown
for rows written before keys. Words another app said (``words``, ``message``: the studio's
outcome of a push, upstream's failure) are stored as their parts (``part``), said in the
reader's language too; CM.com's own words within them are kept as given.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from dashboard.core import wording

SKIPPED = "skipped"
SAVED = "saved"
NOTHING_TO_SAVE = "nothing_to_save"
NOT_COPIED = "not_copied"  # words: why it was not created (upstream's parts)
HALF_MADE = "half_made"  # words: why its content was not saved (the studio's parts)
DRAFT_GONE = "draft_gone"
CHECK_FAILED = "check_failed"  # message: why the target could not be read
INTERRUPTED = "interrupted"
NOT_SUBMITTED_DRAFT_GONE = "not_submitted_draft_gone"

Parts = wording.Parts

SENTENCES: dict[str, str] = {
    SKIPPED: gettext_noop("A template of this name is in the target already: skipped."),
    # The studio's own sentences for a push that went well (the same msgids), for rows
    # stored before the studio's parts were (those say "studio.saved").
    SAVED: gettext_noop("Saved to CM.com."),
    NOTHING_TO_SAVE: gettext_noop("Nothing to save: CM.com already has this."),
    NOT_COPIED: gettext_noop("Not copied: %(words)s"),
    HALF_MADE: gettext_noop(
        "Created in the target, but its content was not saved (%(words)s). Retry saves it; "
        "nothing is created twice."
    ),
    DRAFT_GONE: gettext_noop(
        "Created in the target, but its draft is gone: open it in the studio."
    ),
    CHECK_FAILED: gettext_noop("Could not check whether it was created: %(message)s"),
    INTERRUPTED: gettext_noop(
        "The copy was interrupted after the template was created in the target: open it in "
        "the studio to check its content."
    ),
    NOT_SUBMITTED_DRAFT_GONE: gettext_noop("Not submitted: the draft is gone."),
}


def compose(parts: wording.Parts | None, stored: str) -> str:
    """An item's message (or validation) in the active language; ``stored`` without parts."""
    return wording.compose(SENTENCES, parts, stored)


def said(key: str, **parts: Any) -> dict[str, Any]:
    """The parts to store for sentence ``key``."""
    return wording.said(key, **parts)


part = wording.part
parts_of = wording.parts_of
