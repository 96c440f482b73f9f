"""The channels page ("Get your channels", grouped) and a channel's page (the channel and its
five inbound configuration elements)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from dashboard.channels import selectors
from dashboard.channels.views.configuration import detail_page
from dashboard.core.htmx import is_htmx, render_page
from dashboard.core.paging import page_number
from dashboard.people.access import Capability, get_account_or_404


@require_GET
def channel_list(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Every channel, by type and category; pending ones marked; "coming soon" apart.

    ``?group=<type>:<category>&page=N`` pages one category (the API does not page this list,
    so it is read once and paged here); with htmx only that category's table is rendered.
    ``?only=<type>:<category>&state=live|pending`` shows only those (the overview's counts).
    """
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    group = request.GET.get("group", "")
    number = page_number(request.GET.get("page"))
    state, only = request.GET.get("state", ""), request.GET.get("only", "")
    bad_state = state not in ("", *selectors.CHANNEL_STATES)
    state = "" if bad_state else state
    page = selectors.channels_page(account, {group: number}, only=only, state=state)
    channels = page.channels
    context = {
        "account": account,
        # Every category's rows and pager link to it: reversed once, not once a category.
        "list_url": reverse("channels:list", kwargs={"account_id": account.account_id}),
        "channels": channels,
        "types_failure": page.types_failure,
        "state": state,
        "only": only,
        "state_error": bad_state,
    }
    if group and is_htmx(request):
        return _category(request, context, group)
    # A group's URL answers htmx with its category: named, so the page varies on HX-Request.
    fragment = "category" if group else None
    return render_page(request, "channels/list.html", context, fragment=fragment)


def _category(request: HttpRequest, context: dict[str, Any], group: str) -> HttpResponse:
    """One category's table for htmx, or its failure under the id the table is swapped by."""
    channels = context["channels"]
    if getattr(channels, "is_failure", False):
        # The category's table is swapped by its id: the failure must come back under it,
        # never the whole page inside the table.
        context["failed_dom_id"] = "group-" + re.sub(
            r"[^A-Za-z0-9_-]", "-", group.replace(":", "-")
        )
        context["failed_group"] = group
        return render_page(request, "channels/list.html", context, fragment="category-failure")
    category = channels.category(group)
    if category is None:
        raise Http404("No such channel group")
    context["category"] = category
    return render_page(request, "channels/list.html", context, fragment="category")


@require_GET
def channel_detail(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID
) -> HttpResponse:
    """One channel (with a link to its page at CM.com) and its inbound configuration."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    return detail_page(request, account, str(channel_id))
