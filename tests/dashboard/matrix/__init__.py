"""The access matrix, split by area so each app lists its own routes.

Each module in this package defines ``ROWS: dict[str, Row]`` (route name → how it answers)
and may define ``samples(account) -> dict[str, str]``: values for the route's other path
parameters (a channel id, a template id…), taken from the sandbox's seeded data for that
account. ``test_access_matrix.py`` merges every module, and fails when a route of the
project has no row.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Row:
    """How one route answers: method, then per role (account granted, account not granted)."""

    method: str
    anonymous: int
    admin: tuple[int, int]
    support: tuple[int, int]
    marketing: tuple[int, int]
    outsider: tuple[int, int]


def _same(status: int) -> tuple[int, int]:
    return (status, status)


ADMIN_ONLY = {
    "admin": _same(200),
    "support": _same(403),
    "marketing": _same(403),
    "outsider": _same(403),
}
ADMIN_ONLY_ACCOUNT = {
    "admin": _same(200),
    "support": (403, 404),
    "marketing": (403, 404),
    "outsider": _same(404),
}


def load() -> tuple[dict[str, Row], list[Callable[[Any], dict[str, str]]]]:
    """Every area's rows, merged, and every area's sample providers."""
    rows: dict[str, Row] = {}
    providers = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        clash = set(rows) & set(module.ROWS)
        assert not clash, f"{info.name} lists routes another area lists: {clash}"
        rows.update(module.ROWS)
        if hasattr(module, "samples"):
            providers.append(module.samples)
    return rows, providers


def routes(patterns: Any = None, namespace: str = "") -> dict[str, URLPattern]:
    """Every named route of the project, by its full name (``channels:email_update``)."""
    found: dict[str, URLPattern] = {}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.update(routes(entry.url_patterns, inner))
        elif isinstance(entry, URLPattern):
            assert entry.name, f"every URL needs a name to be in the access matrix: {entry}"
            found[f"{namespace}{entry.name}"] = entry
    return found
