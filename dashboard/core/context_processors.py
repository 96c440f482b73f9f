"""Context for base.html that needs nothing above core: whether the cache is down."""

from __future__ import annotations

from django.http import HttpRequest

from dashboard.core.resilient_cache import cache_is_down


def cache_health(request: HttpRequest) -> dict[str, bool]:
    """``cache_down`` for the banner (``partials/cache_down.html``). Costs no Redis call while
    Redis is up; while it is down, at most one PING every few seconds per process."""
    return {"cache_down": cache_is_down()}
