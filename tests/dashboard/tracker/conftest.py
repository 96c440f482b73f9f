"""Fixtures of the tracker tests.

- ``eager_celery``: tasks run inline (for views whose "Poll now" queues a poll).
- ``redis_locks``: the per-account poll lock on the real Redis, under a key prefix of this
  test alone.
- ``celery_worker``: a real Celery worker (threads pool, one thread or more) consuming from the real
  Redis broker (``TEST_CELERY_BROKER_URL``, default ``redis://127.0.0.1:6379/14``). Every key
  it uses carries a prefix of this test (kombu's ``global_keyprefix``), so two test runs on
  one machine never take each other's messages, and a retry left queued when the test ends is
  deleted with the prefix. The broker settings are restored afterwards.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from celery.worker import state as worker_state
from django.db import OperationalError
from django.db import connection as db_connection
from django.db.backends.signals import connection_created

from dashboard.celery import app as celery_app

BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")


def _drop_keys(prefix: str) -> None:
    client = redis.Redis.from_url(BROKER_URL)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Run queued tasks inline, in the caller's thread."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture
def redis_locks(settings: Any) -> Iterator[str]:
    """Poll locks on the real Redis, named under a prefix only this test uses."""
    prefix = f"tracker-test-{uuid.uuid4().hex[:12]}"
    settings.REDIS_URL = BROKER_URL
    settings.TRACKER_LOCK_PREFIX = f"{prefix}:lock"
    yield prefix
    _drop_keys(prefix)


@dataclass
class Finished:
    """Tasks the worker finished: (task name, args, return value), and a way to wait."""

    done: list[tuple[str, tuple[Any, ...], Any]] = field(default_factory=list)
    cond: threading.Condition = field(default_factory=threading.Condition)

    def record(self, name: str, args: tuple[Any, ...], retval: Any) -> None:
        with self.cond:
            self.done.append((name, tuple(args), retval))
            self.cond.notify_all()

    def of(self, name: str) -> list[tuple[tuple[Any, ...], Any]]:
        with self.cond:
            return [(args, retval) for task, args, retval in self.done if task == name]

    def wait(self, name: str, count: int, timeout: float = 60) -> list[tuple[tuple[Any, ...], Any]]:
        """Block until ``count`` runs of ``name`` finished; fail the test after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while len([d for d in self.done if d[0] == name]) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail(f"{name}: {count} runs expected, saw {self.done}")
                self.cond.wait(left)
        return self.of(name)


def _reset_pools() -> None:
    # Celery keeps its broker connection and producer pools once made; drop them so the
    # next message goes to the broker configured now (the same as after a fork).
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


def _read_uncommitted(sender: Any = None, connection: Any = None, **_: Any) -> None:
    if connection is not None and connection.vendor == "sqlite":
        connection.cursor().execute("PRAGMA read_uncommitted = 1")


@contextmanager
def _sqlite_readers_never_wait() -> Iterator[None]:
    """The SQLite test database lives in memory with a shared cache, where a reader and a
    writer in two threads lock each other out at once ("database table is locked") instead
    of waiting. Readers that do not lock (read_uncommitted) avoid that; PostgreSQL and the
    file database the product uses do not need it."""
    if db_connection.vendor != "sqlite":
        yield
        return
    connection_created.connect(_read_uncommitted)
    db_connection.ensure_connection()
    _read_uncommitted(connection=db_connection)
    try:
        yield
    finally:
        connection_created.disconnect(_read_uncommitted)
        db_connection.ensure_connection()
        db_connection.cursor().execute("PRAGMA read_uncommitted = 0")


@pytest.fixture
def celery_worker(
    request: pytest.FixtureRequest, transactional_db: Any, redis_locks: str
) -> Iterator[Finished]:
    """A real worker on the real Redis, for this test only; yields what it finished.

    One worker thread unless the test asks for more with
    ``@pytest.mark.parametrize("celery_worker", [2], indirect=True)``.
    """
    threads = int(getattr(request, "param", 1))
    keys = ("broker_url", "broker_transport_options", "task_always_eager")
    before = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.broker_url = BROKER_URL
    celery_app.conf.broker_transport_options = {"global_keyprefix": f"{redis_locks}:"}
    celery_app.conf.task_always_eager = False
    _reset_pools()
    finished = Finished()

    def on_postrun(sender: Any = None, args: Any = None, retval: Any = None, **_: Any) -> None:
        finished.record(sender.name, tuple(args or ()), retval)

    task_postrun.connect(on_postrun, weak=False)
    try:
        with (
            _sqlite_readers_never_wait(),
            start_worker(
                celery_app,
                pool="threads",
                concurrency=threads,
                perform_ping_check=False,
                shutdown_timeout=60,
                loglevel="WARNING",
            ),
        ):
            yield finished
            # Let a task still running finish before the worker stops and the database is
            # emptied under it (the threads pool does not wait for it).
            wait_until(lambda: not worker_state.active_requests, timeout=60, what="idle worker")
    finally:
        task_postrun.disconnect(on_postrun)
        for key, value in before.items():
            celery_app.conf[key] = value
        _reset_pools()
        _drop_keys(redis_locks)


def wait_until(check: Callable[[], bool], timeout: float = 30, what: str = "") -> None:
    """Poll ``check`` until it is true; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except OperationalError:  # SQLite in memory: a writer holds the table; look again
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what or check}")
        time.sleep(0.05)
