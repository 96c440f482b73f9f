"""Reads for a page: a per-account cache, single flight, and concurrent parts on a shared pool.

Cache keys are dotted names (``templates.<request id>``); ``invalidate(account, "templates")``
drops that key and every key under it, by bumping a generation kept in the cache, so it works
the same on local memory and on Redis. Repeat views within ``UPSTREAM_CACHE_SECONDS`` make no
upstream call, and concurrent reads of one key in a process make one call (single flight).

Round trips to the cache (Redis in production): a read asks for the generations, then for the
value together with the account's circuit breaker state (handed to the breaker, so the call
does not read it again), and a miss writes once: a cold read makes three, a repeat two. The
parts of ``fetch_many`` share the first two for the whole page, and a miss there reads nothing
again unless it waited (for another thread's read of the same key, or for a worker thread).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from channels_api import errors
from channels_api.client import ChannelsClient
from dashboard.accounts.crypto import TokenDecryptionError
from dashboard.accounts.models import CMAccount
from dashboard.upstream.breaker import failures_counted, state_keys, state_read
from dashboard.upstream.clients import Call, client_for
from dashboard.upstream.wording import UpstreamFailure, describe_failure

logger = logging.getLogger(__name__)

T = TypeVar("T")

# Threads shared by every page of the process for its concurrent reads (a page makes at
# most a handful at once; more waiting pages queue rather than start threads).
_POOL_WORKERS = 16

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


# How old what ``_cached`` read may be for a miss to go out on it without reading the cache
# again: a part that waited longer for a worker thread (a busy process) reads again, as the
# original read's generations, value and breaker state may have changed meanwhile.
_FRESH_SECONDS = 0.25


@dataclass(frozen=True)
class _Known:
    """What ``_cached`` read for a page's parts: the generations, the account's breaker state
    (``breaker.state_keys``, and ``breaker.failures_counted`` just before) and when
    (``time.monotonic``); a miss in it was a miss then."""

    generations: Mapping[str, Any]
    breaker: Mapping[str, Any]
    counted: int
    at: float


def fetch(
    account: CMAccount, key: str, fn: Callable[[ChannelsClient], T], *, ttl: int | None = None
) -> T:
    """``fn(client)`` for this account, cached under ``key`` for ``ttl`` seconds.

    ``ttl`` defaults to UPSTREAM_CACHE_SECONDS; 0 does not cache. Raises the client's
    ``ChannelsAPIError`` (or TokenDecryptionError); failures are never cached. A page that
    should not fail whole uses ``fetch_many`` or ``fetch_or_failure``.
    """
    return _fetch(account, key, fn, ttl, None)


def _fetch(
    account: CMAccount,
    key: str,
    fn: Callable[[ChannelsClient], T],
    ttl: int | None,
    known: _Known | None,
) -> T:
    """``fetch``, for a key ``known`` (when given) found missing just before."""
    seconds = _ttl(ttl)
    if seconds <= 0:
        with client_for(account) as client:
            return fn(client)
    # One call per key at a time in this process: a second reader waits for the first's answer.
    lock = _flight_lock(f"{account.pk}:{key}")
    waited = not lock.acquire(blocking=False)
    if waited:
        lock.acquire()
    try:
        if known is not None and not waited and time.monotonic() - known.at < _FRESH_SECONDS:
            full_key = _full_key(account, key, known.generations)
            state, counted = known.breaker, known.counted
        else:
            full_key = cache_key(account, key)
            # The value and the breaker's state in one read: the call's check then reads none.
            counted = failures_counted(account.pk)
            state = cache.get_many([full_key, *state_keys(account.pk)])
            hit = state.pop(full_key, None)
            if hit is not None:
                return hit[0]
        with state_read(account.pk, state, counted), client_for(account) as client:
            value = fn(client)
        # Wrapped in a tuple so a None answer is cached too; the read's time rides along, for
        # pages that say how fresh what they show is (``read_at``), and is kept on its own
        # too, so that saying when a list was read does not mean reading the list again.
        read = time.time()
        cache.set_many({full_key: (value, read), _read_key(full_key): read}, seconds)
        return value
    finally:
        lock.release()


def _read_key(full_key: str) -> str:
    """Where the time of the read cached under ``full_key`` is kept on its own: a key made
    from that one, so a new generation (``invalidate``) leaves it behind with the value."""
    return f"{full_key}:read-at"


def fetch_or_failure(
    account: CMAccount, key: str, fn: Callable[[ChannelsClient], T], *, ttl: int | None = None
) -> T | UpstreamFailure:
    """Like ``fetch`` but returns an UpstreamFailure instead of raising."""
    return _fetch_or_failure(account, key, fn, ttl, None)


def _fetch_or_failure(
    account: CMAccount,
    key: str,
    fn: Callable[[ChannelsClient], T],
    ttl: int | None,
    known: _Known | None,
) -> T | UpstreamFailure:
    try:
        return _fetch(account, key, fn, ttl, known)
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
    found, known = _cached(account, list(calls)) if _ttl(ttl) > 0 else ({}, None)
    missing = [(name, fn) for name, fn in calls.items() if name not in found]
    if len(missing) > 1 and not threading.current_thread().name.startswith(_POOL_PREFIX):
        futures = _submitted(account, missing[:-1], ttl, known)
        name, fn = missing[-1]
        found[name] = _fetch_or_failure(account, name, fn, ttl, known)
        for name, future in futures:
            found[name] = future.result()
    else:
        # One read, or already on a worker thread (waiting there for the pool could starve it).
        for name, fn in missing:
            found[name] = _fetch_or_failure(account, name, fn, ttl, known)
    return {name: found[name] for name in calls}


def fetch_many_started(
    account: CMAccount,
    calls: Mapping[str, Call],
    *,
    ttl: int | None = None,
    sent_first: bool = False,
) -> Callable[[], dict[str, Any]]:
    """``fetch_many`` begun now and answered later: the returned function gives its result.

    For a page that has its own (database) work besides reading CM.com: the reads the cache
    does not hold go out on the shared worker threads at once, the page does its own work in
    its thread meanwhile and then waits, so that work is not added to CM.com's time. Cached
    reads are taken here, at once. Never raises for an upstream failure.

    ``sent_first``: return only once the reads that went out have been sent. The page's own
    work holds the interpreter lock; done while the workers build and send the requests, it
    delayed the last one by ~1 ms, and with it CM.com's last answer (issue 19). Waiting idle
    is taken from CM.com's time, not added to it."""
    found, known = _cached(account, list(calls)) if calls and _ttl(ttl) > 0 else ({}, None)
    missing = [(name, fn) for name, fn in calls.items() if name not in found]
    if not missing or threading.current_thread().name.startswith(_POOL_PREFIX):
        result = fetch_many(account, calls, ttl=ttl) if missing else found
        return lambda: {name: result[name] for name in calls}
    started = threading.Semaphore(0)
    if sent_first:
        missing = [(name, _announcing(fn, started)) for name, fn in missing]
    futures = _submitted(account, missing, ttl, known)
    if sent_first:
        _sent(len(missing), started)

    def answer() -> dict[str, Any]:
        for name, future in futures:
            found[name] = future.result()
        return {name: found[name] for name in calls}

    return answer


# How long a page waits, idle, for each read to begin on a worker, and then for the last one
# to leave (a request is built and sent in ~1-1.5 ms on the benchmark's machine).
READ_START_SECONDS = 0.002
READ_LEAVE_SECONDS = 0.001


def _announcing(call: Call, started: threading.Semaphore) -> Call:
    """``call``, releasing ``started`` when a worker begins it."""

    def read(client: ChannelsClient) -> Any:
        started.release()
        return call(client)

    return read


def _sent(count: int, started: threading.Semaphore) -> None:
    """Wait until ``count`` announced reads have begun, then for the last to leave."""
    for _ in range(count):
        if not started.acquire(timeout=READ_START_SECONDS):
            return  # a worker is slow to start: do not hold the page for it
    time.sleep(READ_LEAVE_SECONDS)


def _submitted(
    account: CMAccount, calls: list[tuple[str, Call]], ttl: int | None, known: _Known | None
) -> list[tuple[str, Future[Any]]]:
    """``calls`` sent off on the shared worker threads. A failure is said in words on the
    worker thread, which has no language of its own: in the page's language, taken here."""
    pool = _pool()
    language = translation.get_language()
    return [
        (name, pool.submit(_fetch_in_language, language, account, name, fn, ttl, known))
        for name, fn in calls
    ]


def _fetch_in_language(
    language: str | None,
    account: CMAccount,
    key: str,
    fn: Call,
    ttl: int | None,
    known: _Known | None,
) -> Any:
    with translation.override(language):
        return _fetch_or_failure(account, key, fn, ttl, known)


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


def _cached(account: CMAccount, names: list[str]) -> tuple[dict[str, Any], _Known | None]:
    """The cached values among ``names`` (hits only), in one lookup of generations and one of
    values (with the account's breaker state), and what was read, for the misses to go out
    on without reading it again; a cache that cannot be read counts as empty (``fetch`` then
    tries it itself)."""
    try:
        wanted = {key for name in names for key in _generation_keys(account, name)}
        generations = cache.get_many(list(wanted))
        full = {_full_key(account, name, generations): name for name in names}
        counted = failures_counted(account.pk)
        hits = cache.get_many([*full, *state_keys(account.pk)])
    except Exception:
        logger.exception("upstream cache of account %s unreadable", account.pk)
        return {}, None
    breaker = {key: hits[key] for key in state_keys(account.pk) if key in hits}
    known = _Known(generations, breaker, counted, time.monotonic())
    found = {
        full[key]: value[0]
        for key, value in hits.items()
        if key in full and isinstance(value, tuple)
    }
    return found, known


def read_at(account: CMAccount, *keys: str) -> datetime | None:
    """When the cached reads under ``keys`` were read from CM.com: the oldest of them, since a
    page is only as fresh as its oldest part. None when one is not cached (or the cache cannot
    be read): the page then just read it, or failed to."""
    if not keys:
        return None
    try:
        wanted = {name for key in keys for name in _generation_keys(account, key)}
        generations = cache.get_many(list(wanted))
        full = {_full_key(account, key, generations) for key in keys}
        # The times kept on their own: a few bytes each, where the cached reads are whole
        # lists, unpickled again only to learn their time.
        kept = cache.get_many([_read_key(key) for key in full])
        stamps = {key: kept.get(_read_key(key)) for key in full}
        missing = [key for key, at in stamps.items() if not isinstance(at, float)]
        if missing:
            # Cached without its time beside it (before times were kept so, or the time
            # evicted alone): the read itself says when it was made.
            hits = cache.get_many(missing)
            for key in missing:
                hit = hits.get(key)
                stamps[key] = hit[1] if isinstance(hit, tuple) and len(hit) > 1 else None
    except Exception:
        logger.exception("upstream cache of account %s unreadable", account.pk)
        return None
    if not all(isinstance(at, float) for at in stamps.values()):
        return None
    return datetime.fromtimestamp(min(stamps.values()), tz=UTC)


def invalidate(account: CMAccount, prefix: str = "") -> None:
    """Forget cached reads of this account under ``prefix`` (whole dotted segments; "" = all)."""
    cache.set(_generation_key(account, prefix), uuid.uuid4().hex[:8], None)


def is_failure(value: object) -> bool:
    """Whether a ``fetch_many`` value is a failure (handy in templates and selectors)."""
    return isinstance(value, UpstreamFailure)
