"""Real processes for the tests that run the dashboard outside pytest's process: a database of
their own, ``manage.py`` commands, gunicorn on a free port and a Celery worker (each in a
process group of its own, which ``stop`` ends whole), and a person logged in over HTTP.

Used by the Redis outage test (tests/dashboard/core/test_resilient_cache.py), the two web
processes that must agree (tests/dashboard/test_two_web_processes.py), the embedded
default's shared cache (tests/dashboard/test_embedded_cache_is_shared.py) and PostgreSQL
restarted under gunicorn and a worker (tests/dashboard/test_database_restart.py).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

from tests.dashboard.redis_server import ROOT, free_port

Popen = subprocess.Popen[bytes]

# What this process's environment may carry that a child must not inherit: the moved clock of
# `make test`'s date runs, and the services and folders the test gives the child itself.
_NOT_INHERITED = ("TEST_CLOCK", "CELERY_BROKER_URL", "REDIS_URL", "DATABASE_URL", "VAR_DIR")


def child_env(var_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a dashboard process: the project's settings, its own VAR_DIR (so its
    secret key, token key, file cache and embedded broker are its own) and database."""
    env = {k: v for k, v in os.environ.items() if k not in _NOT_INHERITED}
    env.update(
        {"DJANGO_SETTINGS_MODULE": "dashboard.settings", "VAR_DIR": str(var_dir)},
        DATABASE_URL=database_url,
        **extra,
    )
    return env


def manage(args: list[str], env: dict[str, str]) -> None:
    """Run ``manage.py ARGS`` in a child process; fail with its error output."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]


@contextmanager
def own_database(directory: Path) -> Iterator[str]:
    """A database URL no other test uses: a new PostgreSQL database on the server of this
    run's DATABASE_URL (dropped afterwards) when that is PostgreSQL, else a SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{directory / 'db.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'dashboard'}_procs_{uuid.uuid4().hex[:10]}"
    server = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path, what: str) -> None:
    """Until something listens on ``port``; fail with the log if ``process`` stopped."""
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            assert process.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, f"{what} did not listen"
            time.sleep(0.1)


def start_gunicorn(env: dict[str, str], log: Path, *, threads: int = 4) -> tuple[Popen, str]:
    """gunicorn serving the dashboard with ``env`` on a free port, in a process group of its
    own (``stop`` ends the master and its workers together); the process and its address."""
    port = free_port()
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "dashboard.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", str(threads)),
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_port(port, process, log, "gunicorn")
    except BaseException:
        stop(process)
        raise
    return process, f"http://127.0.0.1:{port}"


def start_worker(env: dict[str, str], log: Path, *, processes: int = 2) -> Popen:
    """A Celery worker (prefork, as ``make run`` starts it, without beat) on ``env``'s broker,
    in a process group of its own; returned once it says it is ready."""
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "dashboard", "worker", "--loglevel=INFO"),
            *("--pool=prefork", f"--concurrency={processes}"),
            f"--hostname=test-{uuid.uuid4().hex[:8]}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while " ready." not in log.read_text(errors="replace"):
            assert process.poll() is None, log.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.2)
    except BaseException:
        stop(process)
        raise
    return process


def stop(process: Popen, *, graceful: bool = True) -> None:
    """Stop a process started with ``start_new_session`` and everything it started: SIGTERM to
    its group (a frozen one is woken to hear it), SIGKILL if it has not gone within 15 s, or at
    once when not ``graceful`` (a test's Celery worker: its warm shutdown takes ~9 s, and it
    has nothing to finish that the test still needs)."""
    if process.poll() is None and graceful:
        for sig in (signal.SIGCONT, signal.SIGTERM):
            with suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    # Whatever is left of the group (all of it when not graceful, or a child that outlived
    # its parent) goes now.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


CSRF_IN_PAGE = re.compile(r'"X-CSRFToken": "([^"]+)"')


def logged_in(
    address: str,
    username: str = "support",
    password: str = "support-demo",  # noqa: S107 (seed_demo's published demo password)
) -> requests.Session:
    """A session logged in on ``address`` as one of ``seed_demo``'s people."""
    session = requests.Session()
    form = session.get(f"{address}/login/", timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token
    answer = session.post(
        f"{address}/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": token[1]},
        headers={"Referer": f"{address}/login/"},
        timeout=30,
    )
    assert answer.status_code == 200
    assert "Log out" in answer.text
    return session


def csrf_token(page: str) -> str:
    """The CSRF token a page gives htmx (``hx-headers`` on its body)."""
    found = CSRF_IN_PAGE.search(page)
    assert found, "the page carries no CSRF token"
    return found[1]
