"""What the channels views share: a write that did not happen, in words."""

from __future__ import annotations

from typing import Any

from dashboard import upstream


def write_failure(result: upstream.WriteResult[Any], what: str, noun: str) -> str:
    """Where a write failed, in words: ``"The webhook was not saved. CM.com failed…"``.

    ``what`` says what did not happen ("was not saved"); the rest is the result's words,
    except a 404, which on a write means the item went away since the page was loaded. After a
    lost answer the result's own words say what the check found.
    """
    if result.answer_lost or result.failure is None:
        return result.message
    return _failure_words(result.failure, what, noun)


def refusal(result: upstream.WriteResult[Any], what: str, noun: str) -> str | None:
    """``write_failure``'s words for a write that surely did not happen; None when its answer
    was lost: then the page shows the result itself (what the check found, and whether it may
    be sent again)."""
    return None if result.answer_lost else write_failure(result, what, noun)


def _failure_words(failure: upstream.UpstreamFailure, what: str, noun: str) -> str:
    if failure.kind == "not_found":
        reason = (
            f"CM.com no longer has this {noun} — reload the page to see the configuration "
            "as it is now."
        )
    else:
        reason = failure.message
    return f"The {noun} {what}. {reason}"
