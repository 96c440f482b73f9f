"""The database going away (issue 19: PostgreSQL restarted under load): a page asked for while
it is down answers 503 "database unavailable" in words, never the 500 page, and the outage is
logged once as it starts and once as it ends, not once per request.

Django turns an exception into a response at every middleware's boundary, so no middleware
can catch one raised further in (by the session or the user loaded for the login check, as
often as by a view). Instead ``got_request_exception`` (sent for every unhandled exception,
wherever it was raised) marks the request, and ``DatabaseUnavailableMiddleware``, outside
everything that touches the database, swaps whatever answer came back for the 503 page. That
page is rendered without a request: no context processor, session or user, so no query.

The next request after the database returns gets a fresh connection: the settings keep
connections for ``CONN_MAX_AGE`` with ``CONN_HEALTH_CHECKS`` on, so a connection the restart
killed is noticed before the request's first query and replaced.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext_lazy
from django_htmx.http import reswap
from django_htmx.middleware import HtmxDetails

from dashboard.core.htmx import HTMX_HEADER, is_htmx, toast

logger = logging.getLogger(__name__)

# OperationalError: refused, reset, "the database system is shutting down/starting up";
# InterfaceError: a connection already closed under the request.
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)

DATABASE_DOWN_MESSAGE = gettext_lazy(
    "The dashboard's database is not answering, so this page could not be loaded. This is "
    "usually over within seconds (a restart, for instance): try again in a moment. If you "
    "sent a form, check whether it was saved before sending it again."
)
# Seconds a browser or a script is told to wait before asking again.
RETRY_AFTER_SECONDS = 5

_MARK = "_database_unavailable"


class _Outage:
    """This process's view of the database: since when it has been failing (None: it answers).

    Per process, as each has its own connections; a lock so two threads log it once."""

    def __init__(self) -> None:
        self.since: float | None = None
        self._lock = threading.Lock()

    def failed(self, error: BaseException) -> None:
        with self._lock:
            if self.since is not None:
                return
            self.since = time.monotonic()
        # The first failure of the outage with its traceback; the rest only answer 503.
        logger.warning(
            "database unavailable: pages answer 503 until it answers again (%s)",
            type(error).__name__,
            exc_info=error,
        )

    def answered(self) -> None:
        if self.since is None:  # the usual case costs one attribute read
            return
        with self._lock:
            since, self.since = self.since, None
        if since is not None:
            logger.warning("database answers again after %.1f s", time.monotonic() - since)

    @property
    def down(self) -> bool:
        return self.since is not None


outage = _Outage()


def mark_database_errors(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """``got_request_exception`` receiver: note a database error on the request it broke.

    Sent from inside Django's ``except`` block, so the exception is the one being handled."""
    error = sys.exc_info()[1]
    if request is None or not isinstance(error, DATABASE_DOWN_ERRORS):
        return
    setattr(request, _MARK, True)
    outage.failed(error)


class QuietDuringOutage(logging.Filter):
    """Drops ``django.request``'s "Internal Server Error" traceback for a database error: the
    outage is logged once by ``_Outage``, and the person got the 503 page, not a 500."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, DATABASE_DOWN_ERRORS)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 answer: the static page, or for htmx a toast and no swap (a whole page must
    never land inside a fragment, and what is on screen, typed text included, stays)."""
    if not hasattr(request, "htmx"):
        # The outage may have struck before HtmxMiddleware (further in) read the headers.
        request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    if is_htmx(request):
        response = HttpResponse(
            str(DATABASE_DOWN_MESSAGE), status=503, content_type="text/plain; charset=utf-8"
        )
        reswap(response, "none")
        toast(response, DATABASE_DOWN_MESSAGE, "error")
    else:
        body = loader.get_template("503.html").render({"message": DATABASE_DOWN_MESSAGE})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # The middleware that set these sit inside this one, and may never have run.
    add_never_cache_headers(response)
    response[CSP_HEADER] = build_policy()
    response["X-Frame-Options"] = "DENY"
    patch_vary_headers(response, (HTMX_HEADER,))
    return response


class DatabaseUnavailableMiddleware:
    """Answers 503 (``database_unavailable``) for a request a database error broke, and notes
    the first good answer after an outage. Sits before the session middleware: everything
    after it may touch the database, on the way in or out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, _MARK, False):
            return database_unavailable(request)
        # During an outage, a request that used a connection and did not fail means the
        # database answers again (a failed one was closed at the end of its request).
        if outage.down and response.status_code < 500 and connection.connection is not None:
            outage.answered()
        return response
