"""What the rows of one template rendering share, made once per rendering.

A tag that writes a row in Python (numbers, the pending board) keeps its translated words and
reversed URLs in an object made on the first row and found again on the next ones, in
Django's ``render_context``: it lives as long as the one rendering (one request, one
language), so nothing needs invalidating.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import template
from django.conf import settings

Shared = TypeVar("Shared")


def per_rendering(context: template.Context, make: Callable[[], Shared]) -> Shared:
    """The object ``make`` made for this rendering, made on first use; ``make`` is the key."""
    found: Shared | None = context.render_context.get(make)
    if found is None:
        found = context.render_context[make] = make()
    return found


Function = TypeVar("Function", bound=Callable[..., Any])


def remembered(maxsize: int) -> Callable[[Function], Function]:
    """``functools.lru_cache(maxsize)`` for a part of a page that is a function of its
    arguments alone (the bell, the footer, a section menu), except with ``DEBUG`` on: under the
    development server an edited template shows at once."""

    def decorate(function: Function) -> Function:
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def call(*args: Any) -> Any:
            return function(*args) if settings.DEBUG else cached(*args)

        return cast(Function, call)

    return decorate
