"""How the client behaves when the API misbehaves, tested against the sandbox over real HTTP."""

import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from channels_api import ChannelsClient, errors
from channels_api._version import __version__


def client_for(sandbox, **kwargs):
    return ChannelsClient(
        account_id=sandbox.account_id,
        product_token=sandbox.token,
        base_url=sandbox.base_url,
        **kwargs,
    )


def types_path(sandbox):
    return f"/channels/v1/accounts/{sandbox.account_id}/channels/types"


def requests_to(sandbox, method, path):
    return [e for e in sandbox.log() if e["method"] == method and e["path"] == path]


def test_a_get_answered_503_twice_then_200_succeeds_after_three_requests(sandbox):
    sandbox.fault("GET", types_path(sandbox), count=2, status=503)
    types = client_for(sandbox).channels.list_types()
    assert [t.description for t in types]
    assert len(requests_to(sandbox, "GET", types_path(sandbox))) == 3


def test_a_post_answered_503_raises_at_once_after_one_request(sandbox):
    path = f"/channels/v1/accounts/{sandbox.account_id}/channels/requests"
    sandbox.fault("POST", path, count=1, status=503)
    type_id = client_for(sandbox).channels.list_types()[0].id
    with pytest.raises(errors.UpstreamError) as caught:
        client_for(sandbox).channels.request(type_id)
    assert caught.value.status == 503
    assert caught.value.method == "POST"
    assert len(requests_to(sandbox, "POST", path)) == 1


def test_a_read_timeout_raises_the_timeout_error_within_its_bound(sandbox):
    sandbox.fault("GET", types_path(sandbox), count=1, delay_ms=3000)
    started = time.monotonic()
    with pytest.raises(errors.Timeout):
        client_for(sandbox, timeout=0.5).channels.list_types()
    assert time.monotonic() - started < 2.0


def test_a_429_with_retry_after_is_waited_for_then_succeeds(sandbox):
    sandbox.fault("GET", types_path(sandbox), count=1, status=429, retry_after="1")
    started = time.monotonic()
    types = client_for(sandbox).channels.list_types()
    assert types
    assert time.monotonic() - started >= 1.0
    assert len(requests_to(sandbox, "GET", types_path(sandbox))) == 2


def test_a_retry_after_longer_than_the_budget_is_not_waited_for(sandbox):
    sandbox.fault("GET", types_path(sandbox), count=1, status=429, retry_after="120")
    started = time.monotonic()
    with pytest.raises(errors.RateLimited) as caught:
        client_for(sandbox).channels.list_types()
    assert caught.value.retry_after == 120
    assert time.monotonic() - started < 1.0
    assert len(requests_to(sandbox, "GET", types_path(sandbox))) == 1


def test_retries_stop_after_three(sandbox):
    sandbox.fault("GET", types_path(sandbox), count=10, status=502)
    with pytest.raises(errors.UpstreamError):
        client_for(sandbox).channels.list_types()
    assert len(requests_to(sandbox, "GET", types_path(sandbox))) == 4


def test_a_malformed_json_body_raises_a_clear_error(sandbox):
    sandbox.fault("GET", types_path(sandbox), count=1, malformed=True)
    with pytest.raises(errors.MalformedResponse, match="not valid JSON"):
        client_for(sandbox).channels.list_types()


def test_a_404_is_not_found_with_the_servers_message(sandbox):
    with pytest.raises(errors.NotFound) as caught:
        client_for(sandbox).channels.get_request("11111111-2222-4333-8444-555555555555")
    assert caught.value.status == 404
    assert caught.value.message
    assert caught.value.path.endswith("/channels/requests/11111111-2222-4333-8444-555555555555")


def test_a_wrong_token_is_unauthorized_and_never_shows_in_the_error_or_the_log(sandbox, caplog):
    secret = "this-is-a-secret-token-1234"
    client = ChannelsClient(
        account_id=sandbox.account_id, product_token=secret, base_url=sandbox.base_url
    )
    caplog.set_level(logging.DEBUG)
    with pytest.raises(errors.Unauthorized) as caught:
        client.channels.list()
    for text in (str(caught.value), repr(caught.value), repr(client), caplog.text):
        assert secret not in text
    assert caught.value.status == 401


def test_another_accounts_token_is_forbidden(sandbox):
    _other_id, other_token = sandbox.accounts[1]
    client = ChannelsClient(
        account_id=sandbox.account_id, product_token=other_token, base_url=sandbox.base_url
    )
    with pytest.raises(errors.Forbidden):
        client.channels.list()


def test_a_closed_port_is_a_connection_failure_not_a_hang():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = ChannelsClient(
        account_id="8d5c1a6e-3b1f-4c2a-9e57-2f6b1d0c9a11",
        product_token="t",
        base_url=f"http://127.0.0.1:{port}/channels/v1",
        retry_budget=1.0,
    )
    with pytest.raises(errors.ConnectionFailed):
        client.channels.list()


def test_every_request_carries_the_token_header_and_a_user_agent_naming_the_project():
    seen = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen["token"] = self.headers.get("X-CM-PRODUCTTOKEN")
            seen["agent"] = self.headers.get("User-Agent")
            seen["path"] = self.path
            body = b"[]"
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    client = ChannelsClient(
        account_id="8d5c1a6e-3b1f-4c2a-9e57-2f6b1d0c9a11",
        product_token="tok-123",
        base_url=f"http://127.0.0.1:{server.server_port}/base/v1",
    )
    assert client.channels.list_types(skip=0, take=5) == []
    thread.join(5)
    server.server_close()
    assert seen["token"] == "tok-123"
    assert seen["agent"].startswith(f"channels-dashboard-client/{__version__}")
    assert seen["path"] == (
        "/base/v1/accounts/8d5c1a6e-3b1f-4c2a-9e57-2f6b1d0c9a11/channels/types?skip=0&take=5"
    )


def test_the_default_base_url_is_cms_api():
    client = ChannelsClient(account_id="a", product_token="t")
    assert client.base_url == "https://api.cm.com/channels/v1"


def test_values_outside_the_documented_sets_are_refused_before_anything_is_sent(sandbox):
    client = client_for(sandbox)
    with pytest.raises(ValueError, match="type must be one of"):
        client.configuration.add_webhook("c", url="https://example.org/hook", type="Yaml")
    with pytest.raises(ValueError, match="method must be one of"):
        client.profiles.start_otp("r", "p", method="pigeon")
    with pytest.raises(ValueError, match="type must be one of"):
        client.templates.add_field("r", "t", name="amount", type="money")
    assert sandbox.log() == []


def test_starting_an_otp_is_sent_once_even_on_a_503_because_each_call_sends_a_text(sandbox):
    client = client_for(sandbox)
    types = {t.id: t.description for t in client.channels.list_types()}
    request = next(
        r
        for r in client.channels.list_requests()
        if types.get(r.channel_type_id) == "WhatsApp" and r.is_active
    )
    profile = next(p for p in client.profiles.list(request.id) if not p.is_active)
    path = (
        f"/channels/v1/accounts/{sandbox.account_id}/whatsapp/{request.id}"
        f"/profiles/{profile.id}/phonenumber/otp"
    )
    sandbox.fault("GET", path, count=1, status=503)
    with pytest.raises(errors.UpstreamError):
        client.profiles.start_otp(request.id, profile.id, method="sms")
    assert len(requests_to(sandbox, "GET", path)) == 1
