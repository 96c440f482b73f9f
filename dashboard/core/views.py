"""Core pages: home (redirect to an account), the account overview, and the error pages."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from dashboard.core import notfound, selectors
from dashboard.core.access import Capability, get_account_or_404, visible_accounts
from dashboard.core.htmx import HTMX_HEADER, is_htmx, render_page, toast


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Go to the person's first account, or say there is none yet."""
    account = visible_accounts(request.user).first()
    if account is not None:
        return redirect("core:overview", account_id=account.account_id)
    return render(request, "core/no_accounts.html")


@require_GET
def overview(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Channels by type and status, pending channel requests, templates by status.

    With htmx and ``?part=channels|requests|templates`` only that part is loaded and rendered
    (the "Try again" link of an unavailable part uses it).
    """
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    part = request.GET.get("part", "")
    if part in selectors.OVERVIEW_PARTS:
        parts = selectors.overview(account, (part,))
        return render_page(
            request, "core/overview.html", {"account": account, **parts}, fragment=f"part-{part}"
        )
    parts = selectors.overview(account)
    return render(request, "core/overview.html", {"account": account, **parts})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 403 page, in the product's look (a bare message for an htmx request)."""
    return render(request, "403.html", status=403)


CSRF_EXPIRED_MESSAGE = (
    "This page has expired (it was open too long, or you logged in again elsewhere), so the "
    "dashboard did not accept it. Copy anything you typed, then reload the page."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form (stale page or expired session), in the product's look.

    For htmx, a toast that says to reload, and no swap: a whole page must never land inside
    a fragment, and the form (with what was typed) stays on screen.
    """
    if is_htmx(request):
        response = HttpResponse(CSRF_EXPIRED_MESSAGE, status=403)
        response.headers["HX-Reswap"] = "none"
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
        response.headers["HX-Reswap"] = "none"
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
