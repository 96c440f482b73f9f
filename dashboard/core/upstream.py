"""Reading from CM.com for a page: the client factory, a per-account cache, concurrent parts.

    from dashboard.core import upstream

    channels = upstream.fetch(account, "channels", lambda c: c.channels.list())  # may raise
    parts = upstream.fetch_many(account, {
        "channels": lambda c: c.channels.list(),
        "channels.requests": lambda c: c.channels.list_requests(),
    })                                  # never raises: each value is a result or UpstreamFailure
    upstream.invalidate(account, "channels")  # after a write: drops channels and channels.*

Cache keys are dotted names (``templates.<request id>``); ``invalidate(account, "templates")``
drops that key and every key under it, by bumping a generation kept in the cache, so it works
the same on local memory and on Redis. Repeat views within ``UPSTREAM_CACHE_SECONDS`` make no
upstream call, and concurrent reads of one key in a process make one call (single flight).

Failures become ``UpstreamFailure``: a message in words (what failed, what to do) that never
contains the product token; ``describe_failure`` is the one place those words are written.

A circuit breaker per account guards every call made through ``client_for`` (reads, writes, the
poller): after ``UPSTREAM_BREAKER_FAILURES`` consecutive failures (timeouts, unreachable, 5xx,
429, unreadable answers; other 4xx answers do not count) the account's calls stop for
``UPSTREAM_BREAKER_SECONDS`` and raise ``CircuitOpen`` at once, without a request; a
Retry-After that CM.com asks for holds that same call (method and path) until then. The state
lives in the Django cache, so every process sees it; one success closes the breaker.

Writes go through ``write``: sent once, and when the answer is lost (timeout, 5xx, unreadable)
a read (``verify``) finds out what happened before the person is offered to send it again::

    result = upstream.write(account, lambda c: c.configuration.add_webhook(...),
                            verify=lambda c: find_webhook(c, url), what="the webhook",
                            invalidates=("channels",), audit={"actor": user, "action": ...})
    result.ok, result.may_resend, result.message
"""

from __future__ import annotations

import enum
import logging
import math
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import time_format

from channels_api import errors
from channels_api.client import ChannelsClient, new_session
from dashboard.accounts.crypto import TokenDecryptionError
from dashboard.accounts.models import CMAccount

if TYPE_CHECKING:
    from requests import Session

logger = logging.getLogger(__name__)

T = TypeVar("T")
Call = Callable[[ChannelsClient], Any]

# Threads shared by every page of the process for its concurrent reads (a page makes at
# most a handful at once; more waiting pages queue rather than start threads).
_POOL_WORKERS = 16
# When CM.com says "too many requests" without saying for how long.
_DEFAULT_RETRY_AFTER = 60.0
# The longest wait shown as "try again at"; a longer Retry-After is nonsense to pass on.
_MAX_RETRY_AFTER = 86_400.0


class CircuitOpen(errors.ChannelsAPIError):
    """The dashboard is not calling CM.com for this account until ``until``; nothing was sent.

    ``reason`` is ``"failures"`` (too many consecutive failures) or ``"rate_limited"`` (CM.com
    asked to wait with a Retry-After).
    """

    def __init__(self, *, until: datetime, reason: str, method: str = "", path: str = "") -> None:
        super().__init__("calls to CM.com are paused for this account", method=method, path=path)
        self.until = until
        self.reason = reason


@dataclass(frozen=True)
class UpstreamFailure:
    """Why a part could not be loaded, in words a person can act on."""

    kind: str
    """timeout, unreachable, token_refused, forbidden, not_found, rate_limited, paused,
    upstream_error, malformed, bad_request, conflict, token_unreadable or unexpected."""
    message: str
    status: int | None = None
    retry_at: datetime | None = None
    # Lets a template tell a failure from a result: ``{% if part.is_failure %}``.
    is_failure: ClassVar[bool] = True

    def __str__(self) -> str:
        return self.message


def client_for(
    account: CMAccount, *, timeout: float | None = None, blocking: bool = True
) -> ChannelsClient:
    """A client for this account, with its token decrypted only to hand it to the client.

    Every call it makes goes through the account's circuit breaker; ``blocking=False`` still
    reports to the breaker but is not stopped by it (``write`` uses it for the one read that
    finds out whether a lost write happened). Raises TokenDecryptionError when the stored
    token cannot be read with the current keys.
    """
    return ChannelsClient(
        account_id=str(account.account_id),
        product_token=account.token.reveal(),
        base_url=account.base_url,
        timeout=float(timeout or settings.UPSTREAM_TIMEOUT_SECONDS),
        guard=Breaker(account.pk, blocking=blocking),
        session=_thread_session(),
    )


_sessions = threading.local()


def _thread_session() -> Session:
    """This thread's pooled session, kept between calls so a page's reads reuse open (TLS)
    connections to CM.com instead of paying a handshake each; one per thread, because a
    requests Session is not promised to be safe across threads. It sends no token itself."""
    session = getattr(_sessions, "session", None)
    if session is None:
        session = _sessions.session = new_session()
    return session


# --- circuit breaker -------------------------------------------------------------------------


def _now() -> float:
    """Seconds since the epoch (a function, so tests can move time)."""
    return time.time()


def _breaker_key(account_pk: int | None, part: str) -> str:
    return f"upstream-breaker:{account_pk}:{part}"


def counts_against_breaker(error: BaseException) -> bool:
    """Whether a failed call says CM.com is in trouble: no answer, 5xx, 429, unreadable answer.

    A 4xx other than 429 is an answer about the request (bad input, unknown id, refused
    token): CM.com is working, so it does not count.
    """
    if isinstance(error, CircuitOpen):
        return False
    if isinstance(error, errors.RateLimited | errors.UpstreamError):
        return True
    if isinstance(error, errors.HTTPStatusError):
        return False
    return isinstance(error, errors.TransportError | errors.MalformedResponse)


class Breaker:
    """The circuit breaker of one account, as a ``CallGuard`` for its client.

    State lives in the Django cache (shared by every process): ``failures`` counts consecutive
    failures, ``open`` holds ``{"until": epoch seconds}`` while calls are stopped after them,
    and ``holds`` maps "METHOD path" to when a Retry-After of CM.com ends for that call (a
    success elsewhere does not lift it). The
    failure count survives the pause, so after it the first call is a trial: one more failure
    opens the breaker again at once, one success closes it. A broken cache must not stop the
    dashboard, so cache errors are logged and the breaker then lets calls through.
    """

    def __init__(self, account_pk: int | None, *, blocking: bool = True) -> None:
        self.account_pk = account_pk
        self.blocking = blocking

    def open_until(self, method: str = "", path: str = "") -> tuple[float, str] | None:
        """(until, reason) while this call would be stopped, else None.

        ``reason`` is ``failures`` (the account's breaker is open) or ``rate_limited`` (CM.com
        asked, with a Retry-After, to wait before this method and path again).
        """
        open_key, holds_key = self._key("open"), self._key("holds")
        try:
            found = cache.get_many([open_key, holds_key])
        except Exception:
            logger.exception("circuit breaker state for account %s unreadable", self.account_pk)
            return None
        now = _now()
        active = []
        state = found.get(open_key)
        if isinstance(state, dict) and float(state.get("until", 0)) > now:
            active.append((float(state["until"]), "failures"))
        holds = found.get(holds_key)
        if path and isinstance(holds, dict):
            until = float(holds.get(_call_name(method, path), 0))
            if until > now:
                active.append((until, "rate_limited"))
        return max(active) if active else None

    def before(self, method: str, path: str) -> None:
        """Stop the call at once while the breaker is open (or CM.com asked to wait)."""
        if not self.blocking:
            return
        state = self.open_until(method, path)
        if state is not None:
            until, reason = state
            raise CircuitOpen(
                until=datetime.fromtimestamp(until, tz=UTC), reason=reason, method=method, path=path
            )

    def after(self, method: str, path: str, error: errors.ChannelsAPIError | None) -> None:
        """Count a failure, or close the breaker on a success."""
        try:
            if error is None:
                # A success closes the breaker; a Retry-After CM.com asked for still holds.
                cache.delete_many([self._key("failures"), self._key("open")])
            elif counts_against_breaker(error):
                self._failed(error, method, path)
        except Exception:
            logger.exception("circuit breaker of account %s could not be updated", self.account_pk)

    def _key(self, part: str) -> str:
        return _breaker_key(self.account_pk, part)

    def _failed(self, error: errors.ChannelsAPIError, method: str, path: str) -> None:
        pause = float(settings.UPSTREAM_BREAKER_SECONDS)
        failures_key = self._key("failures")
        # Forget failures nobody followed up for a long while: they are not "in a row" any more.
        memory = int(max(pause * 10, 600))
        retry_after = getattr(error, "retry_after", None)
        if isinstance(error, errors.RateLimited) and retry_after:
            # First: whatever happens to the count, CM.com's "wait" for this call must hold.
            self._hold(method, path, min(float(retry_after), _MAX_RETRY_AFTER))
        cache.add(failures_key, 0, memory)
        try:
            failures = cache.incr(failures_key)
        except ValueError:
            # A page's parts run at once: another part's success may have reset the count
            # between add and incr. Then this failure is the first in a row.
            cache.set(failures_key, 1, memory)
            failures = 1
        cache.touch(failures_key, memory)
        if failures >= int(settings.UPSTREAM_BREAKER_FAILURES):
            logger.warning(
                "CM.com failed %d times in a row for account %s: pausing its calls for %g s",
                failures,
                self.account_pk,
                pause,
            )
            self._open(pause)

    def _open(self, seconds: float) -> None:
        key = self._key("open")
        until = _now() + seconds
        current = cache.get(key)
        if isinstance(current, dict) and float(current.get("until", 0)) >= until:
            return  # already paused for longer
        # The cache entry outlives "until" a little; "until" itself decides.
        cache.set(key, {"until": until}, int(seconds) + 5)

    def _hold(self, method: str, path: str, seconds: float) -> None:
        """Remember not to repeat this call before CM.com's Retry-After has passed.

        Per method and path: a 429 on one list says nothing of another, and a page's other
        parts (or the read after a refused write) still load. All holds of an account share one
        cache entry; two processes writing it at once may lose one hold, which only costs one
        more 429.
        """
        key = self._key("holds")
        now = _now()
        current = cache.get(key)
        holds = {
            name: until
            for name, until in (current.items() if isinstance(current, dict) else ())
            if float(until) > now
        }
        name = _call_name(method, path)
        holds[name] = max(now + seconds, float(holds.get(name, 0)))
        cache.set(key, holds, int(max(holds.values()) - now) + 5)


def _call_name(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def breaker_open_until(account: CMAccount) -> datetime | None:
    """When this account's calls start again, while its breaker is open; else None."""
    state = Breaker(account.pk).open_until()
    return None if state is None else datetime.fromtimestamp(state[0], tz=UTC)


def reset_breaker(account: CMAccount) -> None:
    """Close the account's breaker (after an admin changed its token or base URL)."""
    reset_breaker_of(account.pk)


def reset_breaker_of(account_pk: int | None) -> None:
    """Close the breaker of the account with this primary key."""
    cache.delete_many([_breaker_key(account_pk, part) for part in ("failures", "open", "holds")])


def _try_again_at(moment: datetime) -> str:
    # Round up to the next minute so "try again at 14:05" is never too early.
    shown = timezone.localtime(moment + timedelta(seconds=59)).replace(second=0)
    return time_format(shown, "H:i")


def describe_failure(error: BaseException) -> UpstreamFailure:
    """Words for what went wrong talking to CM.com and what to do about it."""
    status = getattr(error, "status", None)
    if isinstance(error, errors.Timeout):
        return UpstreamFailure("timeout", "CM.com did not answer in time — try again in a minute.")
    if isinstance(error, errors.TransportError):
        return UpstreamFailure(
            "unreachable",
            "CM.com could not be reached — try again in a minute; if it lasts, an admin should "
            "check the account's API base URL.",
        )
    if isinstance(error, errors.Unauthorized):
        return UpstreamFailure(
            "token_refused",
            "CM.com refused this account's product token — an admin should update it.",
            status,
        )
    if isinstance(error, errors.Forbidden):
        return UpstreamFailure(
            "forbidden",
            "CM.com refused this account's product token for this account — an admin should "
            "check the account id and token.",
            status,
        )
    if isinstance(error, errors.NotFound):
        return UpstreamFailure(
            "not_found",
            "CM.com has no such item any more (it may have been deleted) — reload the list; "
            "if a whole list is missing, an admin should check the account id.",
            status,
        )
    if isinstance(error, CircuitOpen):
        if error.reason == "rate_limited":
            return UpstreamFailure(
                "rate_limited",
                f"Too many requests to CM.com — try again at {_try_again_at(error.until)}.",
                None,
                error.until,
            )
        return UpstreamFailure(
            "paused",
            f"CM.com failed {settings.UPSTREAM_BREAKER_FAILURES} times in a row for this "
            "account, so the dashboard has stopped asking it for a moment — try again at "
            f"{_try_again_at(error.until)}.",
            None,
            error.until,
        )
    if isinstance(error, errors.RateLimited):
        wait = error.retry_after if error.retry_after is not None else _DEFAULT_RETRY_AFTER
        # A Retry-After of years would overflow the date and tells the person nothing.
        wait = float(wait) if math.isfinite(float(wait)) else _DEFAULT_RETRY_AFTER
        wait = min(max(wait, 0.0), _MAX_RETRY_AFTER)
        retry_at = timezone.now() + timedelta(seconds=wait)
        return UpstreamFailure(
            "rate_limited",
            f"Too many requests to CM.com — try again at {_try_again_at(retry_at)}.",
            status,
            retry_at,
        )
    if isinstance(error, errors.UpstreamError):
        return UpstreamFailure(
            "upstream_error",
            f"CM.com failed on its side (status {status}) — try again in a few minutes.",
            status,
        )
    if isinstance(error, errors.MalformedResponse):
        return UpstreamFailure(
            "malformed",
            "CM.com sent an answer the dashboard could not read — try again later; if it "
            "lasts, tell the developers.",
            status,
        )
    if isinstance(error, errors.BadRequest):
        return UpstreamFailure(
            "bad_request", f"CM.com refused the request: {error.message}", status
        )
    if isinstance(error, errors.Conflict):
        return UpstreamFailure("conflict", f"CM.com said this conflicts: {error.message}", status)
    if isinstance(error, TokenDecryptionError):
        return UpstreamFailure(
            "token_unreadable",
            "This account's product token cannot be decrypted with the configured keys — an "
            "admin should set the token again.",
        )
    if isinstance(error, errors.ChannelsAPIError):
        return UpstreamFailure(
            "upstream_error",
            f"CM.com answered with an error{f' (status {status})' if status else ''} — "
            "try again later.",
            status,
        )
    return UpstreamFailure(
        "unexpected", "Something went wrong loading this — the error was logged; try again."
    )


# --- cache -----------------------------------------------------------------------------------

_flight_guard = threading.Lock()
_flights: dict[str, threading.Lock] = {}


def _flight_lock(name: str) -> threading.Lock:
    with _flight_guard:
        return _flights.setdefault(name, threading.Lock())


def _prefixes(key: str) -> list[str]:
    """``a.b.c`` → ``["", "a", "a.b", "a.b.c"]``: every prefix whose invalidation drops key."""
    parts = key.split(".")
    return ["", *(".".join(parts[: i + 1]) for i in range(len(parts)))]


def _generation_key(account: CMAccount, prefix: str) -> str:
    return f"upstream-gen:{account.pk}:{prefix}"


def cache_key(account: CMAccount, key: str) -> str:
    """The cache key for ``key`` of this account, at the current generations."""
    return _full_key(account, key, cache.get_many(_generation_keys(account, key)))


def _generation_keys(account: CMAccount, key: str) -> list[str]:
    return [_generation_key(account, prefix) for prefix in _prefixes(key)]


def _full_key(account: CMAccount, key: str, generations: Mapping[str, Any]) -> str:
    """``key``'s cache key given the generations found (a missing one counts as 0)."""
    found = ".".join(str(generations.get(name, 0)) for name in _generation_keys(account, key))
    return f"upstream:{account.cache_version}:{found}:{key}"


def _ttl(ttl: int | None) -> int:
    return int(settings.UPSTREAM_CACHE_SECONDS if ttl is None else ttl)


def fetch(
    account: CMAccount, key: str, fn: Callable[[ChannelsClient], T], *, ttl: int | None = None
) -> T:
    """``fn(client)`` for this account, cached under ``key`` for ``ttl`` seconds.

    ``ttl`` defaults to UPSTREAM_CACHE_SECONDS; 0 does not cache. Raises the client's
    ``ChannelsAPIError`` (or TokenDecryptionError); failures are never cached. A page that
    should not fail whole uses ``fetch_many`` or ``fetch_or_failure``.
    """
    seconds = _ttl(ttl)
    if seconds <= 0:
        with client_for(account) as client:
            return fn(client)
    # One call per key at a time in this process: a second reader waits for the first's answer.
    with _flight_lock(f"{account.pk}:{key}"):
        full_key = cache_key(account, key)
        hit = cache.get(full_key)
        if hit is not None:
            return hit[0]
        with client_for(account) as client:
            value = fn(client)
        # Wrapped in a tuple so a None answer is cached too.
        cache.set(full_key, (value,), seconds)
        return value


def fetch_or_failure(
    account: CMAccount, key: str, fn: Callable[[ChannelsClient], T], *, ttl: int | None = None
) -> T | UpstreamFailure:
    """Like ``fetch`` but returns an UpstreamFailure instead of raising."""
    try:
        return fetch(account, key, fn, ttl=ttl)
    except (errors.ChannelsAPIError, TokenDecryptionError) as error:
        logger.warning("upstream read %s for account %s failed: %r", key, account.pk, error)
        return describe_failure(error)
    except Exception as error:  # a bug must cost one part of a page, not the page
        logger.exception("upstream read %s for account %s raised", key, account.pk)
        return describe_failure(error)


def fetch_many(
    account: CMAccount, calls: Mapping[str, Call], *, ttl: int | None = None
) -> dict[str, Any]:
    """Run several reads at once; each name maps to its result or an UpstreamFailure.

    Each name is also the cache key of its call. Never raises for an upstream failure.
    Cached reads are taken in this thread with two cache lookups in all; only the misses go
    out, at once: all but one on the shared worker threads, the last in this thread while it
    waits. The callables may run on worker threads: they should talk to the client, not the
    database.
    """
    if not calls:
        return {}
    found = _cached(account, list(calls)) if _ttl(ttl) > 0 else {}
    missing = [(name, fn) for name, fn in calls.items() if name not in found]
    if len(missing) > 1 and not threading.current_thread().name.startswith(_POOL_PREFIX):
        pool = _pool()
        futures = [
            (name, pool.submit(fetch_or_failure, account, name, fn, ttl=ttl))
            for name, fn in missing[:-1]
        ]
        name, fn = missing[-1]
        found[name] = fetch_or_failure(account, name, fn, ttl=ttl)
        for name, future in futures:
            found[name] = future.result()
    else:
        # One read, or already on a worker thread (waiting there for the pool could starve it).
        for name, fn in missing:
            found[name] = fetch_or_failure(account, name, fn, ttl=ttl)
    return {name: found[name] for name in calls}


_POOL_PREFIX = "upstream-read"
_pool_guard = threading.Lock()
_shared_pool: ThreadPoolExecutor | None = None


def _pool() -> ThreadPoolExecutor:
    """The process's worker threads for concurrent reads, started on first use and kept: a
    pool per page cost a thread start per read, and each new thread its own cache connection."""
    global _shared_pool
    with _pool_guard:
        if _shared_pool is None:
            _shared_pool = ThreadPoolExecutor(
                max_workers=_POOL_WORKERS, thread_name_prefix=_POOL_PREFIX
            )
        return _shared_pool


def _cached(account: CMAccount, names: list[str]) -> dict[str, Any]:
    """The cached values among ``names`` (hits only), in one lookup of generations and one of
    values; a cache that cannot be read counts as empty (``fetch`` then tries it itself)."""
    try:
        wanted = {key for name in names for key in _generation_keys(account, name)}
        generations = cache.get_many(list(wanted))
        full = {_full_key(account, name, generations): name for name in names}
        hits = cache.get_many(list(full))
    except Exception:
        logger.exception("upstream cache of account %s unreadable", account.pk)
        return {}
    return {full[key]: value[0] for key, value in hits.items() if isinstance(value, tuple)}


def invalidate(account: CMAccount, prefix: str = "") -> None:
    """Forget cached reads of this account under ``prefix`` (whole dotted segments; "" = all)."""
    cache.set(_generation_key(account, prefix), uuid.uuid4().hex[:8], None)


def is_failure(value: object) -> bool:
    """Whether a ``fetch_many`` value is a failure (handy in templates and selectors)."""
    return isinstance(value, UpstreamFailure)


# --- writes ----------------------------------------------------------------------------------


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


def lost_answer(failure: UpstreamFailure) -> str:
    """The first half of a sentence about an answer that did not come back."""
    if failure.kind == "timeout":
        return "CM.com did not answer in time"
    if failure.kind == "unreachable":
        return "The connection to CM.com failed"
    if failure.kind == "malformed":
        return "CM.com's answer could not be read"
    return f"CM.com failed on its side (status {failure.status})"


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
    # Imported here: ``write`` has a parameter named ``audit``.
    from dashboard import audit

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
    audit.record(
        actor=details.get("actor"),
        account=account,
        action=str(details["action"]),
        target=str(details.get("target", "")),
        sent=sent,
        outcome=result.audit_outcome,
        upstream_status=status,
        message=message,
    )
