"""The poll cycle on real worker processes (issue 19): ``celery -A dashboard worker
--pool=prefork`` processes on a private ``redis-server`` (broker, cache and the per-account
locks) and a database of their own (PostgreSQL when the suite runs on it, else a SQLite file),
polling a real sandbox over HTTP.

- One cycle over 20 accounts on two workers polls every account exactly once: each account's
  channel requests are listed once (the sandbox's log) and each has one finished run.
- A worker killed with SIGKILL in the middle of a cycle (its whole process group, as when its
  host or container dies) loses no account: its lock expires (TRACKER_LOCK_SECONDS, a few
  seconds here) rather than being released, the next cycle polls every account once, and the
  run it cut off is recorded as failed instead of staying "running".
- A worker's prefork process killed mid-poll (the kernel's OOM killer picks one) gives its
  message back (``reject_on_worker_lost``): the account is polled again in the same cycle.

Messages are queued as ``tracker.poll_all`` queues them (one ``tracker.poll_account`` per
account), under a run key per cycle. Every process is stopped however the test ends.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import redis
from celery import Celery

from channels_api.sandbox.testing import RunningSandbox, start_sandbox
from tests.dashboard.redis_server import ROOT, free_port, start_redis

pytestmark = [pytest.mark.celery, pytest.mark.timeout(300)]

ACCOUNTS = 20
LOCK_SECONDS = 10
# How long the victim's first call is held: longer than it takes to kill its worker.
HELD_MS = 20_000
ENDED = ("ok", "skipped", "broken", "failed")
NAMESPACE = uuid.UUID("0c6f3e2a-9b1d-4e8f-a7c5-3d2b1a0f9e8d")

_ADD_ACCOUNTS = """
import json, sys
import django
django.setup()
from dashboard.accounts.models import CMAccount
made = {}
for i, (account_id, token) in enumerate(json.loads(sys.argv[1])):
    account = CMAccount(name=f"Worker test {i:02d}", account_id=account_id, base_url=sys.argv[2])
    account.set_token(token)
    account.save()
    made[account_id] = account.pk
print(json.dumps(made))
"""


# --- a database of the workers' own ---------------------------------------------------------


@dataclass
class Database:
    """The workers' database, and plain reads of it from this process."""

    url: str
    path: Path | None = None

    def rows(self, sql: str, *args: Any) -> list[tuple[Any, ...]]:
        if self.path is not None:
            with closing(sqlite3.connect(self.path, timeout=30)) as connection:
                return connection.execute(sql.replace("%s", "?"), args).fetchall()
        with psycopg.connect(self.url, autocommit=True) as connection:
            return connection.execute(sql, args).fetchall()  # type: ignore[arg-type]

    def runs(self, run_key: str) -> dict[str, tuple[str, int, str]]:
        """account id → (outcome, attempts, message) of each run of ``run_key``."""
        found = self.rows(
            "SELECT a.account_id, r.outcome, r.attempts, r.message FROM tracker_pollrun r "
            "JOIN accounts_cmaccount a ON a.id = r.account_id WHERE r.run_key = %s",
            run_key,
        )
        return {str(a).replace("-", ""): (o, n, m) for a, o, n, m in found}


@contextmanager
def workers_database(tmp_path: Path) -> Iterator[Database]:
    """PostgreSQL (a throwaway database beside the suite's) when DATABASE_URL names one,
    else a SQLite file; dropped afterwards."""
    suite = os.environ.get("DATABASE_URL", "")
    if not suite.startswith(("postgres://", "postgresql://")):
        path = tmp_path / "workers.sqlite3"
        yield Database(f"sqlite:///{path}", path)
        return
    parts = urlsplit(suite)
    name = f"{parts.path.strip('/')}_workers_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Database(urlunsplit(parts._replace(path=f"/{name}")))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the cluster ------------------------------------------------------------------------------


def _stop_group(process: subprocess.Popen[bytes], how: int = signal.SIGTERM) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, how)
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


@dataclass
class Cluster:
    """The sandbox, Redis, the database, and workers started on demand."""

    sandbox: RunningSandbox
    redis_port: int
    database: Database
    env: dict[str, str]
    accounts: dict[str, int]
    """account id (as the sandbox logs it) → the dashboard's pk."""
    tmp_path: Path
    prefix: str
    """This test's run keys begin with it."""
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def broker(self) -> str:
        return self.env["CELERY_BROKER_URL"]

    def worker(self, name: str, concurrency: int = 1) -> subprocess.Popen[bytes]:
        """``celery worker --pool=prefork``, in a session of its own (so SIGKILL reaches its
        whole process group), returned once it is ready."""
        log = self.tmp_path / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "celery", "-A", "dashboard", "worker"),
                    *("--pool=prefork", f"--concurrency={concurrency}", "--loglevel=INFO"),
                    f"--hostname={name}-{uuid.uuid4().hex[:6]}@%h",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.workers.append(process)
        wait_for(lambda: " ready." in log.read_text(errors="replace"), f"{name} ready", log)
        return process

    def cycle(self, name: str, first: str | None = None) -> None:
        """Queue one poll per account under the run key ``name`` (``first``'s before the
        others), as ``tracker.poll_all`` does."""
        run_key = self.key(name)
        sender = Celery("poll-workers-test")
        order = sorted(self.accounts, key=lambda a: a != first)
        # The URL named here: Celery prefers CELERY_BROKER_URL from the environment.
        # No expiry, unlike poll_all's: it would be stamped by this process's clock, which
        # `make test` moves (TEST_CLOCK), while the workers keep the real one and would drop
        # every message as expired. The private broker goes with the test.
        with sender.connection_for_write(self.broker) as connection:
            for account_id in order:
                sender.send_task(
                    "tracker.poll_account",
                    args=(self.accounts[account_id], run_key),
                    connection=connection,
                )
        sender.close()

    def key(self, name: str) -> str:
        return f"{self.prefix}:{name}"

    def runs(self, name: str) -> dict[str, tuple[str, int, str]]:
        return self.database.runs(self.key(name))

    def finished(self, name: str) -> dict[str, tuple[str, int, str]]:
        return {a: run for a, run in self.runs(name).items() if run[0] in ENDED}

    def listed(self) -> dict[str, int]:
        """Per account, how many times its channel requests were listed (a poll's first
        call), held requests of an armed fault left out."""
        counts = dict.fromkeys(self.accounts, 0)
        for entry in self.sandbox.log():
            account = str(entry.get("account_id") or "").replace("-", "")
            if (
                account in counts
                and entry["method"] == "GET"
                and str(entry["path"]).lower().endswith("/channels/requests")
                and not entry.get("fault")
            ):
                counts[account] += 1
        return counts


def wait_for(done: Callable[[], bool], what: str, log: Path | None = None) -> None:
    """Wait (generously: the machine may be loaded) until ``done()``; fail naming ``what``."""
    deadline = time.monotonic() + 120
    while not done():
        if time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise AssertionError(f"waited in vain for {what}\n{tail}")
        time.sleep(0.2)


def _ids(count: int) -> list[tuple[str, str]]:
    return [
        (str(uuid.uuid5(NAMESPACE, f"account-{i}")), str(uuid.uuid5(NAMESPACE, f"token-{i}")))
        for i in range(count)
    ]


@dataclass
class Shared:
    sandbox: RunningSandbox
    redis_port: int
    database: Database
    env: dict[str, str]
    accounts: dict[str, int]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shared]:
    """The sandbox, Redis and the migrated database with the accounts: once for the module
    (each test uses run keys of its own)."""
    tmp_path = tmp_path_factory.mktemp("poll-workers")
    pairs = _ids(ACCOUNTS)
    sandbox = start_sandbox(accounts=pairs, approve_after=10**7)
    redis_port = free_port()
    redis_process = start_redis(redis_port)
    try:
        with workers_database(tmp_path) as database:
            env = {k: v for k, v in os.environ.items() if k != "TEST_CLOCK"}
            for name in ("TOKEN_ENCRYPTION_KEYS", "SECRET_KEY", "TRACKER_LOCK_PREFIX"):
                env.pop(name, None)
            env.update(
                {
                    "DJANGO_SETTINGS_MODULE": "dashboard.settings",
                    "VAR_DIR": str(tmp_path),  # one generated token key for every process
                    "DATABASE_URL": database.url,
                    "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
                    "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/1",
                    "TRACKER_LOCK_SECONDS": str(LOCK_SECONDS),
                    "CELERY_TASK_ALWAYS_EAGER": "false",
                }
            )
            migrate = [sys.executable, "manage.py", "migrate", "-v0"]
            done = subprocess.run(migrate, cwd=ROOT, env=env, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr[-3000:]
            add = [sys.executable, "-c", _ADD_ACCOUNTS, json.dumps(pairs), sandbox.base_url]
            done = subprocess.run(add, cwd=ROOT, env=env, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr[-3000:]
            accounts = {a.replace("-", ""): pk for a, pk in json.loads(done.stdout).items()}
            yield Shared(sandbox, redis_port, database, env, accounts)
    finally:
        redis_process.terminate()
        redis_process.wait(timeout=10)
        sandbox.stop()


@pytest.fixture
def cluster(shared: Shared, tmp_path: Path) -> Iterator[Cluster]:
    """``shared`` with a clean sandbox log and no request still held from a test before;
    the workers a test starts are stopped however it ends (SIGTERM, then SIGKILL)."""
    shared.sandbox.clear_faults()
    shared.sandbox.settle(timeout=HELD_MS / 1000 + 10)
    shared.sandbox.clear_log()
    made = Cluster(
        shared.sandbox,
        shared.redis_port,
        shared.database,
        shared.env,
        shared.accounts,
        tmp_path,
        prefix=uuid.uuid4().hex[:8],
    )
    try:
        yield made
    finally:
        for worker in made.workers:
            _stop_group(worker)


def _lock_key(account_id: str) -> str:
    return f"tracker:lock:{uuid.UUID(account_id)}"


# --- the tests --------------------------------------------------------------------------------


def test_one_cycle_on_two_workers_polls_every_account_exactly_once(cluster: Cluster) -> None:
    cluster.worker("first")
    cluster.worker("second")

    cluster.cycle("cycle-1")
    wait_for(lambda: len(cluster.finished("cycle-1")) == ACCOUNTS, "every run of the cycle")

    assert cluster.listed() == dict.fromkeys(cluster.accounts, 1)
    runs = cluster.finished("cycle-1")
    assert {outcome for outcome, _, _ in runs.values()} == {"ok"}
    assert {attempts for _, attempts, _ in runs.values()} == {1}


def test_a_worker_killed_mid_cycle_loses_no_account(cluster: Cluster) -> None:
    victim = next(iter(cluster.accounts))
    # The victim's first call is held, so the worker that takes it is surely mid-poll.
    cluster.sandbox.fault("GET", f"/channels/v1/accounts/{uuid.UUID(victim)}/*", delay_ms=HELD_MS)
    doomed = cluster.worker("doomed")
    cluster.cycle("cycle-1", first=victim)
    wait_for(lambda: cluster.sandbox.health()["in_flight"] >= 1, "the victim's held call")

    os.killpg(doomed.pid, signal.SIGKILL)  # the whole worker, as when its host dies
    doomed.wait(timeout=10)

    # The dead poll's lock is not released: it expires on its own, as designed.
    store = redis.Redis(port=cluster.redis_port, db=0)
    assert store.exists(_lock_key(victim))
    assert 0 < store.pttl(_lock_key(victim)) <= LOCK_SECONDS * 1000
    cluster.worker("survivor")  # takes the rest of the cycle
    wait_for(lambda: len(cluster.finished("cycle-1")) == ACCOUNTS - 1, "the rest of the cycle")
    assert cluster.runs("cycle-1")[victim][0] == "running"
    wait_for(lambda: not store.exists(_lock_key(victim)), "the dead poll's lock to expire")

    cluster.sandbox.clear_log()
    cluster.cycle("cycle-2")
    wait_for(lambda: len(cluster.finished("cycle-2")) == ACCOUNTS, "every run of the next cycle")

    assert cluster.listed() == dict.fromkeys(cluster.accounts, 1)
    assert {outcome for outcome, _, _ in cluster.finished("cycle-2").values()} == {"ok"}
    outcome, _, message = cluster.runs("cycle-1")[victim]
    assert outcome == "failed"
    assert "cut off" in message


def test_a_prefork_process_killed_mid_poll_gives_its_account_back_to_the_same_cycle(
    cluster: Cluster,
) -> None:
    victim = next(iter(cluster.accounts))
    cluster.sandbox.fault("GET", f"/channels/v1/accounts/{uuid.UUID(victim)}/*", delay_ms=HELD_MS)
    worker = cluster.worker("parent", concurrency=2)
    cluster.cycle("cycle-1", first=victim)
    wait_for(lambda: cluster.sandbox.health()["in_flight"] >= 1, "the victim's held call")

    # Which of the two prefork processes holds the victim's poll cannot be told from outside:
    # both are killed (the other one mid-poll or between polls); the parent replaces them.
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children").read_text().split()
    for child in children:
        os.kill(int(child), signal.SIGKILL)

    wait_for(lambda: len(cluster.finished("cycle-1")) == ACCOUNTS, "every run of the cycle")
    assert worker.poll() is None
    runs = cluster.finished("cycle-1")
    assert {outcome for outcome, _, _ in runs.values()} == {"ok"}
    # Polled again in the same cycle: its message was given back, its run key owns the lock.
    assert runs[victim][1] == 2
