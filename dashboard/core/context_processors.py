"""Context for base.html that needs nothing above core: whether the cache is down, and the
header's parts read from the cache in one round trip (``header_read``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.core.signals import request_started
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from dashboard.core.resilient_cache import cache_is_down


def cache_health(request: HttpRequest) -> dict[str, Any]:
    """``cache_down`` for the banner (``partials/cache_down.html``). Costs no Redis call while
    Redis is up; while it is down, at most one PING every few seconds per process.

    Asked where the banner is drawn, after the header's cache read: a page that reads nothing
    else from the cache (the overview) still finds Redis down on the view that first fails."""
    return {"cache_down": SimpleLazyObject(cache_is_down)}


# --- the header's cache read -------------------------------------------------------------------
# Every full page's header shows two parts remembered in the cache: the bell's count
# (notify.bell) and the account switcher's generation (people.context_processors). Each read
# its keys on its own: two round trips to Redis a page. The parts name their keys here
# (``register_header_keys``, a function of the person), and within one render the first part
# to ask reads every part's keys in one ``get_many``; the others take theirs from it.

HeaderKeys = Callable[[Any], Iterable[str]]
_header_keys: list[HeaderKeys] = []

# What the first part read is handed to the others for this long at most: they are shown on
# the same page, a moment later (a render that took longer reads again).
HEADER_READ_SECONDS = 1.0


def register_header_keys(keys: HeaderKeys) -> None:
    """Read ``keys(person)`` with the header's other keys (once: a module may load twice)."""
    if keys not in _header_keys:
        _header_keys.append(keys)


class _HeaderRead:
    """The header's keys for one person, read when a part first asks; each key handed out
    once (a second ask reads the cache itself, as before)."""

    def __init__(self, person: Any) -> None:
        self.person = person
        self.found: dict[str, Any] | None = None
        self.unasked: set[str] = set()
        self.at = 0.0

    def take(self, keys: list[str]) -> dict[str, Any] | None:
        if self.found is None:
            wanted = {key for keys_of in _header_keys for key in keys_of(self.person)}
            if not set(keys) <= wanted:
                return None  # not a header part's keys (or another person's)
            self.found = cache.get_many(list(wanted))
            self.unasked, self.at = wanted, time.monotonic()
        elif not set(keys) <= self.unasked or time.monotonic() - self.at > HEADER_READ_SECONDS:
            return None
        self.unasked -= set(keys)
        return {key: self.found[key] for key in keys if key in self.found}


_header: ContextVar[_HeaderRead | None] = ContextVar("header_read", default=None)


def header_read(request: HttpRequest) -> dict[str, Any]:
    """Starts this render's header read (nothing is read until a part asks: a fragment that
    shows no header costs nothing). Adds nothing to the context."""
    user = getattr(request, "user", None)
    _header.set(_HeaderRead(user) if user is not None and user.is_authenticated else None)
    return {}


def header_get_many(keys: list[str]) -> dict[str, Any]:
    """``cache.get_many(keys)``, from the header's read when a page is being rendered and
    these are the keys of a part of its header (registered), else from the cache."""
    read = _header.get()
    found = read.take(keys) if read is not None else None
    return cache.get_many(keys) if found is None else found


def _request_started(**kwargs: Any) -> None:
    # A thread serves request after request: a read of the last one's header is not this one's.
    _header.set(None)


request_started.connect(_request_started, dispatch_uid="core-header-read")
