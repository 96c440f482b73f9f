"""Channel requests: the list (filtered by channel type, paged upstream) and one request with
its progress read the way a person reads progress."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from dashboard import upstream
from dashboard.channels import selectors
from dashboard.channels.forms import RequestFilterForm
from dashboard.core import notfound
from dashboard.core.htmx import is_htmx, render_page
from dashboard.core.paging import page_number
from dashboard.people.access import Capability, get_account_or_404
from dashboard.tracker import checking
from dashboard.tracker.statuses import Kind

FILTER_ERROR_HEADER = "X-Filter-Error"
"""Sent by the filter form while it shows an error, so the next answer replaces the form too."""


@require_GET
def request_list(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Channel requests as the API orders them, ``?type=<type id>&status=<status>&page=N``.

    One page is read at a time (skip/take, one more than shown to know if there is a next
    page), together with the channel types that name them and fill the filter.
    """
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    raw_type = request.GET.get("type", "").strip()
    number = page_number(request.GET.get("page"))
    parts: dict[str, Any] | None = None
    if raw_type and not _is_uuid(raw_type):
        # Not even an id: no list is worth reading for it, only the types for the message.
        types = selectors.type_choices(account)
    else:
        # The page and the types in one concurrent round; the form checks the type after.
        parts = selectors.requests_page(account, raw_type or None, number, _status(request))
        types = parts["types"]
    choices = (
        None
        if upstream.is_failure(types)
        else [(t.id or "", t.description or t.id or "") for t in types]
    )
    form = RequestFilterForm(request.GET or None, types=choices)
    refused = bool(request.GET) and not form.is_valid()
    context: dict[str, Any] = {
        "account": account,
        "form": form,
        "type_failure": types if upstream.is_failure(types) else None,
        # The form is outside the swapped list: re-send it only when its message changes.
        "filter_oob": is_htmx(request)
        and (refused or bool(request.headers.get(FILTER_ERROR_HEADER))),
    }
    if parts is None or refused:
        # A type that is not on offer: say so at the field, list nothing.
        context["requests"] = None
        return render_page(request, "channels/requests.html", context, fragment="request-list")
    type_id = str(form.cleaned_data.get("type") or "") if request.GET else ""
    status = str(form.cleaned_data.get("status") or "") if request.GET else ""
    context.update(requests=parts["requests"], type_id=type_id, status=status)
    return render_page(request, "channels/requests.html", context, fragment="request-list")


def _status(request: HttpRequest) -> str:
    """``?status=`` when it is one to filter by; the form says why another is not."""
    raw = request.GET.get("status", "")
    return raw if raw in selectors.REQUEST_STATUSES else ""


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


@require_GET
def request_detail(
    request: HttpRequest, account_id: uuid.UUID, channel_request_id: uuid.UUID
) -> HttpResponse:
    """One channel request: status, dates, expected date (overdue?), and its request state as
    a progress bar and a stepper, with the next stage (action required stands out)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    reads: list[checking.TrackedRead] = []
    detail = selectors.request_detail(
        account,
        str(channel_request_id),
        # The tracker's item, read while CM.com is asked; the page's tag takes it.
        meanwhile=lambda: reads.append(
            checking.tracked_read(account, Kind.CHANNEL_REQUEST, str(channel_request_id))
        ),
    )
    if notfound.is_not_found(detail.request):  # the link back is reversed only for a 404
        back = reverse("channels:requests", kwargs={"account_id": account.account_id})
        notfound.found_or_404(
            detail.request, "channel request", back=(back, "the channel requests")
        )
    return render_page(
        request,
        "channels/request_detail.html",
        {"account": account, "detail": detail, "tracked": reads[0] if reads else None},
    )
