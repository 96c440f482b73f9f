"""What the channels views share: the upstream errors a write may raise, and their words."""

from __future__ import annotations

from typing import Any

from channels_api.errors import ChannelsAPIError
from dashboard import upstream
from dashboard.accounts.crypto import TokenDecryptionError

UPSTREAM_ERRORS = (ChannelsAPIError, TokenDecryptionError)
"""What a service call may raise because of CM.com or the stored token (never a bug)."""


def write_failure(error: BaseException, what: str, noun: str) -> str:
    """Where a write failed, in words: ``"The webhook was not saved. CM.com failed…"``.

    ``what`` says what did not happen ("was not saved"); the rest is ``describe_failure``'s,
    except a 404, which on a write means the item went away since the page was loaded.
    """
    return _failure_words(upstream.describe_failure(error), what, noun)


def refusal(result: upstream.WriteResult[Any], what: str, noun: str) -> str | None:
    """Words for a checked write CM.com refused (or that was not sent), as ``write_failure``
    says them; None when its answer was lost: then the result's own words say what the check
    found, and whether it may be sent again."""
    refused = result.state in (upstream.WriteState.REFUSED, upstream.WriteState.NOT_SENT)
    if refused and result.failure is not None:
        return _failure_words(result.failure, what, noun)
    return None


def _failure_words(failure: upstream.UpstreamFailure, what: str, noun: str) -> str:
    if failure.kind == "not_found":
        reason = (
            f"CM.com no longer has this {noun} — reload the page to see the configuration "
            "as it is now."
        )
    else:
        reason = failure.message
    return f"The {noun} {what}. {reason}"


def page_number(raw: str | None) -> int:
    """``?page=`` as a page number; anything that is not a positive whole number is page 1."""
    try:
        number = int(raw or 1)
    except (TypeError, ValueError):
        return 1
    return number if number >= 1 else 1
