"""Channel requests: the list (filtered by channel type, paged upstream) and one request with
its progress read the way a person reads progress."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.channels import selectors
from dashboard.channels.forms import RequestFilterForm
from dashboard.core import layout_ahead, notfound
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
    request_id = str(channel_request_id)
    reads: list[checking.TrackedRead] = []
    layouts: list[_Layout | None] = []

    def meanwhile() -> None:
        # The tracker's item and the page around the content, while CM.com is asked: neither
        # needs its answers, so neither costs anything after they arrive (issue 19).
        read = checking.tracked_read(account, Kind.CHANNEL_REQUEST, request_id)
        reads.append(read)
        layouts.append(_layout(request, account, request_id, read))

    detail = selectors.request_detail(account, request_id, meanwhile=meanwhile)
    if notfound.is_not_found(detail.request):  # the link back is reversed only for a 404
        back = reverse("channels:requests", kwargs={"account_id": account.account_id})
        notfound.found_or_404(
            detail.request, "channel request", back=(back, "the channel requests")
        )
    context: dict[str, Any] = {
        "account": account,
        "detail": detail,
        "tracked": reads[0] if reads else None,
    }
    layout = layouts[0] if layouts else None
    if layout is None or not layout.fits(detail, request_id):
        return render_page(request, REQUEST_PAGE, context)
    # Only the content is left to write; the context processors' values are in the layout.
    return layout.page(request, context)


REQUEST_PAGE = "channels/request_detail.html"
REQUEST_CONTENT = "channels/_request_content.html"  # the page's content, which it includes

# Around the content in the layout (and around the tracker's part, which the content takes).
_CONTENT_MARK = layout_ahead.mark("request-content")


@dataclass(frozen=True)
class _Layout:
    """A channel request's page without its content, written before CM.com answered
    (``core.layout_ahead``): the layout (menu, bell, switcher, banners, toasts) and the
    tracker's part, which need none of its answers. ``head + content + tail`` is the page
    ``REQUEST_PAGE`` renders whole."""

    written: layout_ahead.Layout

    @property
    def parts(self) -> dict[str, Any]:
        """What the content takes from the layout's pass."""
        return {"tracked_part": mark_safe(self.written.pieces[1])}  # noqa: S308 (rendered)

    def fits(self, detail: selectors.RequestDetail, request_id: str) -> bool:
        """Whether the page may be this layout around the content: the tracker's part was
        written for the request CM.com gave, and the cache banner has not changed since."""
        if not self.written.current:
            return False
        found = detail.request
        return upstream.is_failure(found) or str(found.id) == request_id

    def page(self, request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
        head, _tracked, tail = self.written.pieces
        content = self.written.render(request, REQUEST_CONTENT, {**context, **self.parts})
        return HttpResponse(head + content + tail)


def _layout(
    request: HttpRequest, account: CMAccount, request_id: str, read: checking.TrackedRead
) -> _Layout | None:
    """The page around its content (``_Layout``), or None when it must be written whole.
    Toasts it shows are shown again by a page written instead of it (a 404): Django's
    messages stay readable until the response is sent."""
    context = {
        "account": account,
        "content_mark": _CONTENT_MARK,
        "channel_request_id": request_id,
        "tracked": read,
    }
    found = layout_ahead.written(request, REQUEST_PAGE, (_CONTENT_MARK, _CONTENT_MARK), context)
    return _Layout(found) if found is not None else None
