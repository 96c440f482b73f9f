"""Middleware of the shell: htmx responses that behave like full pages for messages and login,
an idle timeout for sessions, and no caching of what a logged-in person sees."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_htmx.http import HttpResponseClientRedirect, reswap

from dashboard.core.htmx import is_htmx, toast

# Sent by static/app/app.js on requests no person asked for (polling, "load" triggers): they
# must not keep an idle session alive.
BACKGROUND_HEADER = "X-Background-Request"
# The session key holding when the person last did something (epoch seconds).
LAST_ACTIVITY_KEY = "_last_activity"
# Writing the session on every click costs a database write; a minute of precision is enough.
_ACTIVITY_RESOLUTION = 60

SESSION_ENDED_MESSAGE = gettext_lazy(
    "Your session has ended. Copy anything you typed, then reload the page to log in again."
)

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
    """An htmx request from an expired session never swaps the login page into a fragment.

    A read (GET) reloads the login page (``HX-Redirect``): nothing typed is lost. A write would
    lose what the person typed if the page went away, so it answers 401 with a toast that says
    to copy it and log in again, and swaps nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_htmx(request) and response.status_code == 302:
            login_path = urlsplit(resolve_url(settings.LOGIN_URL)).path
            if urlsplit(response.headers.get("Location", "")).path == login_path:
                if request.method in ("GET", "HEAD"):
                    return HttpResponseClientRedirect(response.headers["Location"], status=204)
                ended = reswap(HttpResponse(str(SESSION_ENDED_MESSAGE), status=401), "none")
                return toast(ended, SESSION_ENDED_MESSAGE, "error")
        return response


class SessionIdleTimeoutMiddleware:
    """Log a person out, server-side, after ``SESSION_IDLE_SECONDS`` without them doing anything.

    Activity is any request except the ones app.js marks as background (polling): an open tab
    whose bell polls every 30 s is still idle. The logout flushes the session row, so the old
    cookie is worthless; the login page then says why. Sits after AuthenticationMiddleware
    and before LoginRequiredMiddleware, which sends the now anonymous request to log in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = int(time.time())
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            last = request.session.get(LAST_ACTIVITY_KEY)
            if isinstance(last, int) and now - last > int(settings.SESSION_IDLE_SECONDS):
                logout(request)
                minutes = max(1, int(settings.SESSION_IDLE_SECONDS) // 60)
                messages.info(
                    request,
                    _("You were logged out after %(minutes)s minutes without activity.")
                    % {"minutes": minutes},
                )
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.headers.get(BACKGROUND_HEADER) != "true"
        ):
            last = request.session.get(LAST_ACTIVITY_KEY)
            if not isinstance(last, int) or now - last >= _ACTIVITY_RESOLUTION:
                request.session[LAST_ACTIVITY_KEY] = now
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every page a logged-in person gets (and on the login form).

    Pages show a customer's channels, numbers and people: no browser cache, proxy or back
    button after logout may keep a copy. Static files never reach this middleware
    (WhiteNoise answers them first) and keep their long cache.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "Cache-Control" not in response:
            add_never_cache_headers(response)
        return response
