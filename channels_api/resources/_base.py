"""What every resource group shares: its transport, and the registry of implemented operations.

``implements(op)`` marks a public method as the client's way to call one documented
operation; ``OPERATIONS`` maps each operation's name (as endpoints.tsv spells it) to the
operation and its method, so a test can prove that all 51 are covered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from channels_api._transport import Operation, Transport

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
