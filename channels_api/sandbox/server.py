"""Building the sandbox: its state with the accounts seeded, and a threaded werkzeug server
that serves it (one thread per connection, keep-alive on)."""

from __future__ import annotations

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler
from werkzeug.serving import make_server as werkzeug_make_server

from channels_api.sandbox.app import SandboxApp
from channels_api.sandbox.seed import DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN, check_scale, seed_account
from channels_api.sandbox.state import SandboxState, Settings

DEFAULT_ACCOUNTS = [(DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN)]


class QuietRequestHandler(WSGIRequestHandler):
    """werkzeug's handler without a line on stderr for every request."""

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
    handler = QuietRequestHandler if quiet else WSGIRequestHandler
    return werkzeug_make_server(
        host, port, SandboxApp(state), threaded=True, request_handler=handler
    )
