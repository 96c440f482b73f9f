"""What every operation handler gets (``Ctx``) and gives back (``Reply``), and the registry
``route`` fills: one entry per (method, path template) the app serves.

Path templates are relative to ``/channels/v1`` and written in lower case, because the app
matches the lower-cased request path (CM.com's paths are case-insensitive; ids are uuids or
digits, so lowering them changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from werkzeug.wrappers import Request

from channels_api.sandbox.state import AccountState, SandboxState, Settings
from channels_api.sandbox.validation import Query, as_object, parse_json_body


@dataclass
class Ctx:
    state: SandboxState
    account: AccountState
    request: Request
    query: Query
    now: datetime
    _body: Any = field(default=None, init=False)
    _body_read: bool = field(default=False, init=False)

    @property
    def settings(self) -> Settings:
        return self.state.settings

    def body(self, *, required: bool = True) -> Any:
        if not self._body_read:
            self._body = parse_json_body(self.request.get_data(cache=True), required=required)
            self._body_read = True
        return self._body

    def body_object(self) -> dict[str, Any]:
        return as_object(self.body())


@dataclass
class Reply:
    status: int
    data: Any = None
    empty: bool = False


def ok(data: Any, status: int = 200) -> Reply:
    return Reply(status, data)


def empty(status: int) -> Reply:
    return Reply(status, None, empty=True)


Handler = Callable[..., Reply]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler


ROUTES: list[Route] = []


def route(method: str, *paths: str) -> Callable[[Handler], Handler]:
    """Register ``handler`` for ``method`` on each of ``paths``."""

    def register(handler: Handler) -> Handler:
        for path in paths:
            ROUTES.append(Route(method, path, handler))
        return handler

    return register


def both_forms(path: str) -> tuple[str, str]:
    """A configuration path in its ``/channel/`` and ``/channels/`` forms (NOTES rule 1)."""
    singular = path.replace("/channels/<channel_id>/", "/channel/<channel_id>/")
    plural = path.replace("/channel/<channel_id>/", "/channels/<channel_id>/")
    return singular, plural
