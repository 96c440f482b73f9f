"""What every resource group shares: its transport, and the registry of implemented operations.

``implements(op)`` marks a public method as the client's way to call one documented
operation; ``OPERATIONS`` maps each operation's name (as endpoints.tsv spells it) to the
operation and its method, so a test can prove that all 51 are covered.

The ``require_*`` helpers and ``phone_number_argument`` are how every method checks its
arguments before anything is sent: a required value that is missing or blank, a switch that
is not a real ``bool``, or an unreadable phone number raises ``ValueError`` naming the
argument, and no request leaves the client.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from channels_api._transport import Operation, Transport
from channels_api.phone import InvalidPhoneNumber, normalise_phone_number

F = TypeVar("F", bound=Callable[..., Any])

OPERATIONS: dict[str, tuple[Operation, str]] = {}


def implements(operation: Operation) -> Callable[[F], F]:
    """Register the decorated method as the one that carries out ``operation``."""

    def register(func: F) -> F:
        if operation.name in OPERATIONS:
            raise RuntimeError(f"operation {operation.name!r} is implemented twice")
        OPERATIONS[operation.name] = (operation, func.__qualname__)
        func.__operation__ = operation  # type: ignore[attr-defined]
        return func

    return register


class Resource:
    """A group of operations, sharing one account's transport."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def __repr__(self) -> str:
        return f"{type(self).__name__}(account_id={self._transport.account_id!r})"

    def _call(self, operation: Operation, **kwargs: Any) -> Any:
        return self._transport.call(operation, **kwargs)


def require_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    """Refuse a value outside the set the documentation allows, before anything is sent."""
    if value not in choices:
        allowed = ", ".join(choices)
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}")
    return value


def require_text(name: str, value: object) -> str:
    """Refuse a missing, ``None`` or blank required argument before anything is sent.

    Without this, ``None`` in a query is silently dropped by the transport and the API is
    asked to do something it cannot (create a template in no category, rent a number of no
    type), which costs a round trip at best and money at worst.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        raise ValueError(f"{name} is required; got {value!r}")
    return text


def require_bool(name: str, value: object) -> bool:
    """Refuse a switch that is not a real ``bool``.

    ``bool(None)`` and ``bool("false")`` read as off and on: a caller's missing or mistyped
    value would switch something off (or claim a keyword for real) rather than fail.
    """
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False; got {value!r}")
    return value


def optional_bool(name: str, value: object) -> bool | None:
    """A filter switch: ``None`` (no filter), or a real ``bool``, never a truthy stand-in."""
    return None if value is None else require_bool(name, value)


def phone_number_argument(name: str, value: str | None) -> str:
    """``value`` as ``00`` + country code + number (NOTES.md rule 24), or InvalidPhoneNumber.

    The one way the client reads a phone number argument, so every method normalises alike;
    the error keeps the module's words for a person and names the argument for a programmer.
    """
    try:
        return normalise_phone_number("" if value is None else str(value))
    except InvalidPhoneNumber as error:
        raise InvalidPhoneNumber(f"{name}: {error}") from None
