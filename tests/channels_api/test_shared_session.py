"""Clients may share one pooled session (``new_session``): each request carries its own
account's token, and closing a client leaves a session it did not make open for the next."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from channels_api.client import ChannelsClient, new_session


def _client(base_url: str, account: tuple[str, str], session) -> ChannelsClient:
    account_id, token = account
    return ChannelsClient(
        account_id=account_id, product_token=token, base_url=base_url, session=session
    )


class _KeepAlive(BaseHTTPRequestHandler):
    """Answers as CM.com does over HTTP/1.1, keeping the connection open between requests
    (the sandbox's werkzeug server closes every connection, so it cannot show reuse)."""

    protocol_version = "HTTP/1.1"
    ports: list[int] = []
    authorizations: list[str | None] = []
    paths: list[str] = []

    def do_GET(self) -> None:
        self.ports.append(self.client_address[1])
        self.authorizations.append(self.headers.get("Authorization"))
        self.paths.append(self.path)
        body = json.dumps({"available": {}, "comingSoon": []}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def keep_alive_server() -> Iterator[str]:
    _KeepAlive.ports = []
    _KeepAlive.authorizations = []
    _KeepAlive.paths = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _KeepAlive)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()
    server.server_close()


def test_two_accounts_sharing_a_session_each_send_their_own_token(sandbox):
    shared = new_session()
    first, second = sandbox.accounts[0], sandbox.accounts[1]
    for account in (first, second, first):
        with _client(sandbox.base_url, account, shared) as client:
            client.channels.list()
    logged = [(entry["account_id"], entry["status"]) for entry in sandbox.log()]
    assert logged == [(first[0], 200), (second[0], 200), (first[0], 200)]


def test_closing_a_client_keeps_a_shared_sessions_connection_for_the_next_call(
    keep_alive_server, sandbox
):
    shared = new_session()
    for _ in range(3):
        with _client(keep_alive_server, sandbox.accounts[0], shared) as client:
            client.channels.list()
    assert len(_KeepAlive.ports) == 3
    assert len(set(_KeepAlive.ports)) == 1, "each call opened a new connection"


def test_a_client_closes_the_session_it_made_itself(sandbox):
    client = _client(sandbox.base_url, sandbox.accounts[0], None)
    client.channels.list()
    pools = client._transport._session.get_adapter("http://").poolmanager.pools
    client.close()
    assert len(pools) == 0


def test_a_netrc_login_for_the_host_is_never_sent_with_the_token(
    keep_alive_server, sandbox, tmp_path, monkeypatch
):
    # requests would add a Basic login found in ~/.netrc for the host; the token is the only
    # credential CM.com gets.
    (tmp_path / ".netrc").write_text("machine 127.0.0.1 login someone password secret\n")
    (tmp_path / ".netrc").chmod(0o600)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(tmp_path / ".netrc"))
    with _client(keep_alive_server, sandbox.accounts[0], new_session()) as client:
        client.channels.list()
    assert _KeepAlive.authorizations == [None]


def test_a_proxy_set_in_the_environment_is_still_used(keep_alive_server, sandbox, monkeypatch):
    # The session reads the environment once per host, not on every call, but reads it: a
    # deployment behind a proxy still reaches CM.com through it. The "proxy" here is the
    # keep-alive server itself, which then sees the full URL asked for.
    monkeypatch.setenv("HTTP_PROXY", keep_alive_server.removesuffix("/v1"))
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    shared = new_session()
    for _ in range(2):
        with _client("http://cm.example/v1", sandbox.accounts[0], shared) as client:
            client.channels.list()
    assert len(_KeepAlive.paths) == 2
    assert all(path.startswith("http://cm.example/v1/") for path in _KeepAlive.paths)
