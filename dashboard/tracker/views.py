"""The tracker's pages. None of them calls CM.com: they show what the poller stored.

- ``/pending/``: everything pending in the accounts a person may see, grouped by kind, 50
  rows a page (``?kind=`` filters, ``?page=``), with each account's last successful poll and
  "Poll now". Every 30 s htmx asks the same URL with ``?fresh=<stamp>`` whether anything
  changed: the answer is a tiny fragment, which reloads the board only when the stamp moved
  (and otherwise brings just the panels' new "last successful poll" times).
- ``/a/<uuid>/pending/``: the same for one account.
- ``/notifications/`` and the bell partial ``/notifications/bell/``; marking read.
- ``/notifications/subscriptions/``: which e-mails a person wants.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_POST

from dashboard.accounts.models import CMAccount
from dashboard.core.htmx import done, is_htmx, render_page, trigger
from dashboard.notify import selectors as notify_selectors
from dashboard.notify import services as notify_services
from dashboard.people.access import Capability, get_account_or_404, require, visible_accounts
from dashboard.reviews import selectors as review_selectors
from dashboard.reviews import services as review_services
from dashboard.tracker import selectors, services
from dashboard.tracker.forms import SubscriptionForm, choice_value
from dashboard.tracker.statuses import Kind

BOARD = "tracker/board.html"
NOTIFICATIONS = "tracker/notifications.html"
# The newest review steps listed above the changes; each review's page has its whole story.
REVIEWS_SHOWN = 10
SUBSCRIPTIONS = "tracker/subscriptions.html"
# Fired after anything that changes what the board or the bell shows.
CHANGED_EVENT = "tracker-changed"


def _board_url(account: CMAccount | None) -> str:
    if account is None:
        return reverse("tracker:board")
    return reverse("tracker:account_board", args=[account.account_id])


def _board_query(request: HttpRequest) -> tuple[str, str]:
    """The kind filter as a query string, and the same with the page number: the pager
    builds on the first, a reload of the board keeps the second."""
    kind = request.GET.get("kind", "")
    filters = urlencode({"kind": kind}) if kind in Kind.values else ""
    page = request.GET.get("page", "")
    here = "&".join(part for part in (filters, urlencode({"page": page}) if page else "") if part)
    return filters, here


def _board(
    request: HttpRequest, accounts: QuerySet[CMAccount], account: CMAccount | None
) -> HttpResponse:
    filters, here = _board_query(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""  # an unknown kind shows every kind
    context: dict[str, Any] = {
        "account": account,
        "board_url": _board_url(account),
        "filters": filters,
        "here": here,
        "kind": kind,
        "kind_choices": Kind.choices,
        "interval": selectors.poll_interval(),
    }
    if "fresh" in request.GET and is_htmx(request):
        # The periodic check: a few hundred bytes, not the board. The board itself is asked
        # for only when its stamp moved, by a "load" request (background, as polling is).
        fresh = selectors.freshness(accounts)
        reload = fresh.stamp != request.GET.get("fresh")
        context |= {
            "freshness": fresh,
            "reload": reload,
            "send_times": not reload and fresh.polled != request.GET.get("polled"),
        }
        return render_page(request, BOARD, context, fragment="board-freshness")
    board = selectors.board(accounts, kind=kind, page=request.GET.get("page"))
    context |= {"board": board, "freshness": board.freshness}
    return render_page(request, BOARD, context, fragment="board")


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """What is pending across the accounts this person may see, a page at a time."""
    require(request, need=Capability.BROWSE)
    return _board(request, visible_accounts(request.user), None)


@require_GET
def account_board(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """What is pending in one account, a page at a time."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    return _board(request, CMAccount.objects.filter(pk=account.pk), account)


@require_POST
def poll_now(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Queue a poll of one account (rate limited); answers with its panel."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    outcome = services.account_poll_now(actor=request.user, account=account)
    if outcome.queued:
        messages.success(request, outcome.message)  # a toast; the board then reloads
    elif not is_htmx(request):
        messages.warning(request, outcome.message)  # htmx shows it in the panel instead
    back = request.POST.get("next", "")
    # Only a path of this site: redirect() would take a bare word for a URL name to reverse.
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("tracker:account_board", args=[account.account_id])
    context = {
        "panel": selectors.health_of(account),
        "poll_now": outcome,
        "board_url": back,
        "interval": selectors.poll_interval(),
    }
    response = done(request, back, BOARD, context, fragment="account-panel")
    if outcome.queued:
        trigger(response, CHANGED_EVENT)
    return response


@require_GET
def bell(request: HttpRequest) -> HttpResponse:
    """The unread count under the bell (htmx refreshes it every 30 s and on changes)."""
    require(request, need=Capability.BROWSE)
    context = {"unread": selectors.unread_count(request.user), "refresh": True}
    return render_page(request, "tracker/bell.html", context, fragment="bell")


@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """This person's notifications, newest first, 25 a page."""
    require(request, need=Capability.BROWSE)
    return render_page(
        request, NOTIFICATIONS, _notifications_context(request), fragment="notification-list"
    )


def _notifications_context(request: HttpRequest) -> dict[str, Any]:
    found = selectors.notifications_for(request.user)
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    reviews = review_selectors.notifications_for(request.user)
    return {
        "alerts": notify_selectors.alerts_for(request.user)[:REVIEWS_SHOWN],
        "page": page,
        "unread": selectors.unread_count(request.user),
        "reviews": reviews[:REVIEWS_SHOWN],
        "reviews_more": max(0, reviews.count() - REVIEWS_SHOWN),
    }


@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark every notification of this person read."""
    require(request, need=Capability.BROWSE)
    count = services.notifications_mark_read(person=request.user)
    count += review_services.notifications_mark_all_read(person=request.user)
    count += notify_services.alerts_mark_read(person=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked read.", "%(count)d notifications marked read.", count
            )
            % {"count": count},
        )
    response = done(
        request,
        reverse("tracker:notifications"),
        NOTIFICATIONS,
        _notifications_context(request),
        fragment="notification-list",
    )
    return trigger(response, CHANGED_EVENT)


def _subscriptions_context(form: SubscriptionForm) -> dict[str, Any]:
    kinds = list(Kind)
    selected = form.selected()
    rows = [
        {
            "account": account,
            "cells": [
                {
                    "value": choice_value(account, kind),
                    "label": f"{account.name}: {kind.label}",
                    "checked": choice_value(account, kind) in selected,
                }
                for kind in kinds
            ],
        }
        for account in form.accounts
    ]
    return {"form": form, "kinds": kinds, "rows": rows}


@require_GET
def subscriptions(request: HttpRequest) -> HttpResponse:
    """Which kinds of change, on which accounts, this person gets e-mail for."""
    require(request, need=Capability.BROWSE)
    accounts = list(visible_accounts(request.user))
    by_pk = {account.pk: account for account in accounts}
    initial = [
        choice_value(by_pk[pk], kind)
        for pk, kind in selectors.subscriptions_of(request.user)
        if pk in by_pk
    ]
    form = SubscriptionForm(accounts=accounts, initial={"subscriptions": initial})
    return render(request, SUBSCRIPTIONS, _subscriptions_context(form))


@require_POST
def subscriptions_save(request: HttpRequest) -> HttpResponse:
    """Save the subscriptions; a refused form comes back with the message and the boxes
    as they were ticked."""
    require(request, need=Capability.BROWSE)
    accounts = list(visible_accounts(request.user))
    form = SubscriptionForm(request.POST, accounts=accounts)
    if not form.is_valid():
        name = f"{SUBSCRIPTIONS}#subscriptions-form" if is_htmx(request) else SUBSCRIPTIONS
        return render(request, name, _subscriptions_context(form), status=400)
    added, removed = services.subscriptions_update(
        actor=request.user, accounts=accounts, wanted=form.wanted()
    )
    messages.success(
        request,
        gettext("Subscriptions saved (%(added)d added, %(removed)d removed).")
        % {"added": added, "removed": removed},
    )
    saved = SubscriptionForm(
        accounts=accounts, initial={"subscriptions": form.cleaned_data["subscriptions"]}
    )
    return done(
        request,
        reverse("tracker:subscriptions"),
        SUBSCRIPTIONS,
        _subscriptions_context(saved),
        fragment="subscriptions-form",
    )
