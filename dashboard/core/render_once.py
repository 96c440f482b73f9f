"""What the rows of one template rendering share, made once per rendering.

A tag that writes a row in Python (numbers, the pending board) keeps its translated words and
reversed URLs in an object made on the first row and found again on the next ones, in
Django's ``render_context``: it lives as long as the one rendering (one request, one
language), so nothing needs invalidating.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import template

Shared = TypeVar("Shared")


def per_rendering(context: template.Context, make: Callable[[], Shared]) -> Shared:
    """The object ``make`` made for this rendering, made on first use; ``make`` is the key."""
    found: Shared | None = context.render_context.get(make)
    if found is None:
        found = context.render_context[make] = make()
    return found
