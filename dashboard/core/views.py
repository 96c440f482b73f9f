"""The error pages (403, refused form, 404, 500), in the product's look; every app's views
raise into them. And ``healthz``, the health check's URL."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django_htmx.http import reswap

from dashboard.core import notfound
from dashboard.core.htmx import HTMX_HEADER, is_htmx, toast


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page, in the product's look (a bare message for an htmx request)."""
    return render(request, "403.html", status=403)


CSRF_EXPIRED_MESSAGE = gettext_lazy(
    "This page has expired (it was open too long, or you logged in again elsewhere), so the "
    "dashboard did not accept it. Copy anything you typed, then reload the page."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form (stale page or expired session), in the product's look.

    For htmx, a toast that says to reload, and no swap: a whole page must never land inside
    a fragment, and the form (with what was typed) stays on screen.
    """
    if is_htmx(request):
        response = reswap(HttpResponse(str(CSRF_EXPIRED_MESSAGE), status=403), "none")
        return toast(response, CSRF_EXPIRED_MESSAGE, "error")
    return render(request, "403_csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 page, saying what is missing when CM.com has no such object (``NotAtCM``).

    For htmx, a 404 that swaps nothing and says it in a toast: the part or the form that asked
    stays on screen, and a whole page never lands inside a fragment.
    """
    if is_htmx(request):
        message = notfound.message_of(exception, htmx=True)
        response = HttpResponse(message, status=404, content_type="text/plain; charset=utf-8")
        reswap(response, "none")
        toast(response, message, "error")
    else:
        back = exception.back if isinstance(exception, notfound.NotAtCM) else None
        context = {"message": notfound.message_of(exception), "back": back}
        response = render(request, "404.html", context, status=404)
    patch_vary_headers(response, (HTMX_HEADER,))
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without context processors: something is already broken."""
    return HttpResponseServerError(loader.get_template("500.html").render({}))


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """``/healthz``: 200 while this process serves requests, for a container's health check.

    It touches neither the database nor Redis: when one of them goes away the pages say so
    themselves (503 in words, the cache banner), and a web process restarted because a
    dependency blinked would only add an outage of its own. No login, no session.
    """
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
