"""The errors the client raises: one small hierarchy, one class per way a call can fail.

Every error carries the HTTP method, the path (never the full URL with a query, and never
the product token), the status when there was an answer, and a message taken from the
error body. NOTES.md lists the body shapes CM.com's APIs use; ``message_from_body``
tries each and falls back to the raw text.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any


class ChannelsAPIError(Exception):
    """Base class: anything that went wrong talking to the Channels API."""

    status: int | None = None

    def __init__(
        self,
        message: str,
        *,
        method: str = "",
        path: str = "",
        status: int | None = None,
        body: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        if status is not None:
            self.status = status
        self.body = body

    def __str__(self) -> str:
        where = f"{self.method} {self.path}".strip()
        status = f" ({self.status})" if self.status is not None else ""
        return f"{where}{status}: {self.message}" if where else self.message

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, method={self.method!r}, "
            f"path={self.path!r}, message={self.message!r})"
        )


class HTTPStatusError(ChannelsAPIError):
    """The API answered, with a status that means the call failed."""


class BadRequest(HTTPStatusError):
    """400 or 422: the API refused what was sent; the message says what."""

    status = 400


class Unauthorized(HTTPStatusError):
    """401: no product token, or one the API does not know."""

    status = 401


class Forbidden(HTTPStatusError):
    """403: the product token is valid but may not touch this account."""

    status = 403


class NotFound(HTTPStatusError):
    """404: the account or the item does not exist."""

    status = 404


class Conflict(HTTPStatusError):
    """409: the item is already in the state asked for (a keyword already claimed, say)."""

    status = 409


class RateLimited(HTTPStatusError):
    """429: too many requests; ``retry_after`` says how many seconds to wait, when known."""

    status = 429

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class UpstreamError(HTTPStatusError):
    """5xx: the API failed on its side."""

    status = 500


class TransportError(ChannelsAPIError):
    """No usable answer came back."""


class Timeout(TransportError):
    """The API did not answer within the timeout."""


class ConnectionFailed(TransportError):
    """The API could not be reached at all (DNS, refused connection, TLS)."""


class MalformedResponse(ChannelsAPIError):
    """The API answered 2xx with a body that is not the JSON the documentation promises."""


_STATUS_CLASSES: dict[int, type[HTTPStatusError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: BadRequest,
    429: RateLimited,
}


def error_class_for(status: int) -> type[HTTPStatusError]:
    """The error class that stands for an HTTP status."""
    if status in _STATUS_CLASSES:
        return _STATUS_CLASSES[status]
    if status >= 500:
        return UpstreamError
    return HTTPStatusError


# An error body nested deeper than this is not a message anyone wrote; stop looking there.
_MAX_MESSAGE_DEPTH = 20
# The longest wait a Retry-After may ask for; beyond it the server is not saying anything useful.
MAX_RETRY_AFTER = 86_400.0


def message_from_body(text: str, default: str = "") -> str:
    """The human message in an error body, whichever shape NOTES.md lists it in.

    Never raises: a body that is not JSON, or JSON nested too deeply to decode, is read as text.
    """
    text = (text or "").strip()
    if not text:
        return default
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return text[:500]
    return _message_from_json(data) or text[:500]


def _message_from_json(data: Any, depth: int = 0) -> str:
    if depth > _MAX_MESSAGE_DEPTH:
        return ""
    if isinstance(data, str):
        return data
    if isinstance(data, list):
        parts = [_message_from_json(item, depth + 1) for item in data]
        return "; ".join(part for part in parts if part)
    if not isinstance(data, dict):
        return ""
    lowered = {str(key).lower(): value for key, value in data.items()}
    for key in ("message", "errormessage", "error_description", "title", "error", "detail"):
        value = lowered.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, dict | list):
            nested = _message_from_json(value, depth + 1)
            if nested:
                return nested
    for key in ("details", "errors"):
        value = lowered.get(key)
        if isinstance(value, list | dict):
            nested = _message_from_json(value, depth + 1)
            if nested:
                return nested
    return ""


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: either a number or an HTTP date.

    Never raises. Between 0 and ``MAX_RETRY_AFTER``; None when the header is missing or says
    nothing usable (``inf``, ``nan``, a date that is not one). A date without a zone
    (``-0000``) is read as UTC.
    """
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        seconds = _seconds_until(value, now)
        if seconds is None:
            return None
    if not math.isfinite(seconds):
        return None
    return min(max(0.0, seconds), MAX_RETRY_AFTER)


def _seconds_until(value: str, now: datetime | None) -> float | None:
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    current = now or datetime.now(UTC)
    try:
        return (when - current).total_seconds()
    except OverflowError:
        return None
