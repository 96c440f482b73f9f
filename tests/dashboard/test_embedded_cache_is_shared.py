"""The embedded default (`make run`, no REDIS_URL) shares one cache between the web process and
the Celery worker (issue 19): Django's file cache under VAR_DIR. A poll the worker runs that
sees a change drops the account's cached reads, and the web's next page view reads CM.com
again; with a cache per process the page kept showing what it had cached.

Real processes: gunicorn and a prefork Celery worker on the embedded ``filesystem://`` broker,
one VAR_DIR, one database (PostgreSQL of its own when DATABASE_URL is PostgreSQL, else SQLite),
the sandbox. They are stopped, with their process groups, however the test ends.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from channels_api.client import ChannelsClient
from channels_api.sandbox.seed import DEMO_PRODUCT_TOKEN
from tests.dashboard.processes import (
    child_env,
    logged_in,
    manage,
    own_database,
    start_gunicorn,
    start_worker,
    stop,
)


@dataclass(frozen=True)
class Embedded:
    address: str
    env: dict[str, str]
    var_dir: Path


@pytest.fixture
def embedded(sandbox: Any, tmp_path: Path) -> Iterator[Embedded]:
    """gunicorn and a Celery worker as `make run` runs them: no REDIS_URL, one VAR_DIR."""
    # What is pending stays pending until the test moves the sandbox's clock: by default it
    # moves on a minute after the reset, and starting the processes may take that long.
    sandbox.settings(approve_after=86_400)
    with own_database(tmp_path) as database_url:
        # A cached answer outlives the test: only the shared cache can make a page read again.
        env = child_env(tmp_path, database_url, UPSTREAM_CACHE_SECONDS="600")
        manage(["migrate", "-v0"], env)
        manage(["seed_demo", "--base-url", sandbox.base_url], env)
        worker = start_worker(env, tmp_path / "worker.log")
        try:
            server, address = start_gunicorn(env, tmp_path / "gunicorn.log")
            try:
                yield Embedded(address, env, tmp_path)
            finally:
                stop(server)
        finally:
            stop(worker, graceful=False)


def _poll(env: dict[str, str], run_key: str) -> None:
    """Queue a poll of the demo account on the embedded broker, as beat or "Poll now" would."""
    manage(
        [
            "shell",
            "-c",
            "from dashboard.accounts.models import CMAccount; "
            "from dashboard.tracker import queue; "
            f"queue.poll_account(CMAccount.objects.get().pk, {run_key!r})",
        ],
        env,
    )


def _until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within a minute"
        time.sleep(0.3)


def _polls_done(embedded: Embedded) -> int:
    """Polls the worker finished, as its log says: after the poll's commit, so after it dropped
    the cached reads too (the board shows a poll's rows before that)."""
    log = (embedded.var_dir / "worker.log").read_text(errors="replace")
    return len(re.findall(r"Task tracker\.poll_account\[[^]]+\] succeeded", log))


def _status(page: str) -> str:
    found = re.search(r"<dt>Status</dt><dd><span[^>]*>([^<]+)</span>", page)
    assert found, "the request page shows no status"
    return found[1]


def test_a_change_the_worker_polls_shows_on_the_next_page_view_without_redis(
    embedded: Embedded, sandbox: Any
) -> None:
    with ChannelsClient(
        account_id=sandbox.account_id, product_token=DEMO_PRODUCT_TOKEN, base_url=sandbox.base_url
    ) as client:
        pending = next(r for r in client.channels.list_requests() if r.is_pending)
    session = logged_in(embedded.address)
    account = f"{embedded.address}/a/{sandbox.account_id}"
    page = f"{account}/requests/{pending.id}/"

    def board() -> str:
        return session.get(f"{account}/pending/", timeout=30).text

    # The tracker knows the request as pending (the board is the database's, not the cache's).
    _poll(embedded.env, "test:first")
    _until(lambda: _polls_done(embedded) == 1, "the first poll")
    first = session.get(page, timeout=30).text
    tracked = re.search(r"/tracked/(\d+)/", first)
    assert tracked, "the tracker does not follow the pending request"
    assert f"/tracked/{tracked[1]}/" in board()
    assert _status(first) == "Pending"

    # CM.com moves it on; the web's cached answer still says pending, as it should for a while.
    sandbox.advance(30 * 86_400)  # far past approve_after
    assert _status(session.get(page, timeout=30).text) == "Pending"
    assert list((embedded.var_dir / "cache").glob("*.djcache"))  # the cache is the shared one

    # The worker's poll sees the change and drops the account's cached reads: the next page
    # view reads CM.com again, well before the cached answer (10 minutes here) ran out.
    _poll(embedded.env, "test:second")
    _until(lambda: _polls_done(embedded) == 2, "the second poll")
    assert f"/tracked/{tracked[1]}/" not in board()  # no longer pending
    after = session.get(page, timeout=30).text
    assert _status(after) == "Active"
    assert "<dt>Fulfilled</dt><dd>not yet</dd>" not in after
