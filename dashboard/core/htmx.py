"""Helpers for the house pattern: one view renders the page and its fragments.

    return render_page(request, "accounts/list.html", context, fragment="account-list")

renders the whole page for a normal request and only ``accounts/list.html#account-list`` for
an htmx request. ``done`` ends a POST: a redirect without htmx, the fragment with it.
``toast`` attaches a toast to any response through the ``HX-Trigger`` header.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers

# The request header htmx sets; a response that depends on it must say so (Vary), or a cache
# (the browser's back button included) could hand a fragment where the page was asked for.
HTMX_HEADER = "HX-Request"


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx sent this request for a fragment: not a boosted navigation, and not a
    history restore (going back asks for the whole page)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    fragment: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The whole page, or only the ``fragment`` partial when htmx asked (``Vary: HX-Request``)."""
    name = f"{template}#{fragment}" if fragment and is_htmx(request) else template
    response = render(request, name, context or {}, status=status)
    if fragment:
        patch_vary_headers(response, (HTMX_HEADER,))
    return response


def done(
    request: HttpRequest,
    redirect_to: str,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    fragment: str,
    status: int = 200,
) -> HttpResponse:
    """After a POST: redirect (plain form) or render the fragment (htmx)."""
    if is_htmx(request):
        response = render(request, f"{template}#{fragment}", context or {}, status=status)
    else:
        response = redirect(redirect_to)
    patch_vary_headers(response, (HTMX_HEADER,))
    return response


def trigger(response: HttpResponse, event: str, detail: Any = None) -> HttpResponse:
    """Add an event to the response's ``HX-Trigger`` header, keeping events already there."""
    current = response.headers.get("HX-Trigger")
    events: dict[str, Any] = {}
    if current:
        try:
            parsed = json.loads(current)
        except ValueError:
            parsed = {name.strip(): None for name in current.split(",")}
        events = parsed if isinstance(parsed, dict) else {}
    earlier = events.get("toast")
    if event == "toast" and isinstance(earlier, dict) and isinstance(earlier.get("items"), list):
        # Several toasts in one response: keep them all.
        events["toast"] = {"items": [*earlier["items"], *detail["items"]]}
    else:
        events[event] = detail
    response.headers["HX-Trigger"] = json.dumps(events)
    return response


def toast(response: HttpResponse, message: str, level: str = "success") -> HttpResponse:
    """Show a toast (success, info, warning or error) when htmx receives this response."""
    # str(): a lazily translated message becomes words in the active language here.
    return trigger(response, "toast", {"items": [{"level": level, "message": str(message)}]})
