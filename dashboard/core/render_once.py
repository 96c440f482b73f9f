"""What the rows of one template rendering share, made once per rendering; what a page draws
that is a function of its arguments, made once per process (``remembered``); and URLs,
reversed once per process (``reversed_url``).

A tag that writes a row in Python (numbers, the pending board) keeps its translated words and
reversed URLs in an object made on the first row and found again on the next ones, in
Django's ``render_context``: it lives as long as the one rendering (one request, one
language), so nothing needs invalidating.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

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


# The arguments a URL may be remembered for: values whose text never changes. A model
# instance (or anything else) is reversed every time, as its text may change under one key.
_PLAIN = (str, int, uuid.UUID)


def reversed_url(
    view_name: str,
    args: tuple[Any, ...] = (),
    kwargs: dict[str, Any] | None = None,
    current_app: str | None = None,
) -> str:
    """``reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)``, remembered.

    A reverse is a function of its arguments and of what it reads besides: the URL
    configuration (the thread's or the settings'), the script prefix (a site under a path)
    and the language (translated routes), all in the key. ~60 µs each on the benchmark's
    machine against ~3 µs for the lookup, and a page reverses the same few every time
    (issue 19). ``NoReverseMatch`` is raised as ``reverse`` raises it, and never remembered.
    """
    items = tuple(sorted(kwargs.items())) if kwargs else ()
    if not all(type(v) in _PLAIN or isinstance(v, str) for v in (*args, *(v for _, v in items))):
        return reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
    return _reversed(
        view_name,
        tuple(args),
        items,
        current_app,
        get_urlconf(),
        settings.ROOT_URLCONF,
        get_script_prefix(),
        get_language(),
    )


@functools.lru_cache(maxsize=4096)
def _reversed(
    view_name: str,
    args: tuple[Any, ...],
    kwargs: tuple[tuple[str, Any], ...],
    current_app: str | None,
    urlconf: Any,
    root_urlconf: str,
    prefix: str,
    language: str | None,
) -> str:
    return reverse(
        view_name,
        urlconf=urlconf,
        args=args or None,
        kwargs=dict(kwargs) or None,
        current_app=current_app,
    )


def _forget_urls(*, setting: str, **kwargs: Any) -> None:
    # A test that swaps the URL configuration's modules under the same name
    # (override_settings) gets its own URLs; Django forgets its resolvers then too.
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):
        _reversed.cache_clear()


setting_changed.connect(_forget_urls, dispatch_uid="core.render_once.forget_urls")
