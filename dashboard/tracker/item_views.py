"""One tracked item's page and its "Check now" (``checking.item_check``).

- ``/a/<uuid>/tracked/<id>/``: the item as the tracker last read it, when that was, and its
  history;
- ``/a/<uuid>/tracked/<id>/check/``: read it from CM.com now (one call, once per 10 s per
  item); without htmx back to the page with the outcome as a message, with htmx the item's
  check fragment (``#check-<id>``) with the outcome in it, and its history when it moved.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dashboard.core.htmx import done, is_htmx, render_page, trigger
from dashboard.people.access import Capability, get_account_or_404
from dashboard.tracker import checking
from dashboard.tracker.views import CHANGED_EVENT

ITEM = "tracker/item.html"
HISTORY_LENGTH = 20


@require_GET
def item(request: HttpRequest, account_id: uuid.UUID, item_id: int) -> HttpResponse:
    """One tracked item: its status, when it was checked, its history, and "Check now"."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    found = checking.item_of(account, item_id)
    context = {
        "account": account,
        "item": found,
        "changes": found.changes.all()[:HISTORY_LENGTH],
    }
    return render_page(request, ITEM, context, fragment="item-check")


@require_POST
def item_check(request: HttpRequest, account_id: uuid.UUID, item_id: int) -> HttpResponse:
    """Read one item from CM.com now and store what it says."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    found = checking.item_of(account, item_id)
    outcome = checking.item_check(actor=request.user, item=found)
    if not is_htmx(request):
        (messages.success if outcome.ok else messages.warning)(request, outcome.message)
    context = {
        "account": account,
        "item": outcome.item,
        "check": outcome,
        "changes": outcome.item.changes.all()[:HISTORY_LENGTH],
    }
    back = reverse("tracker:item", args=[account.account_id, found.pk])
    response = done(request, back, ITEM, context, fragment="item-check")
    if outcome.change is not None:
        trigger(response, CHANGED_EVENT)
    return response
