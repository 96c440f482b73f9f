"""Requests the dashboard itself sends to an address a person configured ("Send a test event").

This is the one place, besides ``upstream.clients`` (which talks to CM.com), that opens an
outbound connection, and it must not become a way into the network the server sits in. So
``probe`` refuses, before anything is sent:

- a scheme other than ``http`` or ``https``, or a URL without a host, or with a user and password;
- a port other than 80 and 443, unless an allowance (``WEBHOOK_TEST_ALLOWED``) names it;
- an address that is loopback, private, shared (100.64/10), link-local, multicast, reserved,
  unspecified (0.0.0.0, ::) or otherwise not global, IPv4 or IPv6, an IPv4 address inside an
  IPv6 one (``::ffff:127.0.0.1``, 6to4, Teredo) judged as the IPv4 address it carries, unless an
  allowance names it. A host name is resolved once; every address it resolves to is checked,
  and the connection goes to the first of them, by address (the name is only sent as ``Host``
  and as TLS's server name), so a second DNS answer cannot change where it goes (DNS
  rebinding).

What is sent: one request with the configured method, a sample JSON body that says it is a test
(``sample_body``; none for GET), a ``User-Agent`` naming the dashboard, no redirect followed,
at most ``MAX_READ`` bytes of the answer read, and no more than the timeout in all.

TLS is verified against the system's certificate authorities (or ``WEBHOOK_TEST_CA_FILE``).
When it fails, the result says why (expired, self-signed, another host's name, ...), and the
test event is not sent over that connection: the dashboard does not hand even a test event to
a server it could not identify, and CM.com would not deliver to it either.

Allowances (``WEBHOOK_TEST_ALLOWED``, comma separated): ``127.0.0.1:8766`` (that address on
that port), ``10.1.0.0/16`` (those addresses on 80 and 443), ``10.1.0.0/16:8080``, ``[::1]:8766``
and ``*:8443`` (that port on any global address).
"""

from __future__ import annotations

import ipaddress
import json
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import urllib3
from urllib3.exceptions import (
    ConnectTimeoutError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
)
from urllib3.exceptions import SSLError as Urllib3SSLError

USER_AGENT = "ChannelsDashboard-WebhookTest/1.0 (a test event sent by the Channels Dashboard)"
TEST_HEADER = "X-Channels-Dashboard-Test"
MAX_READ = 64 * 1024
SHOWN = 2 * 1024
DEFAULT_TIMEOUT = 10.0
STANDARD_PORTS = frozenset({80, 443})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


# --- what came of it -------------------------------------------------------------------------


class Kind:
    """How a probe ended."""

    ANSWERED = "answered"  # an HTTP answer came back (any status)
    REFUSED = "refused"  # the dashboard refused to send it (nothing sent)
    DNS = "dns"
    CONNECTION = "connection"  # refused, unreachable, reset
    TIMEOUT = "timeout"
    TLS = "tls"
    ERROR = "error"  # anything else on the way (a malformed answer)


@dataclass(frozen=True)
class ProbeResult:
    """What a probe found. ``sent`` says whether a request left the server at all."""

    kind: str
    sent: bool
    failure: str = ""
    """The failure in words (empty when answered)."""
    status: int | None = None
    elapsed_ms: int | None = None
    address: str = ""
    """The address connected to (or refused)."""
    tls: str = ""
    """For https: "valid", or why the certificate is not."""
    tls_valid: bool | None = None
    body: str = ""
    """The first ``SHOWN`` bytes of the answer, as text."""
    body_bytes: int = 0
    """How many bytes of the answer were read (at most ``MAX_READ``)."""
    location: str = ""
    """Where a redirect pointed (not followed)."""

    @property
    def answered(self) -> bool:
        return self.kind == Kind.ANSWERED


# --- allowances ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Allowance:
    """Addresses (or any global address, ``network`` None) allowed on ``ports``."""

    network: IPNetwork | None
    ports: frozenset[int]

    def allows(self, address: IPAddress, port: int) -> bool:
        if port not in self.ports:
            return False
        if self.network is None:
            return _forbidden_reason(address) is None
        return address.version == self.network.version and address in self.network


def parse_allowance(text: str) -> Allowance:
    """One entry of ``WEBHOOK_TEST_ALLOWED``; ``ValueError`` with words when it is not one."""
    entry = text.strip()
    port_text = ""
    if entry.startswith("["):
        inside, bracket, rest = entry[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise ValueError(f"{text!r}: write an IPv6 address as [::1] or [::1]:8766")
        entry, port_text = inside, rest[1:]
    elif entry.count(":") == 1:
        entry, port_text = entry.split(":")
    ports = STANDARD_PORTS
    if port_text:
        try:
            port = int(port_text)
        except ValueError:
            raise ValueError(f"{text!r}: {port_text!r} is not a port number") from None
        if not 0 < port < 65536:
            raise ValueError(f"{text!r}: a port is between 1 and 65535")
        ports = frozenset({port})
    if entry == "*":
        if not port_text:
            raise ValueError(f"{text!r}: '*' needs a port, as in *:8443")
        return Allowance(None, ports)
    try:
        network = ipaddress.ip_network(entry, strict=False)
    except ValueError:
        raise ValueError(
            f"{text!r}: expected an address or network (127.0.0.1:8766, 10.0.0.0/8, [::1]:8766)"
        ) from None
    return Allowance(network, ports)


def parse_allowances(entries: Iterable[str]) -> tuple[Allowance, ...]:
    return tuple(parse_allowance(entry) for entry in entries if entry.strip())


# --- the rules -------------------------------------------------------------------------------


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    # IPv4-compatible (deprecated ::a.b.c.d) and NAT64 (64:ff9b::/96) carry one too.
    if int(address) >> 32 == 0 or int(address) >> 32 == 0x64FF9B << 64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def _forbidden_reason(address: IPAddress) -> str | None:
    """Why the address may not be connected to, or None when it is a global unicast one."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None and not address.is_unspecified and not address.is_loopback:
            reason = _forbidden_reason(inner)
            return f"it carries {inner}, and {reason}" if reason else None
    checks = (
        (address.is_unspecified, "an unspecified address"),
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_reserved, "a reserved address"),
        (address.is_private, "a private address"),
        (isinstance(address, ipaddress.IPv6Address) and address.is_site_local, "a site-local one"),
        (not address.is_global, "not a public address"),
    )
    for failed, words in checks:
        if failed:
            return f"it is {words}"
    return None


def check_address(
    address: IPAddress, port: int, allowances: tuple[Allowance, ...] = ()
) -> str | None:
    """Why the dashboard may not connect to ``address`` on ``port``, or None when it may."""
    if any(allowance.allows(address, port) for allowance in allowances):
        return None
    reason = _forbidden_reason(address)
    if reason is not None:
        return f"{address} is not allowed: {reason}"
    if port not in STANDARD_PORTS:
        return f"port {port} is not allowed: only 80 and 443 are"
    return None


Resolver = Callable[[str, int], list[str]]


def system_resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to, in the resolver's order."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in found:
        text = str(sockaddr[0]).split("%", 1)[0]
        if text not in addresses:
            addresses.append(text)
    return addresses


def sample_body(kind: str, channel_id: str) -> bytes:
    """The test event: marked as a test, with no personal data."""
    return json.dumps(
        {
            "test": True,
            "description": (
                "A test event sent by the Channels Dashboard to check that this endpoint "
                "answers. It is not a real message and holds no personal data."
            ),
            "source": "Channels Dashboard",
            "endpoint": kind,
            "channelId": channel_id,
            "message": {
                "id": "00000000-0000-0000-0000-000000000000",
                "from": "test",
                "to": "test",
                "content": "This is a test event.",
            },
        },
        indent=2,
    ).encode()


# --- the probe -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str
    address: IPAddress


def _refused(words: str, address: str = "") -> ProbeResult:
    return ProbeResult(
        kind=Kind.REFUSED, sent=False, failure=f"Not sent: {words}.", address=address
    )


def _target(
    url: str, allowances: tuple[Allowance, ...], resolve: Resolver
) -> _Target | ProbeResult:
    """Where the request would go, checked; or why it will not be sent."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return _refused("the address is not a valid URL")
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return _refused(f"only http:// and https:// addresses are tested, not {scheme or 'this'}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return _refused("the address names no host")
    if parts.username is not None or parts.password is not None:
        return _refused("the address holds a user name or password")
    port = port or (443 if scheme == "https" else 80)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses: list[IPAddress] = [literal]
    else:
        try:
            found = resolve(host, port)
        except (OSError, UnicodeError):
            return ProbeResult(
                kind=Kind.DNS, sent=False, failure=f"Not sent: the name {host} was not found (DNS)."
            )
        try:
            addresses = [ipaddress.ip_address(text) for text in found]
        except ValueError:
            return _refused(f"the name {host} resolves to something that is not an address")
        if not addresses:
            return ProbeResult(
                kind=Kind.DNS,
                sent=False,
                failure=f"Not sent: the name {host} has no address (DNS).",
            )
    for address in addresses:
        reason = check_address(address, port, allowances)
        if reason is not None:
            named = "" if literal is not None else f"{host} resolves to {address}; "
            return _refused(named + reason, str(address))
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return _Target(scheme, host, port, path, addresses[0])


def _tls_reason(error: BaseException) -> str | None:
    """Why the certificate was not accepted, in words; None when it is not about that."""
    seen: set[int] = set()
    stack: list[Any] = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            message = (current.verify_message or str(current)).strip()
            code = current.verify_code
            if code == 10:
                return "the certificate has expired"
            if code in (18, 19):
                return "the certificate is self-signed"
            if code == 62 or "hostname mismatch" in message.lower():
                return "the certificate is for another host name"
            if code in (20, 21):
                return "the certificate is not signed by a known authority"
            return f"the certificate was not accepted ({message})"
        if isinstance(current, ssl.SSLError | Urllib3SSLError):
            stack.extend(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
        stack.extend([current.__cause__, current.__context__])
    return None


def _is_tls(error: BaseException) -> bool:
    seen: set[int] = set()
    stack: list[Any] = [error]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLError | Urllib3SSLError):
            return True
        stack.extend([current.__cause__, current.__context__])
    return False


def _pool(target: _Target, timeout: float, ca_file: str | None) -> urllib3.HTTPConnectionPool:
    settings: dict[str, Any] = {
        "timeout": urllib3.Timeout(connect=timeout, read=timeout),
        "retries": False,
        "maxsize": 1,
        "block": False,
    }
    if target.scheme == "http":
        return urllib3.HTTPConnectionPool(str(target.address), target.port, **settings)
    context = (
        ssl.create_default_context(cafile=ca_file) if ca_file else ssl.create_default_context()
    )
    return urllib3.HTTPSConnectionPool(
        str(target.address),
        target.port,
        ssl_context=context,
        cert_reqs="CERT_REQUIRED",
        server_hostname=target.host,
        **settings,
    )


def _failure(error: BaseException, target: _Target, timeout: float) -> ProbeResult:
    where = f"{target.address} port {target.port}"
    common = {"address": str(target.address)}
    # urllib3's NewConnectionError (refused, unreachable) is a kind of ConnectTimeoutError.
    timed_out = isinstance(error, ConnectTimeoutError | ReadTimeoutError | TimeoutError)
    if timed_out and not isinstance(error, NewConnectionError):
        return ProbeResult(
            kind=Kind.TIMEOUT,
            sent=not isinstance(error, ConnectTimeoutError),
            failure=f"No answer within {timeout:g} s (timeout) from {where}.",
            **common,
        )
    reason = _tls_reason(error)
    if reason is not None or _is_tls(error):
        words = reason or "the TLS handshake failed"
        return ProbeResult(
            kind=Kind.TLS,
            sent=False,
            failure=f"TLS: {words}. The test event was not sent over that connection.",
            tls=words,
            tls_valid=False,
            **common,
        )
    text = str(error).lower()
    if isinstance(error, NewConnectionError | ConnectionError) or "refused" in text:
        said = "refused the connection" if "refused" in text else "could not be reached"
        return ProbeResult(
            kind=Kind.CONNECTION, sent=False, failure=f"No connection: {where} {said}.", **common
        )
    if isinstance(error, ProtocolError):
        return ProbeResult(
            kind=Kind.ERROR,
            sent=True,
            failure=f"The connection to {where} broke off before a whole answer came.",
            **common,
        )
    return ProbeResult(
        kind=Kind.ERROR, sent=True, failure=f"The request to {where} failed.", **common
    )


def _read(response: Any, deadline: float) -> bytes:
    """At most ``MAX_READ`` bytes of the answer, and no longer than the deadline allows."""
    chunks: list[bytes] = []
    total = 0
    while total < MAX_READ and time.monotonic() < deadline:
        chunk = response.read1(min(8192, MAX_READ - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def probe(
    url: str,
    method: str,
    *,
    body: bytes | None = None,
    allow: Iterable[Allowance] = (),
    timeout: float = DEFAULT_TIMEOUT,
    ca_file: str | None = None,
    resolve: Resolver | None = None,
) -> ProbeResult:
    """Send one test request to ``url`` with ``method``, under the rules above."""
    target = _target(url, tuple(allow), resolve or system_resolve)
    if isinstance(target, ProbeResult):
        return target
    method = (method or "POST").upper()
    name = f"[{target.host}]" if ":" in target.host else target.host
    headers = {
        "Host": name if target.port in STANDARD_PORTS else f"{name}:{target.port}",
        "User-Agent": USER_AGENT,
        "Accept": "*/*",
        TEST_HEADER: "true",
    }
    payload = None if method in ("GET", "HEAD") else (body or b"")
    if payload is not None:
        headers["Content-Type"] = "application/json"
    started = time.monotonic()
    pool = _pool(target, timeout, ca_file)
    try:
        response = pool.urlopen(
            method,
            target.path,
            body=payload,
            headers=headers,
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
            release_conn=False,
        )
        try:
            raw = _read(response, started + timeout)
        finally:
            response.close()
    except Exception as error:  # every way a connection can fail is put in words
        return _failure(error, target, timeout)
    finally:
        pool.close()
    elapsed = int((time.monotonic() - started) * 1000)
    return ProbeResult(
        kind=Kind.ANSWERED,
        sent=True,
        status=response.status,
        elapsed_ms=elapsed,
        address=str(target.address),
        tls="valid" if target.scheme == "https" else "",
        tls_valid=True if target.scheme == "https" else None,
        body=raw[:SHOWN].decode("utf-8", errors="replace"),
        body_bytes=len(raw),
        location=(response.headers.get("Location") or "")[:500]
        if 300 <= response.status < 400
        else "",
    )
