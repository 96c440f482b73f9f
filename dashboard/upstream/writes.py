"""Writes: sent once, and when the answer is lost (timeout, 5xx, unreadable) a read (``verify``)
finds out what happened before the person is offered to send it again::

    result = upstream.write(account, lambda client: client.configuration.add_webhook(...),
                            verify=lambda client: find_webhook(client, url), what="the webhook",
                            invalidates=("channels",), audit={"actor": user, "action": ...})
    result.ok, result.may_resend, result.message

The audit entry goes through ``hooks.record_write``: the audit app registers its recorder.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from channels_api import errors
from channels_api.client import ChannelsClient
from dashboard.accounts.crypto import TokenDecryptionError
from dashboard.accounts.models import CMAccount
from dashboard.upstream import hooks
from dashboard.upstream.breaker import CircuitOpen
from dashboard.upstream.clients import client_for
from dashboard.upstream.reads import invalidate
from dashboard.upstream.wording import UpstreamFailure, describe_failure, lost_answer

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
    """CM.com answered no (a 4xx, or 429): nothing happened; fix the input or wait."""
    NOT_SENT = "not_sent"
    """Nothing was sent (the breaker is open, the token cannot be read)."""


# A lost answer: the request may or may not have been carried out.
_UNCERTAIN = (errors.TransportError, errors.UpstreamError, errors.MalformedResponse)
# Seconds to wait after a timed-out write before checking what happened.
CHECK_DELAY_AFTER_TIMEOUT = 1.0


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


@dataclass(frozen=True)
class WriteResult(Generic[T]):
    """What ``write`` found: the state, the answer (or what the check found), and words."""

    state: WriteState
    value: T | Any = None
    failure: UpstreamFailure | None = None
    message: str = ""
    status: int | None = None
    """The HTTP status of the first answer, when there was one (for the audit trail)."""

    @property
    def ok(self) -> bool:
        """Whether the write happened (said so, or found by the check)."""
        return self.state in (WriteState.DONE, WriteState.DONE_AFTER_CHECK)

    @property
    def may_resend(self) -> bool:
        """Whether the page may offer to send it again: only when it surely did not happen."""
        return self.state in (WriteState.NOT_DONE, WriteState.REFUSED, WriteState.NOT_SENT)

    @property
    def audit_outcome(self) -> str:
        """``ok``, ``refused`` (CM.com said no) or ``failed`` for the audit trail."""
        if self.ok:
            return "ok"
        return "refused" if self.state == WriteState.REFUSED else "failed"


def write(
    account: CMAccount,
    fn: Callable[[ChannelsClient], T],
    *,
    verify: Callable[[ChannelsClient], Any] | None = None,
    what: str = "the change",
    invalidates: Iterable[str] = (),
    audit: Mapping[str, Any] | None = None,
) -> WriteResult[T]:
    """Send one write (``fn(client)``) once; when its answer is lost, check with one read.

    ``verify(client)`` is a fresh read that returns what the write made (the new item, the new
    state) when it happened, or None when it did not; it runs only after a timeout, a lost
    connection, a 5xx or an unreadable answer, and is not stopped by the breaker, because
    knowing is worth one read. After a timeout it waits ``CHECK_DELAY_AFTER_TIMEOUT`` first,
    and a write it then does not see is UNKNOWN, not NOT_DONE: CM.com may still be carrying it
    out, and sending it again could make two. Never raises for CM.com: the result's
    ``message`` says what happened in words and ``may_resend`` whether the page may offer to
    send it again.

    ``invalidates`` names cache prefixes to drop when the write may have changed something.
    ``audit`` (``actor``, ``action``, ``target``, ``sent``) records one audit entry with the
    outcome, the first status and the words. Optional keys: ``after`` (a function of the value:
    the state the write left, recorded in ``sent["after"]`` when it happened), ``status`` (the
    documented success status, recorded when CM.com said yes) and ``describe`` (a function of
    the value: the words recorded when CM.com said yes).
    """
    state, value, failure, status, error = _send_once(account, fn)
    not_seen_yet = False
    if state is None and failure is not None and verify is not None:
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
    message = _write_message(state, failure, what, not_seen_yet=not_seen_yet)
    result: WriteResult[T] = WriteResult(state, value, failure, message, status)
    if state in (WriteState.DONE, WriteState.DONE_AFTER_CHECK, WriteState.UNKNOWN):
        for prefix in invalidates:
            invalidate(account, prefix)
    if audit is not None:
        _audit_write(account, result, audit, error)
    return result


def audited_write(
    *,
    actor: Any,
    account: CMAccount,
    action: str,
    target: str,
    sent: Mapping[str, Any],
    call: Callable[[ChannelsClient], T],
    verify: Callable[[ChannelsClient], Any],
    what: str,
    invalidates: Iterable[str],
    after: Callable[[T], Any] | None = None,
    status: int | None = None,
    describe: Callable[[T], str] | None = None,
) -> WriteResult[T]:
    """``write`` with its audit entry as keywords, as the apps' services call it.

    ``after(value)`` is recorded as the state the write left (CM.com's answer, or what the
    check found); ``status`` and ``describe(value)`` replace the first status and the words
    when CM.com said yes at once (the client returns models, so the caller knows "201 Created").
    """
    details: dict[str, Any] = {"actor": actor, "action": action, "target": target, "sent": sent}
    optional = {"after": after, "status": status, "describe": describe}
    details.update({key: value for key, value in optional.items() if value is not None})
    return write(account, call, verify=verify, what=what, invalidates=invalidates, audit=details)


def _send_once(
    account: CMAccount, fn: Callable[[ChannelsClient], T]
) -> tuple[WriteState | None, Any, UpstreamFailure | None, int | None, BaseException | None]:
    """(state or None when the answer was lost, value, failure, status, error)."""
    try:
        with client_for(account) as client:
            return WriteState.DONE, fn(client), None, None, None
    except TokenDecryptionError as error:
        return WriteState.NOT_SENT, None, describe_failure(error), None, error
    except CircuitOpen as error:
        return WriteState.NOT_SENT, None, describe_failure(error), None, error
    except _UNCERTAIN as error:
        logger.warning("upstream write for account %s lost its answer: %r", account.pk, error)
        return None, None, describe_failure(error), error.status, error
    except errors.ChannelsAPIError as error:
        return WriteState.REFUSED, None, describe_failure(error), error.status, error


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


def _write_message(
    state: WriteState, failure: UpstreamFailure | None, what: str, *, not_seen_yet: bool = False
) -> str:
    if state == WriteState.DONE or failure is None:
        return ""
    if state in (WriteState.REFUSED, WriteState.NOT_SENT):
        return failure.message
    lost = lost_answer(failure)
    if not_seen_yet:
        return (
            f"{lost}, and a check does not show {what} yet — CM.com may still be working on "
            "it; look again in a minute before sending it again."
        )
    if state == WriteState.DONE_AFTER_CHECK:
        return f"{lost}, but a check shows {what} was saved."
    if state == WriteState.NOT_DONE:
        return f"{lost}, and a check shows {what} was not saved — you can send it again."
    return (
        f"{lost}, and the dashboard could not check whether {what} was saved — look before "
        "sending it again."
    )


def _audit_write(
    account: CMAccount,
    result: WriteResult[Any],
    details: Mapping[str, Any],
    error: BaseException | None,
) -> None:
    message = result.message
    if result.state == WriteState.REFUSED and isinstance(error, errors.ChannelsAPIError):
        message = error.message
    sent, status = details.get("sent"), result.status
    after, describe = details.get("after"), details.get("describe")
    if result.ok and callable(after):
        # The state the write left: CM.com's answer, or what the check found.
        sent = {**(sent or {}), "after": after(result.value)}
    if result.state == WriteState.DONE:
        # The client returns models, not statuses: the caller knows what "yes" is.
        status = details.get("status", status)
        if callable(describe):
            message = describe(result.value)
    hooks.record_write(
        actor=details.get("actor"),
        account=account,
        action=str(details["action"]),
        target=str(details.get("target", "")),
        sent=sent,
        outcome=result.audit_outcome,
        upstream_status=status,
        message=message,
    )
