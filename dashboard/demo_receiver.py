"""The demo's webhook receiver: what the sandbox demo's endpoints point at, so "Send a test
event" has something to reach on a laptop. ``make run`` starts it on 127.0.0.1 (port
RECEIVER_PORT, default 8766) and allows it through ``WEBHOOK_TEST_ALLOWED``.

Any path answers 200 with a short JSON body; ``/slow`` waits ``slow_seconds`` (longer than the
test's timeout) first, to show a timeout. It keeps what it received (``received``), which the
tests read. Standard library only; a thread per request.

    python -m dashboard.demo_receiver [--port 8766]
"""

from __future__ import annotations

import argparse
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MAX_BODY = 1024 * 1024
SLOW_PATH = "/slow"


@dataclass
class Received:
    """One request the receiver got."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Log:
    """What the receiver got, across threads."""

    items: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, item: Received) -> None:
        with self.lock:
            self.items.append(item)

    def all(self) -> list[Received]:
        with self.lock:
            return list(self.items)


class ReceiverServer(ThreadingHTTPServer):
    """The server, with its log and how long ``/slow`` waits."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], slow_seconds: float = 15.0) -> None:
        super().__init__(address, _Handler)
        self.log = Log()
        self.slow_seconds = slow_seconds
        self.stopping = threading.Event()
        self.connections = 0

    def verify_request(self, request: Any, client_address: Any) -> bool:
        """Counts every connection accepted, a request sent on it or not."""
        self.connections += 1
        return True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away (the dashboard stops reading at 64 KB) is no error here."""

    @property
    def received(self) -> list[Received]:
        return self.log.all()

    def url(self, path: str = "/") -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{path}"


class _Handler(BaseHTTPRequestHandler):
    server: ReceiverServer
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?", 1)[0]
        self.server.log.add(Received(self.command, self.path, dict(self.headers.items()), body))
        if path == SLOW_PATH:
            # Wait past the dashboard's timeout (or until the server stops).
            self.server.stopping.wait(self.server.slow_seconds)
        answer = json.dumps(
            {"received": True, "by": "the demo webhook receiver", "method": self.command}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the demo's console belongs to the web server and the worker."""


def start(host: str = "127.0.0.1", port: int = 0, slow_seconds: float = 15.0) -> ReceiverServer:
    """A receiver serving in a background thread; ``shutdown()`` and ``server_close()`` stop it."""
    server = ReceiverServer((host, port), slow_seconds=slow_seconds)
    threading.Thread(
        target=server.serve_forever, args=(0.05,), name="demo-receiver", daemon=True
    ).start()
    return server


def stop(server: ReceiverServer) -> None:
    server.stopping.set()
    server.shutdown()
    server.server_close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.demo_receiver")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--slow-seconds", type=float, default=15.0)
    args = parser.parse_args(argv)
    server = ReceiverServer((args.host, args.port), slow_seconds=args.slow_seconds)
    print(f"Demo webhook receiver on {server.url()} ({SLOW_PATH} times out)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stopping.set()
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
