"""Where a page's own time goes: a few extra cold views under cProfile, split into parts.

Benchmark 2 reports the dashboard's own time per page (page time minus the slowest upstream
answer); this names what that time is spent on, so the next person knows where to look. The
views profiled here are not the timed ones (a profiler slows Python down, templates most), and
the profiler's clock is the request thread's CPU time: waiting for CM.com costs the thread no
CPU, so what is left is the dashboard's own work in that thread.

The split, from the profile's cumulative times:

- middleware: the request through Django and the middleware (session, login, CSRF, CSP, the
  test client's own handling) outside the view;
- view: the view's own code and selectors (database, access checks, the upstream cache),
  without the parts below;
- client: building the requests to CM.com and parsing the answers (``Transport.call``) in the
  request's thread; the calls made on the shared worker threads are not in it;
- layout: rendering ``base.html`` around the page (menu, bell, account switcher, banners);
- content: rendering the page's own ``{% block content %}``.

``top`` names the three project functions (``dashboard``) with the largest cumulative time,
less what they spent in direct calls to the upstream plumbing (``dashboard.upstream``,
``channels_api``: the client part); it leaves out the view and the middleware themselves, the
plumbing, and any function that is almost all of one already named (its caller or its
callee), so three names say three different things.
"""

from __future__ import annotations

import cProfile
import inspect
import pstats
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# pstats keys: (file, line, function name).
Key = tuple[str, int, str]

PROJECT_PATHS = ("/dashboard/", "/channels_api/")
# Reading CM.com: its time is the "client" part (and the wait is not CPU), so a selector's
# time is counted without the calls it makes into these, and these are not named themselves.
PLUMBING = ("/dashboard/upstream/", "/channels_api/")
# Entry points that contain everything else: never the answer to "where does it go".
WRAPPERS = (
    "/dashboard/core/middleware.py",
    "/dashboard/core/database_health.py",
    "/dashboard/core/htmx.py",
    "/dashboard/people/middleware.py",
    "/dashboard/sso/middleware.py",
    # {% extends %} (a builtin in place of Django's): every page's whole rendering.
    "/dashboard/core/templatetags/extends_once.py",
)
# Part of one already named when it is at least this share of it.
NESTED_SHARE = 0.8

PARTS = ("middleware", "view", "client", "layout", "content")


@dataclass(frozen=True)
class Split:
    """One page's profiled request thread CPU, per part (milliseconds per view)."""

    total_ms: float
    parts: dict[str, float]
    top: list[tuple[str, float]] = field(default_factory=list)
    """(function, milliseconds per view), largest first."""

    def line(self) -> str:
        """``layout 4.1 ms (38%), content 2.0 ms, … — top: bell 1.9 ms, …`` for a table."""
        if self.total_ms <= 0:
            return "—"
        ordered = sorted(self.parts.items(), key=lambda item: -item[1])
        parts = ", ".join(
            f"{name} {ms:.1f} ({ms / self.total_ms:.0%})" for name, ms in ordered if ms >= 0.05
        )
        top = "; ".join(f"{name} {ms:.1f}" for name, ms in self.top)
        return f"{parts}" + (f" — top: {top}" if top else "")


def _matches(key: Key, path_part: str, name: str) -> bool:
    return path_part in key[0].replace("\\", "/") and key[2] == name


def _cumulative(stats: dict[Key, Any], path_part: str, name: str) -> float:
    """Cumulative seconds of the functions named ``name`` in files containing ``path_part``."""
    return sum(v[3] for k, v in stats.items() if _matches(k, path_part, name))


def _code_key(function: Callable[..., Any]) -> Key | None:
    """The pstats key of the innermost function behind decorators."""
    inner = inspect.unwrap(function)
    code = getattr(inner, "__code__", None)
    if code is None:
        return None
    return (code.co_filename, code.co_firstlineno, code.co_name)


def _label(key: Key) -> str:
    path = key[0].replace("\\", "/")
    for marker in PROJECT_PATHS:
        if marker in path:
            path = marker.strip("/") + "/" + path.split(marker, 1)[1]
            break
    module = path.removesuffix(".py").replace("/", ".")
    return f"{module}.{key[2]}"


def _top(
    stats: dict[Key, Any], views: int, skip: set[Key], count: int = 3
) -> list[tuple[str, float]]:
    candidates = [
        (key, value[3] - _plumbing_under(stats, key))
        for key, value in stats.items()
        if any(p in _path(key) for p in PROJECT_PATHS)
        and not any(p in _path(key) for p in (*WRAPPERS, *PLUMBING))
        and key not in skip
        and not key[2].startswith("<")  # lambdas and comprehensions say nothing by name
    ]
    candidates.sort(key=lambda item: -item[1])
    chosen: list[tuple[Key, float]] = []
    for key, seconds in candidates:
        callers = stats[key][4]
        nested = False
        for other, other_seconds in chosen:
            # A callee that is nearly all of a chosen function, or a caller nearly all of
            # which is a chosen function, says the same thing again.
            if other in callers and seconds >= NESTED_SHARE * other_seconds:
                nested = True
            if key in stats[other][4] and other_seconds >= NESTED_SHARE * seconds:
                nested = True
        if not nested:
            chosen.append((key, seconds))
        if len(chosen) == count:
            break
    return [(_label(key), seconds * 1000 / views) for key, seconds in chosen]


def _path(key: Key) -> str:
    return key[0].replace("\\", "/")


def _plumbing_under(stats: dict[Key, Any], key: Key) -> float:
    """Seconds ``key`` spent in direct calls into the upstream plumbing."""
    return sum(
        value[4][key][3]
        for callee, value in stats.items()
        if any(p in _path(callee) for p in PLUMBING) and key in value[4]
    )


def split_of(stats: dict[Key, Any], views: int, view_key: Key | None) -> Split:
    """The parts of ``views`` profiled requests, from a ``pstats.Stats().stats`` dict."""
    if views <= 0:
        return Split(0.0, {})
    total = _cumulative(stats, "django/test/client.py", "__call__")
    view = stats[view_key][3] if view_key in stats else 0.0
    render = _cumulative(stats, "django/template/backends/django.py", "render")
    content = min(render, _block_seconds(stats))
    client = _cumulative(stats, "channels_api/_transport.py", "call")
    parts = {
        "middleware": max(0.0, total - view),
        "view": max(0.0, view - render - client),
        "client": client,
        "layout": max(0.0, render - content),
        "content": content,
    }
    skip = {view_key} if view_key is not None else set()
    return Split(
        total * 1000 / views,
        {name: seconds * 1000 / views for name, seconds in parts.items()},
        _top(stats, views, skip),
    )


def _block_seconds(stats: dict[Key, Any]) -> float:
    # BlockNode.render: the page's blocks (content above all; title and head are a few
    # variables). Recursive blocks are counted once by the profiler's cumulative time.
    return sum(
        v[3]
        for k, v in stats.items()
        if _matches(k, "django/template/loader_tags.py", "render") and _is_block(k)
    )


def _is_block(key: Key) -> bool:
    from django.template import loader_tags

    code = loader_tags.BlockNode.render.__code__
    return key[1] == code.co_firstlineno


def profile(
    get: Callable[[], Any], before: Callable[[], None], view: Callable[..., Any], *, views: int
) -> Split:
    """``views`` requests made by ``get`` (``before`` runs first, unprofiled), profiled on the
    calling thread's CPU clock."""
    profiler = cProfile.Profile(time.thread_time_ns, 1e-9)
    for _ in range(views):
        before()
        profiler.enable()
        try:
            get()
        finally:
            profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    return split_of(stats, views, _code_key(view))
