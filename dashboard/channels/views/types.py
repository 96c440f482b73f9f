"""Channel types: what can be requested and what it costs, one type with its categories, and
"Request a channel", which states the cost and asks for confirmation before creating."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.channels import reviewing, selectors, services
from dashboard.channels.forms import ConfirmForm
from dashboard.channels.views._common import refusal
from dashboard.core import notfound
from dashboard.core.htmx import is_htmx, render_page
from dashboard.core.paging import page_number
from dashboard.people.access import Capability, get_account_or_404


@require_GET
def type_list(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """The channel types with their costs, one page at a time (``?page=N``)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    number = page_number(request.GET.get("page"))
    context = {"account": account, "types": selectors.types_page(account, number)}
    return render_page(request, "channels/types.html", context, fragment="type-list")


def _found_or_404(account: CMAccount, kind: Any) -> Any:
    """The channel type the URL names; a 404 when CM.com has no such type."""
    back = reverse("channels:types", kwargs={"account_id": account.account_id})
    return notfound.found_or_404(kind, "channel type", back=(back, "the channel types"))


@require_GET
def type_detail(
    request: HttpRequest, account_id: uuid.UUID, channel_type_id: uuid.UUID
) -> HttpResponse:
    """One channel type: costs, processing days, notice period, and its categories."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    page = selectors.type_page(account, str(channel_type_id))
    _found_or_404(account, page.channel_type)
    context = {
        "account": account,
        "channel_type": page.channel_type,
        "categories": page.categories,
    }
    return render_page(request, "channels/type_detail.html", context)


@require_GET
def request_channel(
    request: HttpRequest, account_id: uuid.UUID, channel_type_id: uuid.UUID
) -> HttpResponse:
    """The confirmation before requesting a channel: what it will cost, and a button."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    kind = _found_or_404(account, selectors.channel_type(account, str(channel_type_id)))
    context = {
        "account": account,
        "channel_type": kind,
        "form": ConfirmForm(),
        "review": reviewing.review_required(account),
    }
    return render_page(request, "channels/request_channel.html", context, fragment="confirm")


def _confirm_again(
    request: HttpRequest,
    account: CMAccount,
    kind: Any,
    form: ConfirmForm,
    *,
    error: str = "",
    outcome: upstream.WriteResult[Any] | None = None,
) -> HttpResponse:
    """The confirmation comes back: unconfirmed or refused (``error``), or its answer lost
    (``outcome``: what the check found, and "send again" only when it surely did not happen)."""
    context = {
        "account": account,
        "channel_type": kind,
        "form": form,
        "error": error,
        "outcome": outcome,
        "review": reviewing.review_required(account),
    }
    return render_page(request, "channels/request_channel.html", context, fragment="confirm")


def _request_url(account: CMAccount, created: Any) -> str:
    """The new request's page; the list of requests when CM.com gave it no id."""
    if created.id is None:
        return reverse("channels:requests", kwargs={"account_id": account.account_id})
    return reverse(
        "channels:request_detail",
        kwargs={"account_id": account.account_id, "channel_request_id": created.id},
    )


def _asked(request: HttpRequest, account: CMAccount, type_id: str, kind: Any) -> HttpResponse:
    """After "Ask for review": keep the request with the costs shown, send nothing, and go to the
    review's page, which says it waits."""
    review = reviewing.channel_request_ask(
        actor=request.user, account=account, channel_type_id=type_id, kind=kind
    )
    messages.success(request, reviewing.asked_words(review))
    url = reviewing.review_url(review)
    return HttpResponseClientRedirect(url) if is_htmx(request) else redirect(url)


@require_POST
def request_channel_create(
    request: HttpRequest, account_id: uuid.UUID, channel_type_id: uuid.UUID
) -> HttpResponse:
    """Request the channel once confirmed, then show the new request."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    type_id = str(channel_type_id)
    kind = _found_or_404(account, selectors.channel_type(account, type_id))
    form = ConfirmForm(request.POST)
    if upstream.is_failure(kind):
        # Without the costs there is nothing to confirm: never request blind.
        error = f"The channel was not requested: its costs could not be loaded. {kind.message}"
        return _confirm_again(request, account, kind, form, error=error)
    if not form.is_valid():
        return _confirm_again(request, account, kind, form, error=form.errors["confirm"][0])
    if reviewing.wants_review(request, account):
        return _asked(request, account, type_id, kind)
    written = services.channel_request_create(
        actor=request.user,
        account=account,
        channel_type_id=type_id,
        type_name=kind.description or type_id,
        startup_cost=kind.startup_cost,
        monthly_cost=kind.monthly_cost,
        currency=kind.currency,
    )
    if not written.ok:
        error = refusal(written, "was not requested", "channel") or ""
        return _confirm_again(
            request, account, kind, form, error=error, outcome=None if error else written
        )
    # Answered, or found by the check: on to the request, never a second one.
    messages.success(request, written.message or f"{kind.description or 'Channel'} requested.")
    url = _request_url(account, written.value)
    return HttpResponseClientRedirect(url) if is_htmx(request) else redirect(url)
