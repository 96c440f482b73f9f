"""The circuit breaker per account, guarding every call a ``client_for`` client makes.

After ``UPSTREAM_BREAKER_FAILURES`` consecutive failures (timeouts, unreachable, 5xx, 429,
unreadable answers; other 4xx answers do not count) the account's calls stop for
``UPSTREAM_BREAKER_SECONDS`` and raise ``CircuitOpen`` at once, without a request; a Retry-After
that CM.com asks for holds that same call (method and path) until then. The state lives in the
Django cache, so every process sees it; one success closes the breaker.

A call's check reads the state in one cache read; ``reads.fetch``, which reads the cache just
before its call anyway, reads the state with it and hands it over (``state_read``), so a
cold read costs no cache read of its own for the breaker.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache

from channels_api import errors
from dashboard.accounts.models import CMAccount

logger = logging.getLogger(__name__)

# The longest wait held or shown as "try again at"; a longer Retry-After is nonsense.
MAX_RETRY_AFTER = 86_400.0


class CircuitOpen(errors.ChannelsAPIError):
    """The dashboard is not calling CM.com for this account until ``until``; nothing was sent.

    ``reason`` is ``"failures"`` (too many consecutive failures) or ``"rate_limited"`` (CM.com
    asked to wait with a Retry-After).
    """

    def __init__(self, *, until: datetime, reason: str, method: str = "", path: str = "") -> None:
        super().__init__("calls to CM.com are paused for this account", method=method, path=path)
        self.until = until
        self.reason = reason


def _now() -> float:
    """Seconds since the epoch (a function, so tests can move time)."""
    return time.time()


def _breaker_key(account_pk: int | None, part: str) -> str:
    return f"upstream-breaker:{account_pk}:{part}"


def state_keys(account_pk: int | None) -> list[str]:
    """The cache keys a call's check reads: for a caller that reads these with its own keys,
    in the same cache read, and hands them over with ``state_read``."""
    return [_breaker_key(account_pk, part) for part in ("open", "holds", "failures")]


# Failures this process counted, per account: a success whose check found nothing to close
# still closes the breaker when one of the page's other parts failed since that check's read.
_counted: dict[int | None, int] = {}


def failures_counted(account_pk: int | None) -> int:
    """How many failures of the account this process has counted: taken just before reading
    the state, and handed over with it (``state_read``)."""
    return _counted.get(account_pk, 0)


# The state a caller read just now, for the next check of that account in this thread (or
# context): [account pk, (what the cache held of ``state_keys``, ``failures_counted`` before
# that read)], taken by the first check.
_handed: ContextVar[list[Any] | None] = ContextVar("upstream_breaker_state", default=None)


@contextmanager
def state_read(account_pk: int | None, found: Mapping[str, Any], counted: int) -> Iterator[None]:
    """While in this block, the first check of the account's breaker uses ``found`` (what
    ``cache.get_many`` gave for ``state_keys``, read just before, ``counted`` being
    ``failures_counted`` before that read) instead of reading the cache again; later checks
    read it. For ``reads.fetch``: the client it makes is not in its hands (``client_for``),
    the call it makes in this thread is."""
    state = {key: found[key] for key in state_keys(account_pk) if key in found}
    token = _handed.set([account_pk, (state, counted)])
    try:
        yield
    finally:
        _handed.reset(token)


def _taken(account_pk: int | None) -> tuple[dict[str, Any], int] | None:
    """The state handed over for this account, once (see ``state_read``)."""
    handed = _handed.get()
    if handed is None or handed[0] != account_pk or handed[1] is None:
        return None
    found, handed[1] = handed[1], None
    return found


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

    A success deletes ``failures`` and ``open`` unless the check before its call found
    neither and this process counted no failure of the account since: there is nothing to
    close then, and the delete was one cache round trip on every call CM.com answered.
    """

    def __init__(self, account_pk: int | None, *, blocking: bool = True) -> None:
        self.account_pk = account_pk
        self.blocking = blocking
        # Whether this breaker's last check found no failures counted and no pause, and how
        # many failures of the account this process had counted then.
        self._clear = False
        self._counted_then = 0

    def open_until(self, method: str = "", path: str = "") -> tuple[float, str] | None:
        """(until, reason) while this call would be stopped, else None.

        ``reason`` is ``failures`` (the account's breaker is open) or ``rate_limited`` (CM.com
        asked, with a Retry-After, to wait before this method and path again).
        """
        open_key, holds_key = self._key("open"), self._key("holds")
        self._clear = False
        try:
            handed = _taken(self.account_pk)
            if handed is None:
                counted = failures_counted(self.account_pk)
                found = cache.get_many(state_keys(self.account_pk))
            else:
                found, counted = handed
        except Exception:
            logger.exception("circuit breaker state for account %s unreadable", self.account_pk)
            return None
        self._clear = open_key not in found and self._key("failures") not in found
        self._counted_then = counted
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
        clear, self._clear = self._clear, False
        try:
            if error is None:
                if clear and failures_counted(self.account_pk) == self._counted_then:
                    return  # nothing counted, nothing paused: nothing to close
                # A success closes the breaker; a Retry-After CM.com asked for still holds.
                cache.delete_many([self._key("failures"), self._key("open")])
            elif counts_against_breaker(error):
                self._failed(error, method, path)
        except Exception:
            logger.exception("circuit breaker of account %s could not be updated", self.account_pk)

    def _key(self, part: str) -> str:
        return _breaker_key(self.account_pk, part)

    def _failed(self, error: errors.ChannelsAPIError, method: str, path: str) -> None:
        # Not atomic across threads, and need not be: any failure changes the number.
        _counted[self.account_pk] = _counted.get(self.account_pk, 0) + 1
        pause = float(settings.UPSTREAM_BREAKER_SECONDS)
        failures_key = self._key("failures")
        # Forget failures nobody followed up for a long while: they are not "in a row" any more.
        memory = int(max(pause * 10, 600))
        retry_after = getattr(error, "retry_after", None)
        if isinstance(error, errors.RateLimited) and retry_after:
            # First: whatever happens to the count, CM.com's "wait" for this call must hold.
            self._hold(method, path, min(float(retry_after), MAX_RETRY_AFTER))
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
