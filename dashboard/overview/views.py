"""The overview pages: home (redirect to an account) and the account overview."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from dashboard.core.htmx import render_page
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
    """Channels by type and status (read from CM.com), pending channel requests and templates
    by status (counted from what the poller stored, with when it listed them).

    With htmx and ``?part=channels|requests|templates`` only that part is rendered (the "Try
    again" link of the channels part, the one read from CM.com, uses it).
    """
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    part = request.GET.get("part", "")
    if part in selectors.OVERVIEW_PARTS:
        parts = selectors.overview(account, (part,))
        return render_page(
            request,
            "overview/overview.html",
            {"account": account, **parts},
            fragment=f"part-{part}",
        )
    parts = selectors.overview(account)
    context = {"account": account, **parts}
    # CM.com's answer is still on its way (the channels part waits for it where the page
    # draws it): the parts counted from the database are drawn now, meanwhile, not after it.
    for name in ("requests", "templates"):
        context[f"{name}_html"] = render_to_string(
            f"overview/overview.html#part-{name}", context, request
        )
    return render(request, "overview/overview.html", context)
