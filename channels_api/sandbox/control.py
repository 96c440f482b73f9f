"""The ``/_sandbox/`` control endpoints tests and benches use; no token needed.

=======  =====================  ============================================================
GET      /_sandbox/health       200 ``{"status", "accounts", "now", "in_flight"}``
GET      /_sandbox/log          every /channels/v1 request so far, in order
DELETE   /_sandbox/log          forget them
GET      /_sandbox/faults       the armed faults
POST     /_sandbox/faults       arm one: ``{"method", "path", "count", "status", "delay_ms",
                                "retry_after", "malformed", "body", "after_apply"}``
DELETE   /_sandbox/faults       disarm all
POST     /_sandbox/reset        every account back to its seed; clock and settings as started
GET      /_sandbox/clock        ``{"now": ..., "offset_seconds": ...}``
POST     /_sandbox/clock        ``{"advance_seconds": N}`` moves the sandbox clock forward
GET      /_sandbox/accounts     the account ids
POST     /_sandbox/accounts     ``{"account_id", "token", "scale": {...}}`` adds (or reseeds)
GET      /_sandbox/settings     ``{"latency_ms", "otp_code", "approve_after"}``
POST     /_sandbox/settings     change any of them until the next reset
=======  =====================  ============================================================

A fault matches on method (``"*"`` for any) and path: exact, or a prefix when it ends in
``*``; paths are compared in lower case, and a path starting ``/accounts`` gets
``/channels/v1`` put in front. The next ``count`` matching requests wait ``delay_ms``, then
answer ``status`` with ``{"message": ...}`` (or ``body``: an object as JSON, a string as
text), or, when ``malformed``, a truncated JSON body with ``status`` (200 when not given). A
fault with neither status nor malformed only delays. ``retry_after`` becomes the
``Retry-After`` header. With ``after_apply`` the request is carried out first (a write
changes the state) and the fault answers instead, after its delay: a write that happened but
whose answer was lost (a 5xx, a timeout, an unreadable body).
"""

from __future__ import annotations

import json
from typing import Any

from werkzeug.wrappers import Request, Response

from channels_api.sandbox import serialize
from channels_api.sandbox.seed import check_scale
from channels_api.sandbox.state import Fault, SandboxState
from channels_api.sandbox.validation import ApiError, parse_uuid


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        serialize.dumps(data), status=status, headers=headers, mimetype="application/json"
    )


def _body(request: Request) -> dict[str, Any]:
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise ApiError(400, f"The body is not valid JSON: {error}.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "The body must be a JSON object.")
    return data


def _int(data: dict[str, Any], key: str, default: int | None, minimum: int = 0) -> int | None:
    value = data.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ApiError(400, f"{key} must be a whole number of {minimum} or more.")
    return value


def parse_fault(data: dict[str, Any]) -> Fault:
    path = data.get("path")
    if not isinstance(path, str) or not path.startswith("/"):
        raise ApiError(400, 'path is required and starts with "/".')
    if path.lower().startswith("/accounts"):
        path = "/channels/v1" + path
    method = data.get("method") or "*"
    if not isinstance(method, str):
        raise ApiError(400, "method must be a string such as GET, or * for any.")
    status = _int(data, "status", None, 100)
    if status is not None and status > 599:
        raise ApiError(400, "status must be an HTTP status, 100 to 599.")
    retry_after = data.get("retry_after")
    malformed = data.get("malformed", False)
    if not isinstance(malformed, bool):
        raise ApiError(400, "malformed must be true or false.")
    after_apply = data.get("after_apply", False)
    if not isinstance(after_apply, bool):
        raise ApiError(400, "after_apply must be true or false.")
    return Fault(
        method=method.upper(),
        path=path.lower(),
        count=_int(data, "count", 1, 1) or 1,
        status=status,
        delay_ms=_int(data, "delay_ms", 0) or 0,
        retry_after=None if retry_after is None else str(retry_after),
        malformed=malformed,
        body=data.get("body"),
        after_apply=after_apply,
    )


class Control:
    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def dispatch(self, request: Request) -> Response:
        name = request.path.rstrip("/").removeprefix("/_sandbox").strip("/")
        handler = None
        if name.isalpha() and name.islower() and request.method.isalpha():
            handler = getattr(self, f"{request.method.lower()}_{name}", None)
        if handler is None:
            return json_response(
                {"message": f"No control endpoint {request.method} {request.path}."}, 404
            )
        try:
            return handler(request)
        except ApiError as error:
            return json_response({"message": error.message}, error.status)

    def get_health(self, request: Request) -> Response:
        with self.state.lock:
            accounts = list(self.state.accounts)
            in_flight = self.state.in_flight
        return json_response(
            {
                "status": "ok",
                "accounts": accounts,
                "now": serialize.ts(self.state.clock.now()),
                "in_flight": in_flight,
            }
        )

    def get_log(self, request: Request) -> Response:
        with self.state.lock:
            entries = list(self.state.log)
        return json_response(entries)

    def delete_log(self, request: Request) -> Response:
        with self.state.lock:
            self.state.log.clear()
        return json_response({"cleared": True})

    def get_faults(self, request: Request) -> Response:
        with self.state.lock:
            faults = [f.as_json() for f in self.state.faults]
        return json_response(faults)

    def post_faults(self, request: Request) -> Response:
        fault = parse_fault(_body(request))
        with self.state.lock:
            self.state.faults.append(fault)
        return json_response(fault.as_json(), 201)

    def delete_faults(self, request: Request) -> Response:
        with self.state.lock:
            self.state.faults.clear()
        return json_response({"cleared": True})

    def post_reset(self, request: Request) -> Response:
        self.state.reset()
        return json_response({"reset": True, "accounts": list(self.state.accounts)})

    def _clock(self) -> Response:
        return json_response(
            {
                "now": serialize.ts(self.state.clock.now()),
                "offset_seconds": self.state.clock.offset_seconds,
            }
        )

    def get_clock(self, request: Request) -> Response:
        return self._clock()

    def post_clock(self, request: Request) -> Response:
        seconds = _body(request).get("advance_seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
            raise ApiError(400, "advance_seconds must be a number of seconds, 0 or more.")
        self.state.clock.advance(seconds)
        return self._clock()

    def get_accounts(self, request: Request) -> Response:
        with self.state.lock:
            return json_response([{"account_id": a} for a in self.state.accounts])

    def post_accounts(self, request: Request) -> Response:
        data = _body(request)
        account_id = parse_uuid(str(data.get("account_id", "")), "account_id")
        token = data.get("token")
        if not isinstance(token, str) or not token.strip():
            raise ApiError(400, "token is required.")
        try:
            scale = check_scale(data.get("scale") or {})
        except ValueError as error:
            raise ApiError(400, str(error)) from None
        with self.state.lock:
            owner = self.state.tokens.get(token.strip().lower())
            if owner is not None and owner != account_id:
                raise ApiError(409, "That token already belongs to another account.")
            self.state.add_account(account_id, token.strip().lower(), scale)
        return json_response({"account_id": account_id}, 201)

    def _settings(self) -> Response:
        settings = self.state.settings
        return json_response(
            {
                "latency_ms": settings.latency_ms,
                "otp_code": settings.otp_code,
                "approve_after": settings.approve_after,
            }
        )

    def get_settings(self, request: Request) -> Response:
        return self._settings()

    def post_settings(self, request: Request) -> Response:
        data = _body(request)
        with self.state.lock:
            settings = self.state.settings
            if "latency_ms" in data:
                settings.latency_ms = _int(data, "latency_ms", 0) or 0
            if "otp_code" in data:
                if not isinstance(data["otp_code"], str) or not data["otp_code"]:
                    raise ApiError(400, "otp_code must be a non-empty string.")
                settings.otp_code = data["otp_code"]
            if "approve_after" in data:
                value = data["approve_after"]
                if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                    raise ApiError(400, "approve_after must be a number of seconds, 0 or more.")
                settings.approve_after = float(value)
                for account in self.state.accounts.values():
                    account.touch()
        return self._settings()
