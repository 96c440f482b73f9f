"""The sandbox's WSGI application: routing, authentication, faults, latency and the log.

``/channels/v1/...`` answers the 51 operations of the Channels API (operations/), behind the
same authentication as api.cm.com: no ``X-CM-PRODUCTTOKEN`` header or an unknown token is
401, a token of another account 403. ``/_sandbox/...`` holds the control endpoints
(control.py), which need no token. Every other path is 404. Errors are ``{"message": ...}``.

Order of work for an API request: an armed fault that matches is taken first (its delay, then
its answer, if it has one; with ``after_apply`` the request is carried out first and the fault
then delays or replaces its answer); then the route is matched on the lower-cased path
(404/405), the token checked (401/403), the account id checked (400), the lifecycle moved to
the sandbox clock's now, and the handler run, all under the state's lock. ``latency_ms`` is
slept before every answer, outside the lock. Each request is appended to the log; served by
``server.make_server``, its start and duration there cover parsing the request and formatting
the answer up to handing it to the socket (``RECEIVED``, ``WRITTEN``), else only the app's part.
"""

from __future__ import annotations

import json
import re
import sys
import time
import traceback
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from channels_api.sandbox import lifecycle, serialize
from channels_api.sandbox.control import Control, json_response
from channels_api.sandbox.operations import ROUTES, Ctx, Reply, Route
from channels_api.sandbox.state import Fault, SandboxState
from channels_api.sandbox.validation import ApiError, Query, parse_uuid

PREFIX = "/channels/v1"
TOKEN_HEADER = "X-CM-PRODUCTTOKEN"  # noqa: S105  (a header name, not a secret)
_ACCOUNT_IN_PATH = re.compile(r"^/channels/v1/accounts/([^/]+)", re.IGNORECASE)
MALFORMED_BODY = b'{"id": "3f2a9c1e-8b7d-4e6f-a5c4-2d1b0e9f8a7c", "channelTypeId": "7d4e'
LOGGED_BODY_LIMIT = 10_000
# Set by the server's handler (server.TimedRequestHandler): when the request line was read,
# as (time.monotonic(), wall clock); and, set here, what it calls once the answer is ready to
# be written out (its headers formatted).
RECEIVED = "sandbox.received"
WRITTEN = "sandbox.written"


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return json_response({"message": message}, status, headers)


def build_map(routes: Iterable[Route]) -> Map:
    rules = [
        Rule(PREFIX + r.path, endpoint=r, methods=[r.method], strict_slashes=False) for r in routes
    ]
    return Map(rules, strict_slashes=False, merge_slashes=False)


class SandboxApp:
    """The WSGI callable."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self.url_map = build_map(ROUTES)
        self.control = Control(state)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        path = request.path
        if path == "/_sandbox" or path.startswith("/_sandbox/"):
            response = self.control.dispatch(request)
        elif path.lower() == PREFIX or path.lower().startswith(PREFIX + "/"):
            response = self.api(request)
        else:
            response = error_response(
                404, f"Nothing at {path}: the API is under {PREFIX}, the controls under /_sandbox."
            )
        return response(environ, start_response)

    # --- /channels/v1 ------------------------------------------------------------------------

    def api(self, request: Request) -> Response:
        with self.state.lock:
            self.state.in_flight += 1
        try:
            return self._answer(request)
        finally:
            with self.state.lock:
                self.state.in_flight -= 1

    def _answer(self, request: Request) -> Response:
        started, wall = request.environ.get(RECEIVED) or (time.monotonic(), datetime.now(UTC))
        fault = self.state.take_fault(request.method, request.path.lower())
        if fault is not None and fault.after_apply:
            # The write happens; only its answer is lost (replaced by the fault, or late).
            response = self.dispatch(request)
            if fault.delay_ms > 0:
                time.sleep(fault.delay_ms / 1000)
            if fault.status is not None or fault.malformed:
                response = self.fault_response(fault)
        else:
            if fault is not None and fault.delay_ms > 0:
                time.sleep(fault.delay_ms / 1000)
            if fault is not None and (fault.status is not None or fault.malformed):
                response = self.fault_response(fault)
            else:
                response = self.dispatch(request)
        latency = self.state.settings.latency_ms
        if latency > 0:
            time.sleep(latency / 1000)
        self.record(request, response, wall, started, fault)
        return response

    def dispatch(self, request: Request) -> Response:
        path = request.path.lower().rstrip("/") or "/"
        adapter = self.url_map.bind("sandbox")
        try:
            endpoint, args = adapter.match(path, method=request.method)
        except MethodNotAllowed as error:
            allowed = ", ".join(sorted(error.valid_methods or []))
            return error_response(
                405, f"{request.method} is not allowed here; use {allowed}.", {"Allow": allowed}
            )
        except NotFound:
            return error_response(404, f"No operation of the Channels API at {request.path}.")
        try:
            reply = self.run(request, endpoint, args)
        except ApiError as error:
            return error_response(error.status, error.message)
        except Exception as error:  # a bug in the sandbox: say so, in JSON
            traceback.print_exc(file=sys.stderr)
            return error_response(500, f"The sandbox failed: {type(error).__name__}: {error}")
        if reply.empty:
            return Response(b"", status=reply.status)
        return json_response(reply.data, reply.status)

    def run(self, request: Request, route: Route, args: dict[str, str]) -> Reply:
        token = (request.headers.get(TOKEN_HEADER) or "").strip()
        if not token:
            raise ApiError(401, f"No product token: send it in the {TOKEN_HEADER} header.")
        state = self.state
        with state.lock:
            token_account = state.tokens.get(token.lower())
        if token_account is None:
            raise ApiError(401, "The product token is not valid.")
        account_id = parse_uuid(args.pop("account_id"), "accountId")
        if account_id != token_account:
            raise ApiError(403, f"This product token may not access account {account_id}.")
        request.get_data(cache=True)  # read the body before taking the lock
        with state.lock:
            account = state.accounts[account_id]
            now = state.clock.now()
            now = now.replace(microsecond=(now.microsecond // 1000) * 1000)
            lifecycle.tick(account, now, state.settings.approve_after)
            query = Query(list(request.args.items(multi=True)))
            ctx = Ctx(state=state, account=account, request=request, query=query, now=now)
            return route.handler(ctx, **args)

    @staticmethod
    def fault_response(fault: Fault) -> Response:
        headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
        if fault.malformed:
            body = fault.body.encode() if isinstance(fault.body, str) else MALFORMED_BODY
            return Response(
                body, status=fault.status or 200, headers=headers, mimetype="application/json"
            )
        status = fault.status or 500
        if status in (204, 304):
            return Response(b"", status=status, headers=headers)
        if fault.body is None:
            return error_response(status, f"Injected fault: HTTP {status}.", headers)
        if isinstance(fault.body, str):
            return Response(fault.body, status=status, headers=headers, mimetype="text/plain")
        return json_response(fault.body, status, headers)

    def record(
        self,
        request: Request,
        response: Response,
        wall: datetime,
        started: float,
        fault: Fault | None,
    ) -> None:
        match = _ACCOUNT_IN_PATH.match(request.path)
        raw = request.get_data(cache=True)
        body: Any = None
        if raw:
            text = raw[:LOGGED_BODY_LIMIT].decode("utf-8", errors="replace")
            try:
                body = json.loads(text)
            except ValueError:
                body = text
        entry = {
            "method": request.method,
            "path": request.path,
            "query": request.query_string.decode("latin-1"),
            "params": {key: request.args.getlist(key) for key in request.args},
            "body": body,
            "time": serialize.ts(wall),
            "status": response.status_code,
            "account_id": match.group(1).lower() if match else None,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
            # What the client had to download: benchmarks show lists stay paged.
            "response_bytes": response.calculate_content_length() or 0,
            "fault": fault is not None,
            "user_agent": request.headers.get("User-Agent"),
        }
        with self.state.lock:
            self.state.log.append(entry)
        request.environ[WRITTEN] = lambda: self._written(entry, started)

    def _written(self, entry: dict[str, Any], started: float) -> None:
        """The answer is being written out: the logged duration covers building it too."""
        with self.state.lock:
            entry["duration_ms"] = round((time.monotonic() - started) * 1000, 1)
