"""Django's Redis cache that keeps the dashboard working while Redis is down (issue 19).

Settings name it as the ``default`` cache when ``REDIS_URL`` is set. A Redis error (refused,
timed out, reset) no longer reaches the caller; this process then counts Redis as down and,
without asking Redis again for ``RETRY_SECONDS``, serves every call from a fallback:

- keys under ``BYPASS_PREFIXES`` (the cached answers of CM.com) are a miss, and setting them
  does nothing: pages read from CM.com, and no process serves what another may have changed;
- keys under ``REPLAY_PREFIXES`` (the invalidation generations) read as missing, and what is
  set is kept and written to Redis when it is back, so a write during the outage still
  invalidates what Redis held from before it;
- every other key (the circuit breaker, "try again at" holds, the rate limits of "Poll now",
  "Check now", the webhook test, the confirmation nonces) lives in this process's memory:
  those limits hold per process, not across processes, until Redis is back.

The outage is logged once when it starts and once when it ends. The client's socket timeouts
(settings: ``socket_connect_timeout``, ``socket_timeout``) keep a dead Redis to milliseconds.
Sessions are in the database (Django's database engine, read by people.session_store), so
logging in does not need Redis.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

T = TypeVar("T")

# How long a process serves from its fallback before asking Redis again.
RETRY_SECONDS = 3.0

# What counts as Redis being away (not a bug in the caller): redis-py's errors and the socket's.
_OUTAGE = (RedisError, OSError)


class _Health:
    """Whether Redis at one location is down, shared by every thread of the process (Django
    gives each thread its own cache object), with what to write back when it returns."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.next_try = 0.0
        self.replay: dict[str, tuple[Any, float | None]] = {}


_health_guard = threading.Lock()
_healths: dict[str, _Health] = {}


def _health_of(location: str) -> _Health:
    with _health_guard:
        return _healths.setdefault(location, _Health())


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that falls back while Redis is down (see the module's docstring).

    OPTIONS may hold ``BYPASS_PREFIXES`` and ``REPLAY_PREFIXES`` (lists of key prefixes); the
    rest of OPTIONS goes to redis-py's connection pool as in ``RedisCache``.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self.bypass_prefixes = tuple(options.pop("BYPASS_PREFIXES", ()))
        self.replay_prefixes = tuple(options.pop("REPLAY_PREFIXES", ()))
        super().__init__(server, {**params, "OPTIONS": options})
        self._where = ",".join(_host_port(location) for location in self._servers)
        self._health = _health_of(self._where)
        # LocMemCache objects of one name share their store: every thread sees the same one.
        self._local = LocMemCache(
            f"resilient-cache:{self._where}", {"TIMEOUT": params.get("TIMEOUT", 300)}
        )

    # --- the state ---------------------------------------------------------------------------
    def is_down(self) -> bool:
        """Whether this process counts Redis as down. While it is, asks Redis (a PING) at most
        every ``RETRY_SECONDS``, so its return is seen without any other cache call; on its
        return, what was kept to write back is written before anything reads Redis again."""
        health = self._health
        if health.down_since is None:
            return False
        with health.lock:
            if time.monotonic() < health.next_try:
                return True
            # This caller tries; the others keep the fallback until it knows.
            health.next_try = time.monotonic() + RETRY_SECONDS
        try:
            self._cache.get_client(write=False).ping()
            self._write_back()
        except _OUTAGE as error:
            self._failed(error)
            return True
        return False

    def _failed(self, error: BaseException) -> None:
        health = self._health
        with health.lock:
            health.next_try = time.monotonic() + RETRY_SECONDS
            if health.down_since is not None:
                return
            health.down_since = time.time()
        logger.error(
            "cache: Redis at %s is down (%s); pages read from CM.com directly, limits and the "
            "circuit breaker are kept per process until it is back",
            self._where,
            type(error).__name__,
        )

    def _write_back(self) -> None:
        """Write what was kept to Redis, then count it as up (raises while it is still down:
        what was not written is kept for the next try)."""
        health = self._health
        written = 0
        while True:
            with health.lock:
                replay, health.replay = health.replay, {}
                if not replay:
                    since, health.down_since = health.down_since, None
                    break
            try:
                for key, (value, timeout) in replay.items():
                    self._cache.set(key, value, timeout)
                    written += 1
            except _OUTAGE:
                with health.lock:
                    health.replay = {**replay, **health.replay}
                raise
        if since is not None:
            # Redis's state is the shared one again; what this process kept alone is dropped
            # (a breaker opened here closes, a limit counted here restarts).
            self._local.clear()
            logger.warning(
                "cache: Redis at %s is back after %.1f s; %d invalidations written back",
                self._where,
                time.time() - since,
                written,
            )

    def _redis(self, call: Callable[[], T], fallback: Callable[[], T]) -> T:
        """``call()`` on Redis, or ``fallback()`` while Redis is down."""
        if self.is_down():
            return fallback()
        try:
            return call()
        except _OUTAGE as error:
            self._failed(error)
            return fallback()

    # --- the fallback --------------------------------------------------------------------------
    def _kind(self, key: str) -> str:
        if str(key).startswith(self.bypass_prefixes):
            return "bypass"
        if str(key).startswith(self.replay_prefixes):
            return "replay"
        return "local"

    def _local_get(self, key: str, default: Any) -> Any:
        return self._local.get(key, default) if self._kind(key) == "local" else default

    def _local_set(self, key: str, value: Any, timeout: Any) -> bool:
        kind = self._kind(key)
        if kind == "local":
            self._local.set(key, value, timeout)
        elif kind == "replay":
            with self._health.lock:
                self._health.replay[self.make_and_validate_key(key)] = (
                    value,
                    self.get_backend_timeout(timeout),
                )
        return True

    def _local_add(self, key: str, value: Any, timeout: Any) -> bool:
        if self._kind(key) == "local":
            return self._local.add(key, value, timeout)
        return self._local_set(key, value, timeout)

    def _local_delete(self, key: str) -> bool:
        return self._local.delete(key) if self._kind(key) == "local" else False

    # --- the cache's calls ---------------------------------------------------------------------
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._redis(
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            lambda: self._local_get(key, default),
        )

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        self._redis(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            lambda: self._local_set(key, value, timeout),
        )

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        return self._redis(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            lambda: self._local_add(key, value, timeout),
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._redis(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            lambda: self._local.touch(key, timeout) if self._kind(key) == "local" else False,
        )

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._redis(
            lambda: super(ResilientRedisCache, self).delete(key, version),
            lambda: self._local_delete(key),
        )

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        keys = list(keys)

        def local() -> dict[Any, Any]:
            found = {}
            for key in keys:
                value = self._local_get(key, _MISSING)
                if value is not _MISSING:
                    found[key] = value
            return found

        return self._redis(lambda: super(ResilientRedisCache, self).get_many(keys, version), local)

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._redis(
            lambda: super(ResilientRedisCache, self).has_key(key, version),
            lambda: self._local_get(key, _MISSING) is not _MISSING,
        )

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        def local() -> int:
            if self._kind(key) != "local":
                raise ValueError(f"Key '{key}' not found")
            return self._local.incr(key, delta)

        return self._redis(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), local
        )

    def set_many(
        self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[Any]:
        def local() -> list[Any]:
            for key, value in data.items():
                self._local_set(key, value, timeout)
            return []

        return self._redis(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), local
        )

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        keys = list(keys)

        def local() -> None:
            for key in keys:
                self._local_delete(key)

        self._redis(lambda: super(ResilientRedisCache, self).delete_many(keys, version), local)

    def clear(self) -> bool:
        self._local.clear()
        return self._redis(lambda: super(ResilientRedisCache, self).clear(), lambda: True)


_MISSING = object()


def _host_port(location: str) -> str:
    """Where Redis is, without the password a URL may carry."""
    parts = urlsplit(location)
    return f"{parts.hostname or parts.path}:{parts.port or ''}/{parts.path.lstrip('/')}"


def cache_is_down() -> bool:
    """Whether the default cache is a Redis this process counts as down (the banner's flag)."""
    backend = caches["default"]
    return isinstance(backend, ResilientRedisCache) and backend.is_down()
