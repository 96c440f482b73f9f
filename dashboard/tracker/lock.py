"""One poll per account at a time: a lock with an owner token and an expiry.

Two implementations, picked by the settings:

- **Redis** (``REDIS_URL`` set, as in production where the workers share Redis): redis-py's
  ``Lock`` — ``SET key token NX PX ttl`` to take it, and a Lua compare-and-delete to release
  it, so only its owner can release it and an expired lock taken by another poll is left
  alone.
- **Database** (no Redis: ``make run`` on the embedded ``filesystem://`` broker). The cache is
  then local memory, private to each process, and the worker runs two prefork processes, so
  a cache lock would not be seen by the other one. The lock lives on the account's
  ``AccountHealth`` row instead: a conditional ``UPDATE ... WHERE lock_until < now`` takes it
  and ``UPDATE ... WHERE lock_token = mine`` releases it, which is atomic on SQLite and
  PostgreSQL alike and works across every process on the host.

The expiry (the ``TRACKER_LOCK_SECONDS`` setting, ``LOCK_SECONDS`` by default) is longer
than the poll task's hard time limit, so a lock never expires under a poll that is still
running; if a worker dies, the lock frees itself then.

A poll's lock is owned by its message (``owner``, the run key), not by the process: a poll
cut off before it could give the lock back (the database restarted under it, and the database
lock's release failed with it) is retried with the same run key and takes its own lock again
instead of being skipped until the expiry.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import uuid
from datetime import timedelta
from typing import Any

import redis
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from dashboard.accounts.models import CMAccount

logger = logging.getLogger(__name__)

# The default of TRACKER_LOCK_SECONDS; must exceed the poll task's time_limit
# (tasks.POLL_TIME_LIMIT, 300 s).
LOCK_SECONDS = 360


def lock_seconds() -> int:
    """How long a lock lives: the TRACKER_LOCK_SECONDS setting (tests make it short, to see a
    dead poll's lock expire)."""
    return max(1, int(getattr(settings, "TRACKER_LOCK_SECONDS", LOCK_SECONDS)))


_clients: dict[str, redis.Redis] = {}
_clients_guard = threading.Lock()


def _redis(url: str) -> redis.Redis:
    with _clients_guard:
        client = _clients.get(url)
        if client is None:
            client = _clients[url] = redis.Redis.from_url(url)
        return client


def lock_name(account: CMAccount) -> str:
    """The lock's key: one per account (tests give TRACKER_LOCK_PREFIX a per-run prefix)."""
    prefix = getattr(settings, "TRACKER_LOCK_PREFIX", "tracker:lock")
    return f"{prefix}:{account.account_id}"


class AccountLock:
    """``with`` or ``acquire()``/``release()``; ``acquire`` never waits."""

    def __init__(
        self, account: CMAccount, *, seconds: int | None = None, owner: str | None = None
    ) -> None:
        self.account = account
        self.seconds = lock_seconds() if seconds is None else seconds
        # The same owner gives the same token (hashed: it fits lock_token, and says nothing).
        self.token = (
            hashlib.sha256(f"{account.pk}:{owner}".encode()).hexdigest()[:32]
            if owner
            else uuid.uuid4().hex
        )
        self.held = False
        url = getattr(settings, "REDIS_URL", None)
        self._redis_url = url
        self._redis_lock: Any = (
            _redis(url).lock(lock_name(account), timeout=self.seconds, blocking=False)
            if url
            else None
        )

    @property
    def backend(self) -> str:
        """``redis`` or ``database``."""
        return "redis" if self._redis_lock is not None else "database"

    def acquire(self) -> bool:
        """Take the lock if nobody holds it; False when another poll does."""
        if self._redis_lock is not None:
            self.held = bool(self._redis_lock.acquire(token=self.token))
            if not self.held and self._redis_url:
                # Still ours from an attempt that could not release it: take it back.
                held_by = _redis(self._redis_url).get(lock_name(self.account))
                if held_by == self.token.encode():
                    self._redis_lock.local.token = held_by
                    self._redis_lock.extend(self.seconds, replace_ttl=True)
                    self.held = True
            return self.held
        from dashboard.tracker.models import AccountHealth

        AccountHealth.objects.get_or_create(account=self.account)
        now = timezone.now()
        taken = (
            AccountHealth.objects.filter(account=self.account)
            .filter(Q(lock_until__isnull=True) | Q(lock_until__lt=now) | Q(lock_token=self.token))
            .update(lock_token=self.token, lock_until=now + timedelta(seconds=self.seconds))
        )
        self.held = taken == 1
        return self.held

    def release(self) -> bool:
        """Give the lock back if it is still ours; False when it expired and moved on."""
        if not self.held:
            return False
        self.held = False
        if self._redis_lock is not None:
            try:
                self._redis_lock.release()
            except redis.exceptions.LockError:
                logger.warning("poll lock of account %s expired before release", self.account.pk)
                return False
            return True
        from dashboard.tracker.models import AccountHealth

        released = AccountHealth.objects.filter(account=self.account, lock_token=self.token).update(
            lock_token="", lock_until=None
        )
        return released == 1

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(self, *exc_info: object) -> None:
        self.release()
