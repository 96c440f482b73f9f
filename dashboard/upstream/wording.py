"""Failures in words: what went wrong talking to CM.com and what to do about it.

``describe_failure`` is the one place those words are written (``describe_write`` for how a
write ended); an ``UpstreamFailure`` never contains the product token.

The words are a ``core.wording.Said``: in the active language, and keeping their key and
parts (namespace "upstream"), so a task that stores them (a copy's or an import's report, a
review's outcome) has them said again in the reader's language. CM.com's own words (a
refusal's message) are a part kept as given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_noop

from channels_api import errors
from dashboard.accounts.crypto import TokenDecryptionError
from dashboard.core import wording
from dashboard.core.wording import Said
from dashboard.upstream.breaker import MAX_RETRY_AFTER, CircuitOpen

# When CM.com says "too many requests" without saying for how long.
_DEFAULT_RETRY_AFTER = 60.0


@dataclass(frozen=True)
class UpstreamFailure:
    """Why a part could not be loaded, in words a person can act on."""

    kind: str
    """timeout, unreachable, token_refused, forbidden, not_found, rate_limited, paused,
    upstream_error, malformed, bad_request, conflict, token_unreadable or unexpected."""
    message: str
    """Words a person can act on (a ``Said``, whose parts a task can store)."""
    status: int | None = None
    retry_at: datetime | None = None
    said: str = ""
    """CM.com's own words when it refused the request (a 400 or 409), for a page that puts
    them in a sentence of its own."""
    # Lets a template tell a failure from a result (``{% if part.is_failure %}``), and
    # ``core.notfound`` too, which sits below this package and does not import it.
    is_failure: ClassVar[bool] = True

    def __str__(self) -> str:
        return self.message


SENTENCES: dict[str, str] = {
    # describe_failure
    "timeout": gettext_noop("CM.com did not answer in time — try again in a minute."),
    "unreachable": gettext_noop(
        "CM.com could not be reached — try again in a minute; if it lasts, an admin should "
        "check the account's API base URL."
    ),
    "token_refused": gettext_noop(
        "CM.com refused this account's product token — an admin should update it."
    ),
    "forbidden": gettext_noop(
        "CM.com refused this account's product token for this account — an admin should "
        "check the account id and token."
    ),
    "not_found": gettext_noop(
        "CM.com has no such item any more (it may have been deleted) — reload the list; "
        "if a whole list is missing, an admin should check the account id."
    ),
    "rate_limited": gettext_noop("Too many requests to CM.com — try again at %(try_again_at)s."),
    "paused": gettext_noop(
        "CM.com failed %(failures)s times in a row for this account, so the dashboard "
        "has stopped asking it for a moment — try again at %(try_again_at)s."
    ),
    "upstream_error": gettext_noop(
        "CM.com failed on its side (status %(status)s) — try again in a few minutes."
    ),
    "malformed": gettext_noop(
        "CM.com sent an answer the dashboard could not read — try again later; if it "
        "lasts, tell the developers."
    ),
    "bad_request": gettext_noop("CM.com refused the request: %(message)s"),  # CM.com's words
    "conflict": gettext_noop("CM.com said this conflicts: %(message)s"),  # CM.com's words
    "token_unreadable": gettext_noop(
        "This account's product token cannot be decrypted with the configured keys — an "
        "admin should set the token again."
    ),
    "error_status": gettext_noop(
        "CM.com answered with an error (status %(status)s) — try again later."
    ),
    "error": gettext_noop("CM.com answered with an error — try again later."),
    "unexpected": gettext_noop(
        "Something went wrong loading this — the error was logged; try again."
    ),
    # lost_answer: the first half of a sentence
    "lost_timeout": gettext_noop("CM.com did not answer in time"),
    "lost_connection": gettext_noop("The connection to CM.com failed"),
    "lost_unreadable": gettext_noop("CM.com's answer could not be read"),
    "lost_failed": gettext_noop("CM.com failed on its side (status %(status)s)"),
    # describe_write (lost: lost_answer's words; what: the thing written, as the caller said it)
    "the_change": gettext_noop("the change"),  # what, when the caller named nothing
    "may_have_happened": gettext_noop("%(message)s %(may_have_happened)s"),
    "lost_may_have_happened": gettext_noop("%(lost)s, %(may_have_happened)s"),
    "not_seen_yet": gettext_noop(
        "%(lost)s, and a check does not show %(what)s yet — CM.com may still be working on "
        "it; look again in a minute before sending it again."
    ),
    "saved_after_check": gettext_noop("%(lost)s, but a check shows %(what)s was saved."),
    "not_saved": gettext_noop(
        "%(lost)s, and a check shows %(what)s was not saved — you can send it again."
    ),
    "unchecked": gettext_noop(
        "%(lost)s, and the dashboard could not check whether %(what)s was saved — look before "
        "sending it again."
    ),
}
NAMESPACE = "upstream"
_say = wording.register(NAMESPACE, SENTENCES)


def _try_again_at(moment: datetime) -> str:
    # Round up to the next minute so "try again at 14:05" is never too early. A time written
    # as figures: kept as given when the words are said again in another language.
    shown = timezone.localtime(moment + timedelta(seconds=59)).replace(second=0)
    return time_format(shown, "H:i")


def describe_failure(error: BaseException) -> UpstreamFailure:
    """Words for what went wrong talking to CM.com and what to do about it."""
    status = getattr(error, "status", None)
    if isinstance(error, errors.Timeout):
        return UpstreamFailure("timeout", _say("timeout"))
    if isinstance(error, errors.TransportError):
        return UpstreamFailure("unreachable", _say("unreachable"))
    if isinstance(error, errors.Unauthorized):
        return UpstreamFailure("token_refused", _say("token_refused"), status)
    if isinstance(error, errors.Forbidden):
        return UpstreamFailure("forbidden", _say("forbidden"), status)
    if isinstance(error, errors.NotFound):
        return UpstreamFailure("not_found", _say("not_found"), status)
    if isinstance(error, CircuitOpen):
        if error.reason == "rate_limited":
            return UpstreamFailure(
                "rate_limited",
                _say("rate_limited", try_again_at=_try_again_at(error.until)),
                None,
                error.until,
            )
        return UpstreamFailure(
            "paused",
            _say(
                "paused",
                failures=settings.UPSTREAM_BREAKER_FAILURES,
                try_again_at=_try_again_at(error.until),
            ),
            None,
            error.until,
        )
    if isinstance(error, errors.RateLimited):
        wait = error.retry_after if error.retry_after is not None else _DEFAULT_RETRY_AFTER
        # A Retry-After of years would overflow the date and tells the person nothing.
        wait = float(wait) if math.isfinite(float(wait)) else _DEFAULT_RETRY_AFTER
        wait = min(max(wait, 0.0), MAX_RETRY_AFTER)
        retry_at = timezone.now() + timedelta(seconds=wait)
        return UpstreamFailure(
            "rate_limited",
            _say("rate_limited", try_again_at=_try_again_at(retry_at)),
            status,
            retry_at,
        )
    if isinstance(error, errors.UpstreamError):
        return UpstreamFailure("upstream_error", _say("upstream_error", status=status), status)
    if isinstance(error, errors.MalformedResponse):
        return UpstreamFailure("malformed", _say("malformed"), status)
    if isinstance(error, errors.BadRequest):
        return UpstreamFailure(
            "bad_request",
            _say("bad_request", message=error.message),
            status,
            said=error.message,
        )
    if isinstance(error, errors.Conflict):
        return UpstreamFailure(
            "conflict",
            _say("conflict", message=error.message),
            status,
            said=error.message,
        )
    if isinstance(error, TokenDecryptionError):
        return UpstreamFailure("token_unreadable", _say("token_unreadable"))
    if isinstance(error, errors.ChannelsAPIError):
        return UpstreamFailure(
            "upstream_error",
            _say("error_status", status=status) if status else _say("error"),
            status,
        )
    return UpstreamFailure("unexpected", _say("unexpected"))


def lost_answer(failure: UpstreamFailure) -> Said:
    """The first half of a sentence about an answer that did not come back."""
    if failure.kind == "timeout":
        return _say("lost_timeout")
    if failure.kind == "unreachable":
        return _say("lost_connection")
    if failure.kind == "malformed":
        return _say("lost_unreadable")
    return _say("lost_failed", status=failure.status)


def describe_write(
    state: str,
    failure: UpstreamFailure | None,
    what: str | None,
    *,
    not_seen_yet: bool = False,
    sent: bool = False,
    may_have_happened: str | None = None,
) -> str:
    """Words for how a write ended (``state`` is a ``writes.WriteState`` value), "" for a yes.

    A refusal, a rate limit or CM.com being unavailable says ``describe_failure``'s words; a
    lost answer says what the check found (``what`` names the thing written; "the change"
    when it is None or empty), and whether to send it again. ``may_have_happened`` replaces
    those words for a write that may have been carried out although nobody can tell (a code
    that may be on its way): after a lost answer it ends the sentence, after a failure of a
    call that was ``sent`` it follows the words.
    The words are a ``Said`` (``what`` and ``may_have_happened`` are nested as their parts
    when they are one too, else kept as given).
    """
    if state == "done" or failure is None:
        return ""
    if state in ("refused", "rate_limited", "unavailable"):
        if sent and may_have_happened:
            return _say(
                "may_have_happened", message=failure.message, may_have_happened=may_have_happened
            )
        return failure.message
    lost = lost_answer(failure)
    if may_have_happened and state != "not_done":
        return _say("lost_may_have_happened", lost=lost, may_have_happened=may_have_happened)
    what = what or _say("the_change")
    if not_seen_yet:
        return _say("not_seen_yet", lost=lost, what=what)
    if state == "done_after_check":
        return _say("saved_after_check", lost=lost, what=what)
    if state == "not_done":
        return _say("not_saved", lost=lost, what=what)
    return _say("unchecked", lost=lost, what=what)
