"""Middleware of the shell: htmx responses that behave like full pages for messages and login,
an idle timeout for sessions, no caching of what a logged-in person sees, and the CSP header
built once."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
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


# What add_never_cache_headers writes on a response without Cache-Control, in its order.
NEVER_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"


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
        if "Cache-Control" not in response:
            # Nearly every page: the headers add_never_cache_headers ends with, written at
            # once (it parses and merges Cache-Control twice, ~30 µs a page; issue 19).
            response.headers["Cache-Control"] = NEVER_CACHE
            if "Expires" not in response:
                response.headers["Expires"] = http_date(time.time())
        elif user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


# What makes a response's policy its own (django-csp's decorators set these).
_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


@functools.cache
def _settings_policies() -> tuple[str, str]:
    """The header and the report-only header the settings make (either may be "")."""
    return build_policy(), build_policy(report_only=True)


def _forget_policies(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _settings_policies.cache_clear()


setting_changed.connect(_forget_policies, dispatch_uid="core.middleware.forget_policies")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the settings' policy built once per process instead of
    on every response (two policies from dictionaries, ~85 µs a page on the benchmark's
    machine; issue 19). A response with a policy of its own (django-csp's decorators) or a
    request that used a nonce is left to django-csp, which builds it; everything else gets the
    same headers under the same conditions."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _OWN_POLICY
        ):
            return super().process_response(request, response)  # type: ignore[no-any-return]
        if settings.DEBUG and response.status_code in (500, 404):
            return response  # as django-csp: Django's debug pages carry inline code
        policy, report_only = _settings_policies()
        for header, value, exempt, setting in (
            (HEADER, policy, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (
                HEADER_REPORT_ONLY,
                report_only,
                "_csp_exempt_ro",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            ),
        ):
            if not value or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        # As django-csp: a nonce asked for after the header is written is an error, not a
        # nonce the header never named.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
