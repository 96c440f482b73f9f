"""The overview pages: home (redirect to an account) and the account overview."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from dashboard.overview import selectors
from dashboard.people.access import Capability, get_account_or_404, visible_accounts


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Go to the person's first account, or say there is none yet."""
    account = visible_accounts(request.user).first()
    if account is not None:
        return redirect("overview:account", account_id=account.account_id)
    return render(request, "overview/no_accounts.html")


@require_GET
def overview(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Channels by type and category, pending channel requests and templates by status, each
    counted from what the poller stored, with when it read them: no call to CM.com."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    return render(
        request, "overview/overview.html", {"account": account, **selectors.overview(account)}
    )
