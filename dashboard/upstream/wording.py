"""Failures in words: what went wrong talking to CM.com and what to do about it.

``describe_failure`` is the one place those words are written (``describe_write`` for how a
write ended); an ``UpstreamFailure`` never
contains the product token.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from channels_api import errors
from dashboard.accounts.crypto import TokenDecryptionError
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


def _try_again_at(moment: datetime) -> str:
    # Round up to the next minute so "try again at 14:05" is never too early.
    shown = timezone.localtime(moment + timedelta(seconds=59)).replace(second=0)
    return time_format(shown, "H:i")


def describe_failure(error: BaseException) -> UpstreamFailure:
    """Words for what went wrong talking to CM.com and what to do about it."""
    status = getattr(error, "status", None)
    if isinstance(error, errors.Timeout):
        return UpstreamFailure(
            "timeout", _("CM.com did not answer in time — try again in a minute.")
        )
    if isinstance(error, errors.TransportError):
        return UpstreamFailure(
            "unreachable",
            _(
                "CM.com could not be reached — try again in a minute; if it lasts, an admin should "
                "check the account's API base URL."
            ),
        )
    if isinstance(error, errors.Unauthorized):
        return UpstreamFailure(
            "token_refused",
            _("CM.com refused this account's product token — an admin should update it."),
            status,
        )
    if isinstance(error, errors.Forbidden):
        return UpstreamFailure(
            "forbidden",
            _(
                "CM.com refused this account's product token for this account — an admin should "
                "check the account id and token."
            ),
            status,
        )
    if isinstance(error, errors.NotFound):
        return UpstreamFailure(
            "not_found",
            _(
                "CM.com has no such item any more (it may have been deleted) — reload the list; "
                "if a whole list is missing, an admin should check the account id."
            ),
            status,
        )
    if isinstance(error, CircuitOpen):
        if error.reason == "rate_limited":
            return UpstreamFailure(
                "rate_limited",
                _("Too many requests to CM.com — try again at %(try_again_at)s.")
                % {"try_again_at": _try_again_at(error.until)},
                None,
                error.until,
            )
        return UpstreamFailure(
            "paused",
            _(
                "CM.com failed %(failures)s times in a row for this account, so the dashboard "
                "has stopped asking it for a moment — try again at %(try_again_at)s."
            )
            % {
                "failures": settings.UPSTREAM_BREAKER_FAILURES,
                "try_again_at": _try_again_at(error.until),
            },
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
            _("Too many requests to CM.com — try again at %(try_again_at)s.")
            % {"try_again_at": _try_again_at(retry_at)},
            status,
            retry_at,
        )
    if isinstance(error, errors.UpstreamError):
        return UpstreamFailure(
            "upstream_error",
            _("CM.com failed on its side (status %(status)s) — try again in a few minutes.")
            % {"status": status},
            status,
        )
    if isinstance(error, errors.MalformedResponse):
        return UpstreamFailure(
            "malformed",
            _(
                "CM.com sent an answer the dashboard could not read — try again later; if it "
                "lasts, tell the developers."
            ),
            status,
        )
    if isinstance(error, errors.BadRequest):
        return UpstreamFailure(
            "bad_request",
            _("CM.com refused the request: %(message)s") % {"message": error.message},
            status,
            said=error.message,
        )
    if isinstance(error, errors.Conflict):
        return UpstreamFailure(
            "conflict",
            _("CM.com said this conflicts: %(message)s") % {"message": error.message},
            status,
            said=error.message,
        )
    if isinstance(error, TokenDecryptionError):
        return UpstreamFailure(
            "token_unreadable",
            _(
                "This account's product token cannot be decrypted with the configured keys — an "
                "admin should set the token again."
            ),
        )
    if isinstance(error, errors.ChannelsAPIError):
        return UpstreamFailure(
            "upstream_error",
            (
                _("CM.com answered with an error (status %(status)s) — try again later.")
                % {"status": status}
                if status
                else _("CM.com answered with an error — try again later.")
            ),
            status,
        )
    return UpstreamFailure(
        "unexpected", _("Something went wrong loading this — the error was logged; try again.")
    )


def lost_answer(failure: UpstreamFailure) -> str:
    """The first half of a sentence about an answer that did not come back."""
    if failure.kind == "timeout":
        return _("CM.com did not answer in time")
    if failure.kind == "unreachable":
        return _("The connection to CM.com failed")
    if failure.kind == "malformed":
        return _("CM.com's answer could not be read")
    return _("CM.com failed on its side (status %(status)s)") % {"status": failure.status}


def describe_write(
    state: str,
    failure: UpstreamFailure | None,
    what: str,
    *,
    not_seen_yet: bool = False,
    sent: bool = False,
    may_have_happened: str | None = None,
) -> str:
    """Words for how a write ended (``state`` is a ``writes.WriteState`` value), "" for a yes.

    A refusal, a rate limit or CM.com being unavailable says ``describe_failure``'s words; a
    lost answer says what the check found (``what`` names the thing written), and whether to
    send it again. ``may_have_happened`` replaces those words for a write that may have been
    carried out although nobody can tell (a code that may be on its way): after a lost answer
    it ends the sentence, after a failure of a call that was ``sent`` it follows the words.
    """
    if state == "done" or failure is None:
        return ""
    if state in ("refused", "rate_limited", "unavailable"):
        if sent and may_have_happened:
            return _("%(message)s %(may_have_happened)s") % {
                "message": failure.message,
                "may_have_happened": may_have_happened,
            }
        return failure.message
    lost = lost_answer(failure)
    if may_have_happened and state != "not_done":
        return _("%(lost)s, %(may_have_happened)s") % {
            "lost": lost,
            "may_have_happened": may_have_happened,
        }
    if not_seen_yet:
        return _(
            "%(lost)s, and a check does not show %(what)s yet — CM.com may still be working on "
            "it; look again in a minute before sending it again."
        ) % {"lost": lost, "what": what}
    if state == "done_after_check":
        return _("%(lost)s, but a check shows %(what)s was saved.") % {"lost": lost, "what": what}
    if state == "not_done":
        return _("%(lost)s, and a check shows %(what)s was not saved — you can send it again.") % {
            "lost": lost,
            "what": what,
        }
    return _(
        "%(lost)s, and the dashboard could not check whether %(what)s was saved — look before "
        "sending it again."
    ) % {"lost": lost, "what": what}
