"""Building the sandbox: its state with the accounts seeded, and a threaded werkzeug server
that serves it (one thread per connection; werkzeug closes every connection after its answer)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler
from werkzeug.serving import make_server as werkzeug_make_server

from channels_api.sandbox.app import RECEIVED, WRITTEN, SandboxApp
from channels_api.sandbox.seed import DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN, check_scale, seed_account
from channels_api.sandbox.state import SandboxState, Settings

DEFAULT_ACCOUNTS = [(DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN)]


class TimedRequestHandler(WSGIRequestHandler):
    """werkzeug's handler, timing each request for the log from the moment its request line
    was read to the moment its answer, formatted, is handed to the socket. Parsing the request
    and formatting the answer are the upstream's work, as they are CM.com's: timed only around
    the app, they were counted as the client's (in the bench, the dashboard's own time)."""

    _received: tuple[float, datetime] | None = None

    def parse_request(self) -> bool:
        self._received = (time.monotonic(), datetime.now(UTC))
        return super().parse_request()

    def make_environ(self) -> dict[str, Any]:
        environ = super().make_environ()
        if self._received is not None:
            environ[RECEIVED] = self._received
        return environ

    def end_headers(self) -> None:
        # The answer is built and its status and headers formatted: only handing the bytes to
        # the socket is left. Stopped here, not after that, so a client that has its answer
        # finds its duration final in the log: it cannot have read the answer before this.
        self._written()
        super().end_headers()

    def run_wsgi(self) -> None:
        try:
            super().run_wsgi()
        finally:
            self._written()  # an answer that never got as far as its headers

    def _written(self) -> None:
        written = getattr(self, "environ", {}).pop(WRITTEN, None)
        if written is not None:
            written()


class QuietRequestHandler(TimedRequestHandler):
    """The timed handler without a line on stderr for every request."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


def create_state(
    accounts: list[tuple[str, str]] | None = None,
    *,
    latency_ms: int = 0,
    otp_code: str = "123456",
    approve_after: float = 60,
    scale: dict[str, int] | None = None,
) -> SandboxState:
    """A sandbox state with ``accounts`` (the demo account when None) seeded at ``scale``."""
    state = SandboxState(
        Settings(latency_ms=latency_ms, otp_code=otp_code, approve_after=float(approve_after)),
        seed=seed_account,
    )
    checked = check_scale(dict(scale or {}))
    for account_id, token in accounts or DEFAULT_ACCOUNTS:
        state.add_account(account_id, token, checked)
    return state


def make_server(
    host: str,
    port: int,
    state: SandboxState,
    *,
    quiet: bool = True,
) -> BaseWSGIServer:
    """A threaded werkzeug server for ``state``; call ``serve_forever()`` on it."""
    handler = QuietRequestHandler if quiet else TimedRequestHandler
    return werkzeug_make_server(
        host, port, SandboxApp(state), threaded=True, request_handler=handler
    )
