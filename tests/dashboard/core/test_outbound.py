"""``dashboard.core.outbound.probe``: one test request to a configured endpoint, against real
local servers, and every address it must refuse, each proven to send nothing."""

from __future__ import annotations

import json

import pytest
import urllib3.util.connection

from dashboard.core import outbound
from tests.dashboard.core.outbound_servers import certificate, running, server_context


@pytest.fixture
def connections(monkeypatch):
    """Every outbound connection the probe opens (where it went), while it still opens them."""
    opened: list[tuple[str, int]] = []
    real = urllib3.util.connection.create_connection

    def counted(address, *args, **kwargs):
        opened.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.connection, "create_connection", counted)
    return opened


@pytest.fixture
def server():
    with running(slow_seconds=3) as receiver:
        yield receiver


def _allow(server):
    return outbound.parse_allowances([f"127.0.0.1:{server.server_address[1]}"])


# --- what is sent and what comes back ---------------------------------------------------------


def test_an_endpoint_that_answers_200_shows_the_status_the_time_and_the_answer(server):
    body = outbound.sample_body("webhook", "c-1")
    result = outbound.probe(server.url("/cm/inbound"), "POST", body=body, allow=_allow(server))
    assert result.kind == "answered"
    assert result.sent
    assert result.status == 200
    assert result.elapsed_ms is not None
    assert json.loads(result.body)["received"] is True
    assert result.address == "127.0.0.1"
    (got,) = server.received
    assert got.method == "POST"
    assert got.path == "/cm/inbound"
    assert got.headers["User-Agent"] == outbound.USER_AGENT
    assert got.headers["X-Channels-Dashboard-Test"] == "true"
    assert got.headers["Content-Type"] == "application/json"
    sent = json.loads(got.body)
    assert sent["test"] is True
    assert "not a real message" in sent["description"]


def test_the_configured_method_is_used_and_a_get_sends_no_body(server):
    outbound.probe(server.url("/a"), "PUT", body=b"{}", allow=_allow(server))
    outbound.probe(server.url("/b?x=1"), "GET", body=b"{}", allow=_allow(server))
    put, get = server.received
    assert (put.method, put.body) == ("PUT", b"{}")
    assert (get.method, get.path, get.body) == ("GET", "/b?x=1", b"")


def test_an_endpoint_that_does_not_answer_in_time_is_a_timeout_in_words(server):
    result = outbound.probe(server.url("/slow"), "POST", allow=_allow(server), timeout=0.5)
    assert result.kind == "timeout"
    assert result.failure.startswith("No answer within 0.5 s (timeout)")
    assert result.status is None


def test_a_redirect_is_not_followed(server):
    result = outbound.probe(server.url("/redirect"), "POST", allow=_allow(server))
    assert result.status == 302
    assert result.location == "/ok"
    assert [r.path for r in server.received] == ["/redirect"]


def test_only_64_kb_of_a_big_answer_are_read_and_2_kb_shown(server):
    result = outbound.probe(server.url("/big"), "GET", allow=_allow(server))
    assert result.status == 200
    assert result.body_bytes == outbound.MAX_READ
    assert len(result.body) == outbound.SHOWN


def test_a_closed_port_is_a_refused_connection_in_words(connections):
    with running() as receiver:
        port = receiver.server_address[1]
    result = outbound.probe(
        f"http://127.0.0.1:{port}/", "POST", allow=outbound.parse_allowances([f"127.0.0.1:{port}"])
    )
    assert result.kind == "connection"
    assert result.failure == f"No connection: 127.0.0.1 port {port} refused the connection."


def test_a_name_that_does_not_resolve_is_a_dns_failure_in_words(connections):
    def nothing(host, port):
        raise OSError("Name or service not known")

    result = outbound.probe("https://hooks.example.invalid/x", "POST", resolve=nothing)
    assert result.kind == "dns"
    assert result.failure == "Not sent: the name hooks.example.invalid was not found (DNS)."
    assert connections == []


# --- TLS ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hosts", "days", "trusted", "url_host", "reason"),
    [
        (("localhost",), (-1, 30), False, "localhost", "the certificate is self-signed"),
        (("localhost",), (-30, -1), True, "localhost", "the certificate has expired"),
        (("other.test",), (-1, 30), True, "localhost", "the certificate is for another host name"),
    ],
    ids=["self-signed", "expired", "wrong-host"],
)
def test_a_certificate_that_is_not_valid_says_why_and_sends_nothing(
    tmp_path, hosts, days, trusted, url_host, reason
):
    cert, key = certificate(tmp_path, "server", hosts=hosts, days=days)
    with running(tls=server_context(cert, key)) as receiver:
        port = receiver.server_address[1]
        result = outbound.probe(
            f"https://{url_host}:{port}/ok",
            "POST",
            allow=outbound.parse_allowances([f"127.0.0.1:{port}", f"[::1]:{port}"]),
            ca_file=str(cert) if trusted else None,
        )
        assert result.kind == "tls"
        assert result.tls == reason
        assert result.tls_valid is False
        assert result.failure == f"TLS: {reason}. The test event was not sent over that connection."
        assert receiver.received == []


def test_a_valid_certificate_is_said_to_be_valid(tmp_path):
    cert, key = certificate(tmp_path, "server", hosts=("localhost",))
    with running(tls=server_context(cert, key)) as receiver:
        port = receiver.server_address[1]
        result = outbound.probe(
            f"https://localhost:{port}/ok",
            "POST",
            allow=outbound.parse_allowances([f"127.0.0.1:{port}", f"[::1]:{port}"]),
            ca_file=str(cert),
        )
    assert result.status == 200
    assert (result.tls, result.tls_valid) == ("valid", True)
    (got,) = receiver.received
    assert got.headers["Host"] == f"localhost:{port}"


# --- refusals: nothing is sent ----------------------------------------------------------------

REFUSED = {
    "loopback IPv4": ("http://127.0.0.1:{port}/", "127.0.0.1 is not allowed: it is a loopback"),
    "loopback IPv6": ("http://[::1]:{port}/", "::1 is not allowed: it is a loopback address"),
    "10/8": ("http://10.0.0.1/", "10.0.0.1 is not allowed: it is a private address"),
    "172.16/12": ("http://172.16.5.4/", "172.16.5.4 is not allowed: it is a private address"),
    "192.168/16": ("http://192.168.1.1/", "192.168.1.1 is not allowed: it is a private address"),
    "link-local (cloud metadata)": (
        "http://169.254.169.254/latest/meta-data/",
        "169.254.169.254 is not allowed: it is a link-local address",
    ),
    "link-local IPv6": ("http://[fe80::1]/", "fe80::1 is not allowed: it is a link-local address"),
    "unique local IPv6": ("http://[fd00::1]/", "fd00::1 is not allowed: it is a private address"),
    "multicast": ("http://224.0.0.1/", "224.0.0.1 is not allowed: it is a multicast address"),
    "multicast IPv6": ("http://[ff02::1]/", "ff02::1 is not allowed: it is a multicast address"),
    "unspecified": ("http://0.0.0.0:{port}/", "0.0.0.0 is not allowed: it is an unspecified"),
    "unspecified IPv6": ("http://[::]/", ":: is not allowed: it is an unspecified address"),
    "reserved": ("http://240.0.0.1/", "240.0.0.1 is not allowed: it is a reserved address"),
    "shared (carrier NAT)": ("http://100.64.0.1/", "100.64.0.1 is not allowed: it is not a public"),
    "IPv4-mapped IPv6": (
        "http://[::ffff:127.0.0.1]:{port}/",
        "::ffff:7f00:1 is not allowed: it carries 127.0.0.1, and it is a loopback address",
    ),
    "NAT64 of loopback": (
        "http://[64:ff9b::7f00:1]/",
        "64:ff9b::7f00:1 is not allowed: it carries 127.0.0.1, and it is a loopback address",
    ),
    "6to4 of a private address": (
        "http://[2002:a00:1::]/",
        "2002:a00:1:: is not allowed: it carries 10.0.0.1, and it is a private address",
    ),
    "a name resolving to loopback": (
        "http://localhost:{port}/",
        "localhost resolves to",
    ),
    "decimal IPv4": ("http://2130706433:{port}/", "2130706433 resolves to 127.0.0.1"),
    "hexadecimal IPv4": ("http://0x7f.0.0.1:{port}/", "0x7f.0.0.1 resolves to 127.0.0.1"),
    "a name with a trailing dot": ("http://localhost.:{port}/", "localhost resolves to"),
    "ftp scheme": ("ftp://example.com/file", "only http:// and https:// addresses are tested"),
    "file scheme": ("file:///etc/passwd", "only http:// and https:// addresses are tested"),
    "gopher scheme": ("gopher://127.0.0.1:70/", "only http:// and https:// addresses are tested"),
    "port 8080": ("http://93.184.215.14:8080/", "port 8080 is not allowed: only 80 and 443 are"),
    "user and password": ("http://user:pw@93.184.215.14/", "holds a user name or password"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_each_refused_address_sends_nothing(case, server, connections):
    url, words = REFUSED[case]
    result = outbound.probe(url.format(port=server.server_address[1]), "POST", body=b"{}")
    assert result.kind == "refused"
    assert not result.sent
    assert result.failure.startswith("Not sent: ")
    assert words in result.failure
    assert connections == []
    assert server.connections == 0
    assert server.received == []


def test_a_name_is_refused_when_any_of_its_addresses_is_forbidden(connections):
    result = outbound.probe(
        "https://hooks.example.com/x",
        "POST",
        resolve=lambda host, port: ["93.184.215.14", "127.0.0.1"],
    )
    assert result.failure == (
        "Not sent: hooks.example.com resolves to 127.0.0.1; "
        "127.0.0.1 is not allowed: it is a loopback address."
    )
    assert connections == []


def test_dns_rebinding_cannot_move_the_connection_to_a_checked_name(server, connections):
    """The name is resolved once and the connection goes to that address: a resolver that
    answers a public address first and loopback afterwards never gets a second question."""
    asked: list[str] = []
    with running(host="127.0.0.2") as checked:
        port = checked.server_address[1]
        answers = iter([["127.0.0.2"], ["127.0.0.1"], ["127.0.0.1"]])

        def rebinding(host, port_):
            asked.append(host)
            return next(answers)

        # 127.0.0.2 stands in for the public address the name first resolves to (allowed
        # here); 127.0.0.1, where the second answer would lead, is not.
        allow = outbound.parse_allowances([f"127.0.0.2/32:{port}"])
        result = outbound.probe(
            f"http://rebind.example.com:{port}/x", "POST", allow=allow, resolve=rebinding
        )
        got = checked.received
    assert asked == ["rebind.example.com"]
    assert connections == [("127.0.0.2", port)]
    assert result.address == "127.0.0.2"
    assert result.status == 200
    assert [g.headers["Host"] for g in got] == [f"rebind.example.com:{port}"]
    assert server.connections == 0


def test_an_allowance_lets_one_address_and_port_through_and_nothing_else(server):
    port = server.server_address[1]
    allow = outbound.parse_allowances([f"127.0.0.1:{port}"])
    assert outbound.probe(server.url("/"), "POST", allow=allow).status == 200
    other = outbound.probe(f"http://127.0.0.1:{port + 1}/", "POST", allow=allow)
    assert other.kind == "refused"


@pytest.mark.parametrize(
    "entry", ["127.0.0.1:99999", "not-an-address", "*", "[::1", "10.0.0.0/8:x"]
)
def test_a_bad_allowance_is_refused_with_words(entry):
    with pytest.raises(ValueError, match=r"\S"):
        outbound.parse_allowance(entry)
