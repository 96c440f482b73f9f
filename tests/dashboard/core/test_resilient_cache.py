"""Redis going away under the web process (issue 19): a private ``redis-server`` on a free
port is the cache; it is stopped (and, in the second test, frozen) while pages are viewed and
a write is sent. Nothing answers 500, pages show what CM.com (the sandbox) says, a banner
says the cache is down, the write reaches CM.com; when Redis is back the banner goes and the
cache is used again, without a restart. The first tests run the dashboard in this process
(Django's test client, the cache pointed at the private Redis); the last runs it under
gunicorn on a database of its own and talks to it over HTTP. The redis-server and gunicorn
are stopped even when a test fails.

Run with ``-s`` to see the counts (500s, pages with CM.com data, seconds to recover).
"""

from __future__ import annotations

import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from channels_api.client import ChannelsClient
from channels_api.sandbox.seed import DEMO_PRODUCT_TOKEN
from tests.dashboard.channels.helpers import Seeded, htmx, seeded
from tests.dashboard.processes import child_env, csrf_token, logged_in, manage, start_gunicorn, stop
from tests.dashboard.redis_server import free_port, start_redis

BANNER = "The cache is down: pages read from CM.com directly and may be slower."


@dataclass
class PrivateRedis:
    port: int
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def current(self) -> subprocess.Popen[bytes]:
        return self.processes[-1]

    def stop(self) -> None:
        self.current.send_signal(signal.SIGTERM)
        self.current.wait(timeout=10)

    def start(self) -> None:
        self.processes.append(start_redis(self.port))


@pytest.fixture
def redis_server() -> Iterator[PrivateRedis]:
    """A redis-server of this test's own on a free port, stopped however the test ends."""
    running = PrivateRedis(free_port())
    try:
        running.start()
        yield running
    finally:
        for process in running.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGCONT)  # a frozen one must hear the SIGTERM
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture
def private_redis(redis_server: PrivateRedis, settings: Any) -> PrivateRedis:
    """``redis_server`` as this process's default cache, as the settings make it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "dashboard.core.resilient_cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{redis_server.port}/0",
            "KEY_PREFIX": f"outage-{uuid.uuid4().hex}",
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    return redis_server


@dataclass
class Tally:
    """What the pages answered: every status, and the views that showed CM.com's data."""

    statuses: list[int] = field(default_factory=list)
    with_cm_data: int = 0

    def get(self, client: Client, url: str, **kwargs: Any) -> str:
        response = client.get(url, follow=True, **kwargs)
        self.statuses.append(response.status_code)
        return response.content.decode()

    def post(self, client: Client, url: str, data: dict[str, str]) -> str:
        response = client.post(url, data, headers=htmx())
        self.statuses.append(response.status_code)
        return response.content.decode()

    @property
    def errors(self) -> int:
        return sum(1 for status in self.statuses if status >= 500)


def _pages(account: Any, ids: Seeded) -> dict[str, str]:
    base = f"/a/{account.account_id}"
    return {
        "channels": f"{base}/channels/",
        "templates": f"{base}/whatsapp/{ids.live_whatsapp_request_id}/templates/",
    }


def _gets(sandbox: Any) -> list[str]:
    return [entry["path"] for entry in sandbox.log() if entry["method"] == "GET"]


def _contact(url: str) -> dict[str, str]:
    return {
        "customer-contact-url": url,
        "customer-contact-method": "POST",
        "customer-contact-type": "Json",
    }


def _cm_data(name: str, body: str, ids: Seeded, template_names: list[str]) -> bool:
    """Whether a page shows what CM.com holds (and no part said "unavailable")."""
    if "Upstream unavailable" in body:
        return False
    if name == "templates":
        return all(template in body for template in template_names)
    return ids.channel_id in body


def test_pages_and_writes_work_while_redis_is_down_and_the_cache_returns_with_it(
    private_redis: PrivateRedis, support_client: Client, account_a: Any, sandbox: Any
) -> None:
    ids = seeded(account_a)
    pages = _pages(account_a, ids)
    contact_url = f"/a/{account_a.account_id}/channels/{ids.channel_id}/configuration/"
    tally = Tally()

    # Redis up: a cold view reads CM.com, a second view reads the cache.
    sandbox.clear_log()
    first = {name: tally.get(support_client, url) for name, url in pages.items()}
    template_names = _template_names(support_client, pages["templates"])
    assert template_names
    assert not any(BANNER in body for body in first.values())
    sandbox.clear_log()
    for url in pages.values():
        tally.get(support_client, url)
    assert _gets(sandbox) == []

    # Redis down: every page reads CM.com again, on each view, and says the cache is down.
    private_redis.stop()
    down_views = 0
    for _round in range(2):
        for name, url in pages.items():
            sandbox.clear_log()
            body = tally.get(support_client, url)
            down_views += 1
            assert BANNER in body, name
            assert _gets(sandbox), f"{name} did not read CM.com"
            tally.with_cm_data += _cm_data(name, body, ids, template_names)
    # The overview reads only the database (the poller's counts): it answers, and says so too.
    assert BANNER in tally.get(support_client, f"/a/{account_a.account_id}/")
    written = tally.post(
        support_client,
        contact_url + "customer-contact/set/",
        _contact("https://crm.example.com/during-the-outage"),
    )
    assert "https://crm.example.com/during-the-outage" in written
    assert [e for e in sandbox.log() if e["method"] == "PUT" or e["method"] == "POST"]
    channel_page = tally.get(
        support_client, f"/a/{account_a.account_id}/channels/{ids.channel_id}/"
    )
    assert "https://crm.example.com/during-the-outage" in channel_page

    # Redis back: the banner goes at the next check, and the cache serves repeat views again.
    private_redis.start()
    back = time.monotonic()
    while BANNER in tally.get(support_client, pages["channels"]):
        assert time.monotonic() - back < 30, "the banner stayed after Redis came back"
        time.sleep(0.2)
    recovered = time.monotonic() - back
    for url in pages.values():
        assert BANNER not in tally.get(support_client, url)
    sandbox.clear_log()
    for url in pages.values():
        tally.get(support_client, url)
    assert _gets(sandbox) == []

    print(
        f"\nRedis stopped: {len(tally.statuses)} requests, {tally.errors} answered 500; "
        f"{tally.with_cm_data} of {down_views} page views during the outage showed CM.com's "
        f"data; the cache was used again {recovered:.1f} s after Redis came back"
    )
    assert tally.errors == 0
    assert tally.with_cm_data == down_views


def _template_names(client: Client, url: str) -> list[str]:
    response = client.get(url, follow=True)
    return [row.name for row in response.context["rows"]][:3]


def test_a_write_while_redis_hangs_still_invalidates_what_redis_held_from_before(
    private_redis: PrivateRedis, support_client: Client, account_a: Any, sandbox: Any
) -> None:
    """A frozen Redis (SIGSTOP: connections open, no answers) costs a socket timeout once, then
    the fallback; it keeps what it cached before, so the write's invalidation, kept by the
    process, must reach it when it answers again, or the page would show the old value."""
    ids = seeded(account_a)
    channel = f"/a/{account_a.account_id}/channels/{ids.channel_id}/"
    tally = Tally()
    tally.get(support_client, channel)  # cached in Redis now
    private_redis.current.send_signal(signal.SIGSTOP)
    try:
        written = tally.post(
            support_client,
            channel + "configuration/customer-contact/set/",
            _contact("https://crm.example.com/while-frozen"),
        )
        assert "https://crm.example.com/while-frozen" in written
        assert BANNER in tally.get(support_client, channel)
    finally:
        private_redis.current.send_signal(signal.SIGCONT)
    back = time.monotonic()
    while BANNER in (body := tally.get(support_client, channel)):
        assert time.monotonic() - back < 30, "the banner stayed after Redis answered again"
        time.sleep(0.2)
    assert "https://crm.example.com/while-frozen" in body
    assert tally.errors == 0


def test_while_redis_is_down_the_breaker_and_the_poll_now_limit_hold_in_the_process(
    private_redis: PrivateRedis, support_user: Any, account_a: Any
) -> None:
    """The breaker and the limits live in this process's memory while Redis is down: five
    failures still stop the account's calls, and "Poll now" twice still says "try again"."""
    from channels_api import errors
    from dashboard import upstream
    from dashboard.tracker.services import account_poll_now

    private_redis.stop()
    breaker = upstream.Breaker(account_a.pk)
    for _ in range(5):
        breaker.after(
            "GET",
            "/channels",
            errors.UpstreamError("down", method="GET", path="/channels", status=503),
        )
    with pytest.raises(upstream.CircuitOpen):
        breaker.before("GET", "/channels")
    assert account_poll_now(actor=support_user, account=account_a).queued
    again = account_poll_now(actor=support_user, account=account_a)
    assert not again.queued
    assert "try again at" in again.message


def test_logging_in_works_while_redis_is_down(
    private_redis: PrivateRedis, support_user: Any, account_a: Any
) -> None:
    from tests.dashboard_fixtures import PASSWORD

    private_redis.stop()
    client = Client()
    response = client.post("/login/", {"username": "sam", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert BANNER in response.content.decode()
    assert client.get(f"/a/{account_a.account_id}/channels/").status_code == 200


# --- the same under gunicorn: a web process of its own, on its own database -----------------


@pytest.fixture
def web(redis_server: PrivateRedis, sandbox: Any, tmp_path: Path) -> Iterator[str]:
    """gunicorn serving the dashboard with the private Redis as its cache (and broker), a
    database of its own seeded with the demo people and the sandbox's account; its address."""
    env = child_env(
        tmp_path,
        f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL=f"redis://127.0.0.1:{redis_server.port}/0",
    )
    manage(["migrate", "-v0"], env)
    manage(["seed_demo", "--base-url", sandbox.base_url], env)
    server, address = start_gunicorn(env, tmp_path / "gunicorn.log")
    try:
        yield address
    finally:
        stop(server)


def test_gunicorn_keeps_serving_cm_data_while_its_redis_stops_and_uses_it_again_after(
    web: str, redis_server: PrivateRedis, sandbox: Any, account_a: Any
) -> None:
    # account_a is the sandbox's demo account in this process's database, as seed_demo made it
    # in gunicorn's: only to find the seeded ids here.
    ids = seeded(account_a)
    pages = {name: web + url for name, url in _pages(account_a, ids).items()}
    session = logged_in(web)
    statuses: list[int] = []

    def view(url: str) -> str:
        answer = session.get(url, timeout=30)
        statuses.append(answer.status_code)
        return answer.text

    up = {name: view(url) for name, url in pages.items()}
    assert not any(BANNER in body for body in up.values())
    with ChannelsClient(
        account_id=sandbox.account_id, product_token=DEMO_PRODUCT_TOKEN, base_url=sandbox.base_url
    ) as client:
        listed = client.templates.list(ids.live_whatsapp_request_id, take=3)[:3]
    template_names = [template.name for template in listed]
    assert template_names
    assert all(name in up["templates"] for name in template_names)
    redis_server.stop()
    outage_views = with_cm_data = 0
    stopped = time.monotonic()
    while time.monotonic() - stopped < 5:  # an outage of a few seconds, as a restart
        for name, url in pages.items():
            body = view(url)
            outage_views += 1
            assert BANNER in body, name
            with_cm_data += _cm_data(name, body, ids, template_names)
    channel = f"{pages['channels']}{ids.channel_id}/"
    csrf = csrf_token(view(channel))
    written = session.post(
        channel + "configuration/customer-contact/set/",
        _contact("https://crm.example.com/gunicorn-outage"),
        headers={"X-CSRFToken": csrf, "HX-Request": "true", "Referer": channel},
        timeout=30,
    )
    statuses.append(written.status_code)
    assert "https://crm.example.com/gunicorn-outage" in written.text

    redis_server.start()
    back = time.monotonic()
    while BANNER in view(pages["channels"]):
        assert time.monotonic() - back < 30, "the banner stayed after Redis came back"
        time.sleep(0.2)
    recovered = time.monotonic() - back
    view(pages["channels"])
    sandbox.clear_log()
    assert BANNER not in view(pages["channels"])
    assert _gets(sandbox) == []  # from the cache again

    errors = sum(1 for status in statuses if status >= 500)
    print(
        f"\ngunicorn, Redis stopped for 5 s: {len(statuses)} requests, {errors} answered 500; "
        f"{with_cm_data} of {outage_views} page views during the outage showed CM.com's data; "
        f"the cache was used again {recovered:.1f} s after Redis came back"
    )
    assert errors == 0
    assert with_cm_data == outage_views
