"""Middleware that makes htmx responses behave like full pages for messages and login."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url

from dashboard.core.htmx import is_htmx, toast

_LEVELS = {
    messages.DEBUG: "info",
    messages.INFO: "info",
    messages.SUCCESS: "success",
    messages.WARNING: "warning",
    messages.ERROR: "error",
}


class HtmxMessagesMiddleware:
    """Django messages queued during an htmx request become toasts (HX-Trigger ``toast``).

    A full page shows messages in base.html; a fragment has no place for them, so views just
    call ``messages.success(...)`` and this turns them into toasts.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not is_htmx(request) or 300 <= response.status_code < 400:
            return response
        if "HX-Redirect" in response.headers or "HX-Refresh" in response.headers:
            return response  # the next full page shows them
        for message in messages.get_messages(request):
            toast(response, str(message), _LEVELS.get(message.level, "info"))
        return response


class HtmxLoginRedirectMiddleware:
    """An htmx request from an expired session reloads the login page instead of swapping it
    into a fragment."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_htmx(request) and response.status_code == 302:
            login_path = urlsplit(resolve_url(settings.LOGIN_URL)).path
            if urlsplit(response.headers.get("Location", "")).path == login_path:
                redirect = HttpResponse(status=204)
                redirect.headers["HX-Redirect"] = response.headers["Location"]
                return redirect
        return response
