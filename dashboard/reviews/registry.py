"""The kinds of review, each registered by the app that owns the write.

Reviews sit below the page apps (it never imports studio, channels, numbers…): an owning app
registers a ``Handler`` from its ``AppConfig.ready()``, saying which right the author and the
reviewer both need, how to send an approved review (through its own service, so through
``upstream.write``), how to show what would be sent, and how to tell that the review no
longer matches the thing (void).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dashboard.core.capabilities import Capability
from dashboard.reviews.models import ReviewKind

if TYPE_CHECKING:
    from dashboard.people.models import User
    from dashboard.reviews.models import Review


@dataclass(frozen=True)
class Sent:
    """What sending an approved review did."""

    ok: bool
    message: str
    """In words, for the reviewer (and the author): CM.com's own when it refused."""


@dataclass(frozen=True)
class Handler:
    """How reviews deal with one kind of write."""

    kind: ReviewKind
    capability: Capability
    """The right both the author and the reviewer need."""
    send: Callable[[Review, User], Sent]
    """Does the write from ``review.payload`` through the owning app's service; called at
    most once per review."""
    show: Callable[[Review], tuple[str, dict]]
    """(template name, context) the review page includes to show what would be sent."""
    void_reason: Callable[[Review], str]
    """"" while the review still matches the thing, else why it is void, in words."""
    target_url: Callable[[Review], str]
    """Where the thing lives (the template, the number types page…)."""


_HANDLERS: dict[str, Handler] = {}


def register(handler: Handler) -> None:
    """Register (or replace: ``ready()`` may run twice in tests) the handler of a kind."""
    _HANDLERS[str(handler.kind)] = handler


def handler_for(kind: str) -> Handler:
    """The handler of ``kind``; KeyError when no app registered it."""
    return _HANDLERS[str(kind)]


def registered(kind: str) -> bool:
    """Whether an app registered ``kind`` (a review of an unregistered kind cannot be sent)."""
    return str(kind) in _HANDLERS
