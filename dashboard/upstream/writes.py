"""Writes: the one way the dashboard sends anything that changes CM.com (POST, PUT, DELETE).

A write is sent once; when its answer is lost (timeout, 5xx, unreadable) a read (``verify``)
finds out what happened before the person is offered to send it again. A call the client
repeats safely itself (a PUT, a DELETE, a dry run: ``repeatable=True``) is not checked: when
the client gives up, CM.com is unavailable for now. Nothing raises for CM.com or the stored
token: the ``WriteResult`` says what happened::

    result = upstream.write(
        account,
        lambda client: client.configuration.add_webhook(...),
        verify=lambda client: find_webhook(client, url),
        what="the webhook",
        invalidates=("channels",),
        audit=upstream.AuditRecord(actor=user, action="webhook.add", target=..., sent={...}),
    )
    result.ok, result.may_resend, result.message

The audit entry goes through ``hooks.record_write``: the audit app registers its recorder.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from channels_api import errors
from channels_api.client import ChannelsClient
from dashboard.accounts.crypto import TokenDecryptionError
from dashboard.accounts.models import CMAccount
from dashboard.upstream import hooks
from dashboard.upstream.breaker import CircuitOpen
from dashboard.upstream.clients import client_for
from dashboard.upstream.reads import invalidate
from dashboard.upstream.wording import UpstreamFailure, describe_failure, describe_write

logger = logging.getLogger(__name__)

T = TypeVar("T")


class WriteState(enum.StrEnum):
    """How a write ended, as far as the dashboard could find out."""

    DONE = "done"
    """CM.com said yes."""
    DONE_AFTER_CHECK = "done_after_check"
    """The answer was lost (timeout, 5xx, unreadable), and a read shows the write happened."""
    NOT_DONE = "not_done"
    """The answer was lost, and a read shows the write did not happen: it may be sent again."""
    UNKNOWN = "unknown"
    """The answer was lost and the read failed too (or there is none, or a timed-out write is
    not visible yet and may still be on its way): look before resending."""
    REFUSED = "refused"
    """CM.com answered no (a 4xx): nothing happened; fix the input. ``message`` has CM.com's
    words (``failure.said`` alone, for a 400 or 409)."""
    RATE_LIMITED = "rate_limited"
    """CM.com said "too many requests" (or the dashboard holds back until its Retry-After
    ends): nothing happened; it may be sent again at ``retry_at``."""
    UNAVAILABLE = "unavailable"
    """CM.com could not be asked or did not answer a call the client repeats by itself: the
    breaker is open, the token cannot be read, or CM.com is down. It may be sent again."""


# A lost answer: the request may or may not have been carried out.
_UNCERTAIN = (errors.TransportError, errors.UpstreamError, errors.MalformedResponse)
# Seconds to wait after a timed-out write before checking what happened.
CHECK_DELAY_AFTER_TIMEOUT = 1.0
# The answers after which a write surely changed nothing: the cache stays.
_NOTHING_CHANGED = (WriteState.NOT_DONE, WriteState.REFUSED, WriteState.RATE_LIMITED)


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


@dataclass(frozen=True)
class AuditRecord:
    """The audit entry of one write, handed to ``write`` as a value; the outcome, the status
    and the words are added from the result.

    ``after(value)`` is recorded in ``sent["after"]`` as the state the write left (CM.com's
    answer, or what the check found) when it happened; ``status`` (the documented success
    status: the client returns models, so the caller knows "201 Created") and ``describe``
    (words of the value) replace the first status and the words when CM.com said yes at once.
    """

    actor: Any
    action: str
    target: str = ""
    sent: Mapping[str, Any] | None = None
    after: Callable[[Any], Any] | None = None
    status: int | None = None
    describe: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class WriteResult(Generic[T]):
    """What ``write`` found: the state, the answer (or what the check found), and words."""

    state: WriteState
    value: T | Any = None
    failure: UpstreamFailure | None = None
    message: str = ""
    status: int | None = None
    """The HTTP status of the first answer, when there was one (for the audit trail)."""
    answered: bool = False
    """Whether CM.com answered with an error status (a 4xx or 5xx), not silence or nothing."""

    @property
    def ok(self) -> bool:
        """Whether the write happened (said so, or found by the check)."""
        return self.state in (WriteState.DONE, WriteState.DONE_AFTER_CHECK)

    @property
    def answer_lost(self) -> bool:
        """Whether the answer was lost and ``message`` says what the check found."""
        return self.state in (WriteState.DONE_AFTER_CHECK, WriteState.NOT_DONE, WriteState.UNKNOWN)

    @property
    def may_resend(self) -> bool:
        """Whether the page may offer to send it again: only when it surely did not happen, or
        sending it again is harmless."""
        return self.state in (
            WriteState.NOT_DONE,
            WriteState.REFUSED,
            WriteState.RATE_LIMITED,
            WriteState.UNAVAILABLE,
        )

    @property
    def retry_at(self) -> datetime | None:
        """When a rate-limited write may be sent again (None for any other state)."""
        if self.state != WriteState.RATE_LIMITED or self.failure is None:
            return None
        return self.failure.retry_at

    @property
    def audit_outcome(self) -> str:
        """``ok``, ``refused`` (CM.com said no, with a status) or ``failed`` for the trail."""
        if self.ok:
            return "ok"
        if self.state == WriteState.REFUSED or (self.answered and not self.answer_lost):
            return "refused"
        return "failed"


def write(
    account: CMAccount,
    fn: Callable[[ChannelsClient], T],
    *,
    verify: Callable[[ChannelsClient], Any] | None = None,
    what: str | None = None,
    invalidates: Iterable[str] = (),
    audit: AuditRecord | None = None,
    repeatable: bool = False,
    may_have_happened: str | None = None,
) -> WriteResult[T]:
    """Send one write (``fn(client)``) once; when its answer is lost, check with one read.

    ``verify(client)`` is a fresh read that returns what the write made (the new item, the new
    state) when it happened, or None when it did not; it runs only after a timeout, a lost
    connection, a 5xx or an unreadable answer, and is not stopped by the breaker, because
    knowing is worth one read. After a timeout it waits ``CHECK_DELAY_AFTER_TIMEOUT`` first,
    and a write it then does not see is UNKNOWN, not NOT_DONE: CM.com may still be carrying it
    out, and sending it again could make two. Never raises for CM.com or the token: the
    result's ``message`` says what happened in words and ``may_resend`` whether the page may
    offer to send it again.

    ``what`` names the thing written in those words (a ``Said`` of the caller's wording, so
    who reads a stored outcome reads it in their language); None says "the change".

    ``repeatable``: the client repeats this call itself when it fails (a PUT, a DELETE, a dry
    run), so a failure it gave up on is UNAVAILABLE (or RATE_LIMITED), not a write to check,
    and its cache prefixes are dropped whenever it was sent. ``may_have_happened`` replaces the
    words of a lost answer that may have been carried out (see ``describe_write``).
    ``invalidates`` names cache prefixes to drop when the write may have changed something.
    ``audit`` records one audit entry with the outcome, the first status and the words.
    """
    state, value, failure, error = _send_once(account, fn, repeatable=repeatable)
    not_seen_yet = False
    if state is None and verify is not None:
        # After a timeout CM.com may still be working on it: give it a moment, and even then
        # "not there" only means "not there yet", which is no reason to send it twice.
        timed_out = isinstance(error, errors.Timeout)
        if timed_out:
            _sleep(CHECK_DELAY_AFTER_TIMEOUT)
        state, value = _check(account, verify)
        if timed_out and state == WriteState.NOT_DONE:
            state, not_seen_yet = WriteState.UNKNOWN, True
    elif state is None:
        state = WriteState.UNKNOWN
    # A repeatable call the client gave up on may still have reached CM.com.
    sent = isinstance(error, errors.TransportError | errors.UpstreamError)
    message = describe_write(
        state,
        failure,
        what,
        not_seen_yet=not_seen_yet,
        sent=sent,
        may_have_happened=may_have_happened,
    )
    status = getattr(error, "status", None) if isinstance(error, errors.ChannelsAPIError) else None
    answered = isinstance(error, errors.HTTPStatusError)
    result: WriteResult[T] = WriteResult(state, value, failure, message, status, answered)
    # A call the client repeats may have been carried out by any of its tries, even one that
    # ended in a refusal: its reads are dropped whenever it reached CM.com.
    nothing_sent = isinstance(error, TokenDecryptionError | CircuitOpen)
    may_have_changed = repeatable or state not in _NOTHING_CHANGED
    if may_have_changed and not nothing_sent:
        for prefix in invalidates:
            invalidate(account, prefix)
    if audit is not None:
        _audit_write(account, result, audit, error, repeatable=repeatable)
    return result


def _send_once(
    account: CMAccount, fn: Callable[[ChannelsClient], T], *, repeatable: bool
) -> tuple[WriteState | None, Any, UpstreamFailure | None, BaseException | None]:
    """(state or None when the answer was lost, value, failure, error)."""
    try:
        with client_for(account) as client:
            return WriteState.DONE, fn(client), None, None
    except TokenDecryptionError as error:
        return WriteState.UNAVAILABLE, None, describe_failure(error), error
    except CircuitOpen as error:
        held = error.reason == "rate_limited"
        state = WriteState.RATE_LIMITED if held else WriteState.UNAVAILABLE
        return state, None, describe_failure(error), error
    except errors.RateLimited as error:
        return WriteState.RATE_LIMITED, None, describe_failure(error), error
    except _UNCERTAIN as error:
        if repeatable:
            return WriteState.UNAVAILABLE, None, describe_failure(error), error
        logger.warning("upstream write for account %s lost its answer: %r", account.pk, error)
        return None, None, describe_failure(error), error
    except errors.ChannelsAPIError as error:
        return WriteState.REFUSED, None, describe_failure(error), error


def _check(account: CMAccount, verify: Callable[[ChannelsClient], Any]) -> tuple[WriteState, Any]:
    try:
        with client_for(account, blocking=False) as client:
            found = verify(client)
    except (errors.ChannelsAPIError, TokenDecryptionError) as error:
        logger.warning("checking a lost write for account %s failed: %r", account.pk, error)
        return WriteState.UNKNOWN, None
    if found is None or found is False:
        return WriteState.NOT_DONE, None
    return WriteState.DONE_AFTER_CHECK, found


def _audit_write(
    account: CMAccount,
    result: WriteResult[Any],
    record: AuditRecord,
    error: BaseException | None,
    *,
    repeatable: bool,
) -> None:
    message = result.message
    said_no = result.state == WriteState.REFUSED or result.answered or repeatable
    if isinstance(error, errors.ChannelsAPIError) and said_no and not result.answer_lost:
        # What CM.com (or the client) said, as it said it: the trail is for investigating.
        message = error.message
    sent, status = record.sent, result.status
    if result.ok and record.after is not None:
        # The state the write left: CM.com's answer, or what the check found.
        sent = {**(sent or {}), "after": record.after(result.value)}
    if result.state == WriteState.DONE:
        # The client returns models, not statuses: the caller knows what "yes" is.
        status = record.status if record.status is not None else status
        if record.describe is not None:
            message = record.describe(result.value)
    hooks.record_write(
        actor=record.actor,
        account=account,
        action=str(record.action),
        target=str(record.target),
        sent=sent,
        outcome=result.audit_outcome,
        upstream_status=status,
        message=message,
    )
