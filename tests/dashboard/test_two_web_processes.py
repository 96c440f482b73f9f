"""Two web processes that agree (issue 19): two gunicorn processes on two ports, one database
(a PostgreSQL database of their own when this run's DATABASE_URL is PostgreSQL, else a SQLite
file), one private ``redis-server`` as their cache and broker (``REDIS_URL``), one sandbox. What
one process did, the other knows at once: CM.com's cached answers and their invalidation, the
login, the circuit breaker, a Retry-After's "try again at" hold, the "Poll now" limit and the
OTP resend wait.

The processes start once for the module and are stopped, with their process groups, however it
ends; each test starts from an empty Redis and a reset sandbox.
"""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import redis
import requests

from channels_api.client import ChannelsClient
from channels_api.sandbox.seed import DEMO_PRODUCT_TOKEN
from tests.dashboard.processes import (
    Popen,
    child_env,
    csrf_token,
    logged_in,
    manage,
    own_database,
    start_gunicorn,
    stop,
)
from tests.dashboard.redis_server import free_port, start_redis

PAUSED = "so the dashboard has stopped asking it for a moment — try again at"
HELD = "Too many requests to CM.com — try again at"
POLLED = "was polled by hand less than a minute ago — try again at"
TOO_SOON = "A code was sent less than 30 seconds ago: wait"


@dataclass(frozen=True)
class Pair:
    """The two processes' addresses, and the private Redis they share."""

    one: str
    two: str
    redis_port: int


@pytest.fixture(scope="module")
def pair(sandbox_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    """Two gunicorn processes on one database and one private Redis, seeded with the demo people
    and the sandbox's demo account."""
    folder = tmp_path_factory.mktemp("two-web")
    port = free_port()
    redis_server = start_redis(port)
    started: list[Popen] = []
    try:
        with own_database(folder) as database_url:
            env = child_env(folder, database_url, REDIS_URL=f"redis://127.0.0.1:{port}/0")
            manage(["migrate", "-v0"], env)
            manage(["seed_demo", "--base-url", sandbox_server.base_url], env)
            try:
                addresses = []
                for name in ("one", "two"):
                    process, address = start_gunicorn(env, folder / f"gunicorn-{name}.log")
                    started.append(process)
                    addresses.append(address)
                yield Pair(one=addresses[0], two=addresses[1], redis_port=port)
            finally:
                for process in started:  # before the database is dropped
                    stop(process)
    finally:
        redis_server.send_signal(signal.SIGTERM)
        try:
            redis_server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            redis_server.kill()


@dataclass(frozen=True)
class Web:
    """The pair, a person logged in on each, the sandbox, and the demo account's pages."""

    pair: Pair
    one: requests.Session
    two: requests.Session
    sandbox: Any

    @property
    def account(self) -> str:
        return f"/a/{self.sandbox.account_id}"

    def calls(self) -> list[str]:
        """The sandbox's log since it was last cleared, as "GET /path" lines."""
        return [f"{entry['method']} {entry['path']}" for entry in self.sandbox.log()]


@pytest.fixture(scope="module")
def people(pair: Pair) -> tuple[requests.Session, requests.Session]:
    """``support`` logged in on each process (a login of its own on each)."""
    return logged_in(pair.one), logged_in(pair.two)


@pytest.fixture
def web(pair: Pair, people: tuple[requests.Session, requests.Session], sandbox: Any) -> Web:
    """Each test: the sandbox reset (by ``sandbox``) and the shared Redis emptied, so no cached
    answer, breaker or hold of an earlier test is left."""
    client = redis.Redis(port=pair.redis_port)
    try:
        client.flushdb()
    finally:
        client.close()
    return Web(pair, *people, sandbox)


def _client(sandbox: Any) -> ChannelsClient:
    return ChannelsClient(
        account_id=sandbox.account_id, product_token=DEMO_PRODUCT_TOKEN, base_url=sandbox.base_url
    )


def _channel_id(sandbox: Any) -> str:
    with _client(sandbox) as client:
        return str(client.channels.list().available.channels()[0].id)


def _post(
    session: requests.Session,
    address: str,
    page: str,
    action: str,
    data: dict[str, str],
    *,
    htmx: bool = True,
) -> requests.Response:
    """POST ``data`` to ``action`` as the page at ``page`` would (its CSRF token; htmx's
    request, or the plain form's without)."""
    token = csrf_token(session.get(address + page, timeout=30).text)
    headers = {"X-CSRFToken": token, "Referer": address + page}
    if htmx:
        headers["HX-Request"] = "true"
    return session.post(address + action, data, headers=headers, timeout=30, allow_redirects=False)


def _live_whatsapp_request(client: ChannelsClient) -> str:
    whatsapp = next(t.id for t in client.channels.list_types() if t.description == "WhatsApp")
    return str(
        next(
            r.id
            for r in client.channels.list_requests()
            if r.channel_type_id == whatsapp and r.is_active
        )
    )


def test_a_write_answered_by_one_process_is_read_at_once_on_the_other(web: Web) -> None:
    channel = f"{web.account}/channels/{_channel_id(web.sandbox)}/"
    before = web.two.get(web.pair.two + channel, timeout=30)
    assert before.status_code == 200
    # Process 2's reads are process 1's cache: the same page on 1 asks CM.com nothing.
    web.sandbox.clear_log()
    assert web.one.get(web.pair.one + channel, timeout=30).status_code == 200
    assert web.calls() == []

    written = _post(
        web.one,
        web.pair.one,
        channel,
        channel + "configuration/customer-contact/set/",
        {
            "customer-contact-url": "https://crm.example.com/written-on-one",
            "customer-contact-method": "POST",
            "customer-contact-type": "Json",
        },
    )
    assert written.status_code == 200
    assert "https://crm.example.com/written-on-one" in written.text
    assert "https://crm.example.com/written-on-one" not in before.text

    after = web.two.get(web.pair.two + channel, timeout=30)
    assert "https://crm.example.com/written-on-one" in after.text


def test_a_login_on_one_process_is_a_session_on_the_other_and_a_logout_on_it_ends_both(
    web: Web,
) -> None:
    on_one = logged_in(web.pair.one, "marketing", "marketing-demo")
    on_two = requests.Session()  # nothing but the session cookie process 1 set
    on_two.cookies.set("sessionid", on_one.cookies["sessionid"])
    on_two.cookies.set("csrftoken", on_one.cookies["csrftoken"])

    page = on_two.get(web.pair.two + web.account + "/", timeout=30, allow_redirects=False)
    assert page.status_code == 200
    assert "Log out" in page.text
    assert "marketing" in page.text

    token = csrf_token(page.text)
    out = on_two.post(
        web.pair.two + "/logout/",
        headers={"X-CSRFToken": token, "Referer": web.pair.two + web.account + "/"},
        timeout=30,
        allow_redirects=False,
    )
    assert out.status_code == 302
    again = on_one.get(web.pair.one + web.account + "/", timeout=30, allow_redirects=False)
    assert again.status_code == 302
    assert "/login/" in again.headers["Location"]


def test_a_breaker_opened_through_one_process_keeps_the_other_from_calling_cm(web: Web) -> None:
    channel = f"{web.account}/channels/{_channel_id(web.sandbox)}/"
    web.sandbox.fault("GET", "/channels/v1/accounts/*", status=500, count=100)
    for _view in range(10):
        body = web.one.get(web.pair.one + channel, timeout=30).text
        if PAUSED in body:
            break
    else:
        raise AssertionError("process 1 never opened the breaker")
    web.sandbox.clear_faults()  # CM.com is well again, but the breaker holds for a while
    web.sandbox.clear_log()

    on_two = web.two.get(web.pair.two + channel, timeout=30)
    assert on_two.status_code == 200
    assert PAUSED in on_two.text
    assert web.calls() == []


def test_a_try_again_at_hold_asked_for_through_one_process_holds_on_the_other(web: Web) -> None:
    channels = f"{web.account}/channels/"
    held = f"/channels/v1/accounts/{web.sandbox.account_id}/channels"
    web.sandbox.fault("GET", held, status=429, retry_after="600")
    on_one = web.one.get(web.pair.one + channels, timeout=30)
    assert HELD in on_one.text
    web.sandbox.clear_log()

    on_two = web.two.get(web.pair.two + channels, timeout=30)
    assert on_two.status_code == 200
    assert HELD in on_two.text
    assert f"GET {held}" not in web.calls()


def test_poll_now_on_one_process_makes_the_other_say_when_to_try_again(web: Web) -> None:
    board = f"{web.account}/pending/"
    poll = f"{web.account}/pending/poll/"
    first = _post(web.one, web.pair.one, board, poll, {}, htmx=False)
    assert first.status_code == 302
    shown = web.one.get(web.pair.one + first.headers["Location"], timeout=30).text
    assert "now — the board updates when it is done." in shown

    second = _post(web.two, web.pair.two, board, poll, {})
    assert second.status_code == 200
    assert POLLED in second.text


def test_an_otp_code_sent_through_one_process_makes_the_other_wait_before_a_new_one(
    web: Web,
) -> None:
    with _client(web.sandbox) as client:
        request_id = _live_whatsapp_request(client)
        profiles = client.profiles.list(request_id, take=100)
    # A profile the sandbox seeds with no code sent yet.
    sales = next(p for p in profiles if str(p.name).endswith(" Sales"))
    profile = f"{web.account}/whatsapp/{request_id}/profiles/{sales.id}/"
    sent = _post(
        web.one,
        web.pair.one,
        profile + "otp/",
        profile + "otp/send/",
        {"method": "sms"},
        htmx=False,
    )
    assert sent.status_code == 302
    shown = web.one.get(web.pair.one + sent.headers["Location"], timeout=30).text
    assert "Code sent by SMS" in shown
    web.sandbox.clear_log()

    again = _post(web.two, web.pair.two, profile + "otp/", profile + "otp/send/", {"method": "sms"})
    assert again.status_code == 200
    assert TOO_SOON in again.text
    assert not [call for call in web.calls() if call.endswith("/otp")]  # no code started
