"""PostgreSQL restarted under load (issue 19): a throwaway cluster of the test's own
(``initdb``/``pg_ctl`` on a free port, in a temporary directory) is the database of a gunicorn
serving the dashboard and of a Celery worker polling an account.

- Pages viewed in a loop, by three people at once, while ``pg_ctl restart -m fast`` kills
  every connection: nothing answers 500, and the first page asked for after the restart
  answers 200 (the kept connections are health-checked and replaced).
- The database stopped for a moment: a page answers 503 "Database unavailable" in words (no
  traceback), an htmx request gets a toast and swaps nothing; the outage is logged once as it
  starts and once as it ends, never as "Internal Server Error".
- A poll cut off mid-flight (the sandbox slowed so the poll is reading CM.com when the cluster
  restarts) is retried whole by the worker and ends OK, and what it wrote is complete: a
  second poll finds nothing to add or change.

Everything (cluster, gunicorn, worker, redis-server) is stopped and the cluster's directory
removed even when a test fails. The cluster needs PostgreSQL's server binaries (Debian's
``postgresql`` package): without them the tests fail and say so; they are never skipped.
Run with ``-s`` to see the counts.
"""

from __future__ import annotations

import contextlib
import glob
import html
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from celery import Celery

from tests.dashboard.processes import (
    child_env,
    logged_in,
    manage,
    start_gunicorn,
    start_worker,
    stop,
)
from tests.dashboard.redis_server import free_port, start_redis

# initdb, migrations on a new cluster and real processes take longer than the default limit.
pytestmark = pytest.mark.timeout(300)

UNAVAILABLE = "Database unavailable"
UNAVAILABLE_WORDS = "The dashboard's database is not answering"


# --- the throwaway cluster ---------------------------------------------------------------------


def _server_binaries() -> Path:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    pytest.fail(
        "PostgreSQL's server binaries (initdb, pg_ctl) were not found under "
        "/usr/lib/postgresql/*/bin or on PATH: install the postgresql package (Debian/Ubuntu: "
        "apt-get install postgresql) to run the database restart tests."
    )


@dataclass
class Cluster:
    """A PostgreSQL cluster in a temporary directory, run by its owner (``postgres`` when the
    tests run as root: initdb refuses root)."""

    bin: Path
    directory: Path
    port: int
    user: str | None  # run as this user (via runuser), or as ourselves when None

    @property
    def data(self) -> Path:
        return self.directory / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, tool: str, *args: str, timeout: float = 120) -> None:
        command = [str(self.bin / tool), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        # To a file, not a pipe: the server pg_ctl starts would hold a pipe open for ever.
        output = self.directory / "tools.out"
        with output.open("ab") as sink:
            offset = sink.tell()
            done = subprocess.run(command, stdout=sink, stderr=subprocess.STDOUT, timeout=timeout)
        said = output.read_bytes()[offset:].decode(errors="replace")
        assert done.returncode == 0, f"{tool} {' '.join(args)} failed:\n{said[-3000:]}"

    def pg_ctl(self, *args: str) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", *args)

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.directory} -c fsync=off -c max_connections=50"
        )
        self.pg_ctl("-l", str(self.directory / "postgres.log"), "-o", options, "start")

    def connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        )

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with self.connect() as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    """A running cluster of this module's own, stopped and its directory removed however the
    tests end."""
    binaries = _server_binaries()
    user = "postgres" if os.geteuid() == 0 else None
    directory = Path(tempfile.mkdtemp(prefix="dashboard-pg-restart-"))
    if user:
        entry = pwd.getpwnam(user)
        os.chown(directory, entry.pw_uid, entry.pw_gid)
    running = Cluster(binaries, directory, free_port(), user)
    try:
        running.run(
            "initdb", "-D", str(running.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--no-sync",
        )  # fmt: skip
        running.start()
        yield running
    finally:
        if (running.data / "postmaster.pid").exists():
            with contextlib.suppress(AssertionError):  # already stopped
                running.pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(directory, ignore_errors=True)


# --- the dashboard on it -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dashboard_env(
    cluster: Cluster, sandbox_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The environment of a dashboard process on the cluster: migrated, and seeded with the
    demo people and the sandbox's demo account (whose lists have pending items to poll)."""
    env = child_env(
        tmp_path_factory.mktemp("dashboard-var"),
        cluster.url,
        # Kept connections, as in production: the restart kills them under the process.
        DATABASE_CONN_MAX_AGE="600",
    )
    manage(["migrate", "-v0"], env)
    manage(["seed_demo", "--base-url", sandbox_server.base_url], env)
    return env


@dataclass
class Web:
    address: str
    log: Path


@pytest.fixture
def web(dashboard_env: dict[str, str], sandbox: Any, tmp_path: Path) -> Iterator[Web]:
    """gunicorn (one process, four threads) serving the dashboard on the cluster."""
    log = tmp_path / "gunicorn.log"
    server, address = start_gunicorn(dashboard_env, log)
    try:
        yield Web(address, log)
    finally:
        stop(server)


def _pages(address: str, account_id: str) -> list[str]:
    return [
        f"{address}/",
        f"{address}/a/{account_id}/",
        f"{address}/a/{account_id}/channels/",
        f"{address}/pending/",
    ]


@dataclass
class Tally:
    """Every answer's status, counted across the people viewing pages at once."""

    statuses: list[int] = field(default_factory=list)
    bodies_of_500: list[str] = field(default_factory=list)
    guard: threading.Lock = field(default_factory=threading.Lock)

    def view(self, session: requests.Session, url: str) -> requests.Response:
        try:
            answer = session.get(url, timeout=30)
        except requests.ConnectionError:
            with self.guard:
                self.statuses.append(0)  # no answer at all counts against us too
            raise
        with self.guard:
            self.statuses.append(answer.status_code)
            if answer.status_code == 500:
                self.bodies_of_500.append(answer.text[:2000])
        return answer

    def count(self, status: int) -> int:
        return sum(1 for seen in self.statuses if seen == status)


def test_pages_answer_through_a_postgresql_restart_under_load_and_the_next_request_is_200(
    web: Web, cluster: Cluster, sandbox: Any
) -> None:
    pages = _pages(web.address, sandbox.account_id)
    people = [logged_in(web.address) for _ in range(3)]
    tally = Tally()
    for url in pages:
        assert tally.view(people[0], url).status_code == 200, url

    enough = threading.Event()

    def browse(session: requests.Session) -> None:
        for turn in range(400):  # bounded, whatever happens to the restart
            if enough.is_set():
                return
            tally.view(session, pages[turn % len(pages)])

    viewers = [threading.Thread(target=browse, args=(person,)) for person in people]
    for viewer in viewers:
        viewer.start()
    try:
        time.sleep(1)  # under load before the restart
        began = time.monotonic()
        cluster.pg_ctl("-m", "fast", "restart")
        restart_seconds = time.monotonic() - began
        # The first request once pg_ctl says the server accepts connections again.
        first = tally.view(people[0], pages[1])
        after_restart = first.status_code
        recovered = time.monotonic() - began
        time.sleep(1)  # and the load goes on a while on the new connections
    finally:
        enough.set()
        for viewer in viewers:
            viewer.join(timeout=60)

    answered_503 = tally.count(503)
    print(
        f"\nPostgreSQL restarted (pg_ctl restart -m fast, {restart_seconds:.1f} s) under 3 "
        f"people viewing pages: {len(tally.statuses)} requests, {tally.count(500)} answered "
        f"500, {answered_503} answered 503 'database unavailable', "
        f"{tally.count(200)} answered 200; the first request after the restart: "
        f"{after_restart}, {recovered:.1f} s after the restart began"
    )
    assert tally.count(500) == 0, tally.bodies_of_500[:1]
    assert tally.count(0) == 0
    assert set(tally.statuses) <= {200, 503}
    assert after_restart == 200
    assert "Log out" in first.text  # logged in still: the session outlived the restart


def test_while_postgresql_is_down_a_page_says_so_in_words_and_the_next_one_after_is_200(
    web: Web, cluster: Cluster, sandbox: Any
) -> None:
    pages = _pages(web.address, sandbox.account_id)
    person = logged_in(web.address)
    tally = Tally()
    for url in pages:
        assert tally.view(person, url).status_code == 200

    cluster.pg_ctl("-m", "fast", "stop")
    try:
        down = [tally.view(person, url) for url in pages]
        fragment = person.get(pages[1], headers={"HX-Request": "true"}, timeout=30)
    finally:
        cluster.start()
    back = time.monotonic()
    first_after = tally.view(person, pages[1])
    recovered = time.monotonic() - back

    for answer in down:
        assert answer.status_code == 503, answer.url
        assert UNAVAILABLE in answer.text
        assert UNAVAILABLE_WORDS in html.unescape(answer.text)
        assert "Traceback" not in answer.text
        assert "OperationalError" not in answer.text
        assert answer.headers["Retry-After"]
        assert "no-store" in answer.headers["Cache-Control"]
    # htmx: a toast in words, nothing swapped into the page (no whole page in a fragment).
    assert fragment.status_code == 503
    assert fragment.headers["HX-Reswap"] == "none"
    assert UNAVAILABLE_WORDS in fragment.headers["HX-Trigger"]
    assert "<html" not in fragment.text
    assert first_after.status_code == 200
    assert "Log out" in first_after.text  # the session outlived the restart

    log = web.log.read_text(errors="replace")
    print(
        f"\nPostgreSQL stopped: {len(down)} of {len(down)} page views answered 503 in words, "
        f"0 answered 500; the first page after it started again answered "
        f"{first_after.status_code} in {recovered:.2f} s; log lines: "
        f"{log.count('database unavailable')} 'unavailable', "
        f"{log.count('database answers again')} 'answers again'"
    )
    assert log.count("database unavailable") == 1
    assert log.count("database answers again") == 1
    assert "Internal Server Error" not in log


def test_the_first_page_after_a_restart_while_idle_answers_200_on_a_new_connection(
    dashboard_env: dict[str, str], cluster: Cluster, sandbox: Any, tmp_path: Path
) -> None:
    """No request comes during the restart, so nothing has noticed that the connection the
    (single-threaded) web process keeps is dead: the health check before the next request's
    first query must, or that request fails."""
    log = tmp_path / "gunicorn.log"
    server, address = start_gunicorn(dashboard_env, log, threads=1)
    try:
        person = logged_in(address)
        page = _pages(address, sandbox.account_id)[1]
        assert person.get(page, timeout=30).status_code == 200  # its connection is kept now
        cluster.pg_ctl("-m", "fast", "restart")
        first = person.get(page, timeout=30)
    finally:
        stop(server)
    print(f"\nPostgreSQL restarted while idle: the first page after answered {first.status_code}")
    assert first.status_code == 200
    assert "Log out" in first.text


# --- a poll cut off by the restart ----------------------------------------------------------------


@pytest.fixture
def worker(
    dashboard_env: dict[str, str], sandbox: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Celery, Path]]:
    """A Celery worker (prefork, one process, as production runs it) on a private Redis and
    the cluster; and a Celery app that sends to it."""
    port = free_port()
    redis = start_redis(port)
    log = tmp_path / "worker.log"
    broker = f"redis://127.0.0.1:{port}/1"
    env = {**dashboard_env, "CELERY_BROKER_URL": broker, "REDIS_URL": f"redis://127.0.0.1:{port}/0"}
    # Celery prefers CELERY_BROKER_URL from the environment to the broker it is given.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    sender = Celery(broker=broker)
    assert sender.conf.broker_url == broker
    try:
        process = start_worker(env, log, processes=1)
        try:
            yield sender, log
        finally:
            stop(process, graceful=False)
    finally:
        sender.close()
        redis.send_signal(signal.SIGTERM)
        try:
            redis.wait(timeout=10)
        except subprocess.TimeoutExpired:
            redis.kill()


def _run_of(cluster: Cluster, run_key: str) -> tuple[str, int, int] | None:
    rows = cluster.query(
        "SELECT outcome, attempts, changes FROM tracker_pollrun WHERE run_key = %s", run_key
    )
    return (str(rows[0][0]), int(rows[0][1]), int(rows[0][2])) if rows else None


def _wait_for_run(
    cluster: Cluster, run_key: str, outcomes: set[str], log: Path, seconds: float = 120
) -> tuple[str, int, int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            run = _run_of(cluster, run_key)
        except psycopg.OperationalError:
            run = None  # the cluster is restarting
        if run is not None and run[0] in outcomes:
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_key} never became {outcomes}:\n{log.read_text()[-4000:]}")


def _tracked(cluster: Cluster, account_pk: int) -> list[tuple[Any, ...]]:
    return cluster.query(
        "SELECT kind, upstream_id, status, last_change FROM tracker_trackeditem "
        "WHERE account_id = %s ORDER BY kind, upstream_id",
        account_pk,
    )


def test_a_poll_cut_off_by_a_postgresql_restart_is_retried_whole_and_leaves_nothing_half_written(
    worker: tuple[Celery, Path], cluster: Cluster, sandbox: Any
) -> None:
    sender, log = worker
    account_pk = int(
        cluster.query(
            "SELECT id FROM accounts_cmaccount WHERE account_id = %s", sandbox.account_id
        )[0][0]
    )
    # Every answer of CM.com slowed, so the poll is mid-flight (reading) when the cluster goes.
    sandbox.settings(latency_ms=400)
    run_key = f"manual:{uuid.uuid4().hex}"
    sender.send_task("tracker.poll_account", args=(account_pk, run_key))

    assert _wait_for_run(cluster, run_key, {"running"}, log)[0] == "running"
    time.sleep(1.0)  # reading CM.com now; its run's row and lock are taken
    cut = time.monotonic()
    cluster.pg_ctl("-m", "fast", "restart")
    sandbox.settings(latency_ms=0)
    outcome, attempts, _changes = _wait_for_run(cluster, run_key, {"ok", "failed"}, log)
    finished = time.monotonic() - cut
    tracked = _tracked(cluster, account_pk)
    indexed = cluster.query(
        "SELECT count(*) FROM search_searchentry WHERE account_id = %s", account_pk
    )[0][0]

    # A second poll of the same lists finds everything already written: nothing to add, no
    # status to move, nothing changed on the items.
    again = f"manual:{uuid.uuid4().hex}"
    sender.send_task("tracker.poll_account", args=(account_pk, again))
    second = _wait_for_run(cluster, again, {"ok", "failed"}, log)
    worker_log = log.read_text(errors="replace")
    print(
        f"\nPoll cut off by pg_ctl restart -m fast: outcome {outcome} after {attempts} attempts, "
        f"{finished:.1f} s after the restart began; {len(tracked)} items tracked, {indexed} "
        f"search entries; a second poll: {second[0]}, {second[2]} changes"
    )
    # Celery's words for a retry it scheduled, and why: the connection the restart killed.
    assert re.search(r"Retry in \S+: (OperationalError|InterfaceError)", worker_log)
    assert outcome == "ok"
    assert attempts >= 2
    assert tracked
    assert indexed
    assert second == ("ok", 1, 0)
    assert _tracked(cluster, account_pk) == tracked
    assert cluster.query(
        "SELECT count(*) FROM tracker_pollrun WHERE account_id = %s AND outcome = 'running'",
        account_pk,
    ) == [(0,)]
