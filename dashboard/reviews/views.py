"""The reviews' pages: the board across accounts (``/reviews/``) and per account, an
account's policy (admins), one review (what would be sent) with Approve and Send back, and
"E-mail me about reviews of this account". None of them reads CM.com; Approve writes to it
once, through the owning app's service.

Deciding needs the kind's own right (the handler's capability) and never the author, even an
admin: a refusal is a 403 that says why.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AccessKind
from dashboard.audit.services import record_access
from dashboard.core.htmx import done, is_htmx, render_page
from dashboard.people.access import Capability, get_account_or_404, require, visible_accounts
from dashboard.reviews import selectors, services
from dashboard.reviews.forms import PolicyForm, SendBackForm
from dashboard.reviews.models import Review

BOARD = "reviews/board.html"
REVIEW = "reviews/review.html"
POLICY = "reviews/policy.html"


def _review_or_404(account: CMAccount, review_id: uuid.UUID) -> Review:
    found = selectors.review_in(account, review_id)
    if found is None:
        raise Http404(gettext("No such review"))
    return found


def _refused(request: HttpRequest, why: str) -> HttpResponse:
    """A 403 that says why (the author, or a person without the right), recorded."""
    record_access(kind=AccessKind.FORBIDDEN, request=request, detail=why)
    return render(request, "reviews/refused.html", {"why": why}, status=403)


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    """Reviews waiting in every account this person sees, with their age; recent decisions."""
    require(request, need=Capability.BROWSE)
    accounts = list(visible_accounts(request.user).order_by("name", "account_id"))
    page = selectors.board(request.user, accounts, request.GET)
    context = page.context(board_url=reverse("reviews:board"))
    return render_page(request, BOARD, context, fragment="review-board")


@require_GET
def account_board(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """The reviews of one account."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    page = selectors.board(request.user, [account], request.GET, account=account)
    url = reverse("reviews:account_board", args=[account.account_id])
    return render_page(request, BOARD, page.context(board_url=url), fragment="review-board")


@require_POST
def subscribe(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """ "E-mail me about reviews of this account" (on or off)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    on = request.POST.get("on") == "1"
    services.subscription_set(actor=request.user, account=account, on=on)
    if not is_htmx(request):
        said = (
            gettext("You will hear about the reviews of %(account)s.")
            if on
            else gettext("You will no longer hear about the reviews of %(account)s.")
        )
        messages.success(request, said % {"account": account.name})
    url = reverse("reviews:account_board", args=[account.account_id])
    context = {"account": account, "subscribed": on}
    return done(request, url, BOARD, context, fragment="subscription")


@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Which writes of this account need a second person (admins)."""
    account = get_account_or_404(request, account_id, need=Capability.MANAGE_ACCOUNTS)
    current = selectors.policy_of(account)
    form = PolicyForm(request.POST or None, policy=current)
    if request.method == "POST" and form.is_valid():
        services.policy_update(actor=request.user, account=account, wanted=form.wanted())
        messages.success(
            request, gettext("Review policy of %(account)s saved.") % {"account": account.name}
        )
        return redirect("reviews:policy", account.account_id)
    return render(request, POLICY, {"account": account, "form": form, "policy": current})


@require_GET
def review(request: HttpRequest, account_id: uuid.UUID, review_id: uuid.UUID) -> HttpResponse:
    """One review: what would be sent, and (for another person with the right) the decision."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    found = _review_or_404(account, review_id)
    services.notifications_mark_read(person=request.user, review=found)
    page = selectors.review_page(request.user, found, form=SendBackForm())
    return render_page(request, REVIEW, page.context(), fragment="review-decision")


@require_POST
def approve(request: HttpRequest, account_id: uuid.UUID, review_id: uuid.UUID) -> HttpResponse:
    """Approve: the dashboard sends it, once (a double click or a second reviewer sends
    nothing more)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    found = _review_or_404(account, review_id)
    why = services.may_decide(request.user, found)
    if why:
        return _refused(request, why)
    decision = services.review_approve(actor=request.user, review=found)
    return _decided(request, decision)


@require_POST
def send_back(request: HttpRequest, account_id: uuid.UUID, review_id: uuid.UUID) -> HttpResponse:
    """Send back to the author with a comment (required; what was typed stays)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    found = _review_or_404(account, review_id)
    why = services.may_decide(request.user, found)
    if why:
        return _refused(request, why)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        page = selectors.review_page(request.user, found, form=form)
        return render_page(request, REVIEW, page.context(), fragment="review-decision")
    comment = form.cleaned_data["comment"]
    decision = services.review_send_back(actor=request.user, review=found, comment=comment)
    return _decided(request, decision)


def _decided(request: HttpRequest, decision: services.Decision) -> HttpResponse:
    """After a decision: the review page (plain form, redirected) or its decision part."""
    review = decision.review
    if not is_htmx(request):
        (messages.success if decision.ok else messages.error)(request, decision.message)
    url = reverse("reviews:review", args=[review.account.account_id, review.public_id])
    page = selectors.review_page(request.user, review, form=SendBackForm(), said=decision)
    return done(request, url, REVIEW, page.context(), fragment="review-decision")
