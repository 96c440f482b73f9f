"""Real local servers for the outbound tests: the demo receiver (200, ``/slow``), one that
redirects, one with a big body, and HTTPS ones with certificates made here."""

from __future__ import annotations

import datetime as dt
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from dashboard import demo_receiver
from dashboard.demo_receiver import ReceiverServer

BIG = 200 * 1024


class _Special(demo_receiver._Handler):
    """The receiver, plus ``/redirect`` (a 302 to ``/ok``) and ``/big`` (BIG bytes)."""

    def _answer(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/redirect":
            self.server.log.add(demo_receiver.Received(self.command, self.path, {}, b""))
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/big":
            self.server.log.add(demo_receiver.Received(self.command, self.path, {}, b""))
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(BIG))
            self.end_headers()
            try:
                for _ in range(BIG // 1024):
                    self.wfile.write(b"x" * 1023 + b"\n")
            except OSError:
                pass  # the dashboard stopped reading, as it should
            return
        super()._answer()

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer


@contextmanager
def running(
    slow_seconds: float = 5.0, tls: ssl.SSLContext | None = None, host: str = "127.0.0.1"
) -> Iterator[ReceiverServer]:
    server = ReceiverServer((host, 0), slow_seconds=slow_seconds)
    server.RequestHandlerClass = _Special
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        demo_receiver.stop(server)


def certificate(
    folder: Path,
    name: str,
    *,
    hosts: tuple[str, ...] = ("localhost",),
    days: tuple[int, int] = (-1, 30),
) -> tuple[Path, Path]:
    """A self-signed certificate (also its own authority) for ``hosts``, valid from ``days[0]``
    to ``days[1]`` days from now; the paths of its PEM and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])])
    now = dt.datetime.now(dt.UTC)
    names: list[Any] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + dt.timedelta(days=days[0]))
        .not_valid_after(now + dt.timedelta(days=days[1]))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.pem", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context
