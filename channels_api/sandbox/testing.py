"""Running the sandbox from tests: ``start_sandbox`` serves it on a daemon thread and gives
back a ``RunningSandbox``, whose methods drive the ``/_sandbox/`` control endpoints over HTTP
(urllib, no extra dependency), so they work just as well against a sandbox in another
process (``RunningSandbox.attach``)::

    sandbox = start_sandbox()
    requests.get(f"{sandbox.base_url}/accounts/{sandbox.account_id}/channels",
                 headers={"X-CM-PRODUCTTOKEN": sandbox.token})
    sandbox.fault("GET", "/channels/v1/accounts/*", status=503, retry_after="2")
    sandbox.advance(60)
    sandbox.stop()
"""

from __future__ import annotations

import functools
import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from werkzeug.serving import BaseWSGIServer

from channels_api.sandbox.seed import DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN
from channels_api.sandbox.server import create_state, make_server

__all__ = ["DEMO_ACCOUNT_ID", "DEMO_PRODUCT_TOKEN", "RunningSandbox", "start_sandbox"]


class SandboxControlError(RuntimeError):
    """A control endpoint refused or failed; the message is its answer."""


class RunningSandbox:
    """A sandbox being served, and the handles to steer it."""

    def __init__(
        self,
        root_url: str,
        accounts: list[tuple[str, str]],
        *,
        server: BaseWSGIServer | None = None,
        thread: threading.Thread | None = None,
    ) -> None:
        self.root_url = root_url.rstrip("/")
        self.accounts = list(accounts)
        self._server = server
        self._thread = thread

    @classmethod
    def attach(cls, root_url: str, accounts: list[tuple[str, str]]) -> RunningSandbox:
        """Handles for a sandbox already running elsewhere (``python -m channels_api.sandbox``)."""
        return cls(root_url, accounts)

    def __repr__(self) -> str:
        return f"RunningSandbox({self.root_url!r}, accounts={[a for a, _ in self.accounts]})"

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """What a client uses instead of https://api.cm.com/channels/v1."""
        return self.root_url + "/channels/v1"

    @property
    def account_id(self) -> str:
        return self.accounts[0][0]

    @property
    def token(self) -> str:
        return self.accounts[0][1]

    def account_url(self, account_id: str | None = None) -> str:
        """``{base_url}/accounts/{account_id}`` (the first account's when None)."""
        return f"{self.base_url}/accounts/{account_id or self.account_id}"

    # --- control endpoints -------------------------------------------------------------------

    def _call(self, method: str, path: str, data: Any = None) -> Any:
        body = None if data is None else json.dumps(data).encode()
        request = urllib.request.Request(  # noqa: S310  (the URL is the sandbox's own)
            self.root_url + path,
            data=body,
            method=method,
            headers={"Content-Type": "application/json"} if body is not None else {},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
                text = answer.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", errors="replace")
            raise SandboxControlError(f"{method} {path}: {error.code} {detail}") from None
        return json.loads(text) if text else None

    def health(self) -> dict[str, Any]:
        return self._call("GET", "/_sandbox/health")

    def log(self) -> list[dict[str, Any]]:
        """Every /channels/v1 request so far: method, path, query (raw), params, body, time,
        status, account_id, duration_ms, response_bytes, fault, user_agent."""
        return self._call("GET", "/_sandbox/log")

    def clear_log(self) -> None:
        self._call("DELETE", "/_sandbox/log")

    def settle(self, timeout: float = 15.0) -> None:
        """Wait until no request is being answered: one held by a delay fault outlives the
        client that gave up on it, and would otherwise land in the next test's log."""
        deadline = time.monotonic() + timeout
        while self.health()["in_flight"] and time.monotonic() < deadline:
            time.sleep(0.02)

    def fault(
        self,
        method: str,
        path: str,
        *,
        count: int = 1,
        status: int | None = None,
        delay_ms: int = 0,
        retry_after: str | int | None = None,
        malformed: bool = False,
        body: Any = None,
        after_apply: bool = False,
    ) -> None:
        """Make the next ``count`` requests matching ``method`` (``"*"`` for any) and ``path``
        (exact, or a prefix ending in ``*``) wait ``delay_ms`` and answer ``status``, or a
        truncated body when ``malformed``. With ``after_apply`` the request is carried out
        first: a write that happened whose answer is lost."""
        self._call(
            "POST",
            "/_sandbox/faults",
            {
                "method": method,
                "path": path,
                "count": count,
                "status": status,
                "delay_ms": delay_ms,
                "retry_after": None if retry_after is None else str(retry_after),
                "malformed": malformed,
                "body": body,
                "after_apply": after_apply,
            },
        )

    def clear_faults(self) -> None:
        self._call("DELETE", "/_sandbox/faults")

    def reset(self) -> None:
        """Every account back to its seed; the clock and settings as they started."""
        self._call("POST", "/_sandbox/reset")

    def advance(self, seconds: float) -> None:
        """Move the sandbox clock ``seconds`` forward (what is pending may then move on)."""
        self._call("POST", "/_sandbox/clock", {"advance_seconds": seconds})

    def add_account(self, account_id: str, token: str, scale: dict[str, int] | None = None) -> None:
        self._call(
            "POST",
            "/_sandbox/accounts",
            {"account_id": account_id, "token": token, "scale": scale or {}},
        )
        if all(a != account_id for a, _ in self.accounts):
            self.accounts.append((account_id, token))

    def settings(self, **changes: Any) -> dict[str, Any]:
        """Read, or change (``latency_ms``, ``otp_code``, ``approve_after``) until reset."""
        if changes:
            return self._call("POST", "/_sandbox/settings", changes)
        return self._call("GET", "/_sandbox/settings")

    def stop(self) -> None:
        """Stop serving (only a sandbox this process started; attached ones are left alone)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None


def start_sandbox(
    *,
    accounts: list[tuple[str, str]] | None = None,
    latency_ms: int = 0,
    otp_code: str = "123456",
    approve_after: float = 60,
    host: str = "127.0.0.1",
    port: int = 0,
    scale: dict[str, int] | None = None,
) -> RunningSandbox:
    """Serve a sandbox on a daemon thread; port 0 picks a free port."""
    accounts = list(accounts or [(DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN)])
    state = create_state(
        accounts,
        latency_ms=latency_ms,
        otp_code=otp_code,
        approve_after=approve_after,
        scale=scale,
    )
    server = make_server(host, port, state)
    thread = threading.Thread(
        target=functools.partial(server.serve_forever, poll_interval=0.1),
        name="channels-sandbox",
        daemon=True,
    )
    thread.start()
    shown_host = f"[{host}]" if ":" in host else host
    return RunningSandbox(
        f"http://{shown_host}:{server.server_port}", accounts, server=server, thread=thread
    )
