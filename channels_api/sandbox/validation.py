"""Checking what a client sent: ids, query parameters, JSON bodies and their values.

Every check raises ``ApiError`` with the HTTP status and a message a person understands;
the app turns it into ``{"message": ...}``. Query parameter names and body field names are
matched case-insensitively, as ASP.NET (which CM.com's API runs on) does.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

from channels_api.phone import InvalidPhoneNumber, normalise_phone_number


class ApiError(Exception):
    """An answer other than success: ``status`` and the ``message`` of the JSON body."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


def conflict(message: str) -> ApiError:
    return ApiError(409, message)


# --- values ----------------------------------------------------------------------------------


def parse_uuid(value: str, name: str) -> str:
    """``value`` as a lower-case uuid string, or 400."""
    try:
        return str(uuid.UUID(str(value).strip()))
    except (ValueError, AttributeError):
        raise bad_request(f"{name} must be a uuid; {value!r} is not one.") from None


def parse_bool(value: object, name: str) -> bool:
    """JSON true/false, or the strings "true"/"false" in any case; otherwise 400."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise bad_request(f"{name} must be true or false; {value!r} is neither.")


def parse_int(value: str, name: str, minimum: int = 0) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"[+-]?\d+", text) or int(text) < minimum:
        raise bad_request(f"{name} must be a whole number of {minimum} or more; got {value!r}.")
    return int(text)


def parse_choice(value: object, name: str, choices: list[str]) -> str:
    """One of ``choices``, matched case-insensitively and returned in its canonical spelling."""
    if isinstance(value, str):
        for choice in choices:
            if value.strip().lower() == choice.lower():
                return choice
    raise bad_request(f"{name} must be one of {', '.join(choices)}; got {value!r}.")


def parse_phone(value: object, name: str) -> str:
    try:
        return normalise_phone_number(str(value) if value is not None else "")
    except InvalidPhoneNumber as error:
        raise bad_request(f"{name}: {error}") from None


_LOCAL_PART = r"[^@\s,;<>()\[\]\\\"]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL = re.compile(rf"{_LOCAL_PART}@{_LABEL}(?:\.{_LABEL})+")


def parse_email(value: object, name: str = "address") -> str:
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"{name}: enter an e-mail address.")
    text = value.strip()
    if len(text) > 254 or not _EMAIL.fullmatch(text) or len(text.split("@")[0]) > 64:
        raise bad_request(f"{name}: {text!r} is not a valid e-mail address.")
    return text


def parse_url(value: object, name: str = "url") -> str:
    """An absolute http or https URL with a host; otherwise 400."""
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"{name}: enter a URL.")
    text = value.strip()
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
        parts = None
    if (
        parts is None
        or not port_ok
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or any(ch.isspace() for ch in text)
        or len(text) > 2048
    ):
        raise bad_request(f"{name}: {text!r} is not an absolute http or https URL.")
    return text


def parse_string(value: object, name: str, *, max_length: int = 512) -> str:
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"{name} is required.")
    text = value.strip()
    if len(text) > max_length:
        raise bad_request(f"{name} has at most {max_length} characters.")
    return text


# --- query parameters ------------------------------------------------------------------------


class Query:
    """The query string, names case-insensitive, every value kept."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self._values: dict[str, list[str]] = {}
        for key, value in items:
            self._values.setdefault(key.lower(), []).append(value)

    def get(self, name: str) -> str | None:
        values = self._values.get(name.lower())
        return values[0] if values else None

    def getlist(self, name: str) -> list[str]:
        """Every value; comma-separated values are split too (``?keyword=A,B``)."""
        result: list[str] = []
        for value in self._values.get(name.lower(), []):
            result.extend(part for part in (p.strip() for p in value.split(",")) if part)
        return result

    def require(self, name: str) -> str:
        value = self.get(name)
        if value is None or not value.strip():
            raise bad_request(f"The query parameter {name} is required.")
        return value.strip()

    def uuid(self, name: str, *, required: bool = False) -> str | None:
        value = self.require(name) if required else self.get(name)
        if value is None or (not required and not value.strip()):
            return None
        return parse_uuid(value, name)

    def bool(self, name: str, *, required: bool = False) -> bool | None:
        value = self.require(name) if required else self.get(name)
        if value is None or not value.strip():
            return None
        return parse_bool(value, name)

    def page(self) -> tuple[int, int | None]:
        skip = self.get("skip")
        take = self.get("take")
        return (
            parse_int(skip, "skip") if skip not in (None, "") else 0,
            parse_int(take, "take") if take not in (None, "") else None,
        )


def paginate(items: list[Any], query: Query) -> list[Any]:
    skip, take = query.page()
    return items[skip:] if take is None else items[skip : skip + take]


# --- bodies ----------------------------------------------------------------------------------


def parse_json_body(raw: bytes, *, required: bool = True) -> Any:
    if not raw.strip():
        if required:
            raise bad_request("A JSON body is required.")
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise bad_request(f"The body is not valid JSON: {error}.") from None


def as_object(value: object, name: str = "The body") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise bad_request(f"{name} must be a JSON object.")
    return value


def field(data: dict[str, Any], *names: str) -> Any:
    """The value of the first of ``names`` present in ``data``, names case-insensitive."""
    lowered = {str(key).lower(): value for key, value in data.items()}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def has_field(data: dict[str, Any], *names: str) -> bool:
    lowered = {str(key).lower() for key in data}
    return any(name.lower() in lowered for name in names)
