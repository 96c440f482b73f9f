"""Spending under review: renting a number and claiming a keyword, when the account wants a
second person for them.

The flow stays choose → dry run → confirm; when review is required the confirmation's button
says "Ask for review", and confirming keeps exactly what the real request would send (the
number type id; the number and the keyword) with the dry run's cost, and sends nothing. The
reviews app calls ``send`` once when another person approves: it runs the dry run again and
sends the real request through this app's own service (so through ``upstream.write``, audited
and checked after a lost answer) only when the cost is still the one the reviewer saw.

Void: a review of spending never turns void here (``void_reason`` is always ""). Nothing of it
lives in the dashboard that could change: the number type's price and availability, and
whether the keyword is free, are CM.com's. They are checked where they can be, at approval:
a fresh dry run that fails, or whose cost differs from the one kept, sends nothing and says so
(the review ends "approved, but sending failed", and the author asks again at the new price).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from dashboard.core.capabilities import Capability
from dashboard.numbers import services
from dashboard.reviews import registry, spending, wording
from dashboard.reviews import services as reviews
from dashboard.reviews.models import Review, ReviewKind

# Shared with the other kinds of spending; named here too, as the views and the handlers use them.
from dashboard.reviews.spending import asked_words as asked_words
from dashboard.reviews.spending import cost_rows as cost_rows
from dashboard.reviews.spending import never_void as never_void
from dashboard.reviews.spending import review_url as review_url
from dashboard.reviews.spending import wants_review as wants_review

if TYPE_CHECKING:
    from channels_api.models import ApiKeywordClaimResponse, ApiNumberRequestResponse
    from dashboard.accounts.models import CMAccount
    from dashboard.people.models import User

NUMBER_KIND = ReviewKind.NUMBER_REQUEST
KEYWORD_KIND = ReviewKind.KEYWORD_CLAIM


def review_required(account: CMAccount, kind: ReviewKind) -> bool:
    """For the confirmation pages: whether their button says "Ask for review"."""
    return reviews.review_required(account=account, kind=kind)


# --- asking -----------------------------------------------------------------------------------


def number_request_cost(result: ApiNumberRequestResponse) -> dict[str, str]:
    """The dry run's cost of renting a number of a type, as kept with the review."""
    kind = result.number_type
    return {
        "startup_cost": spending.text(kind.startup_cost if kind else None),
        "monthly_cost": spending.text(kind.monthly_cost if kind else None),
        "currency": spending.text(kind.currency if kind else None),
        "notice_period_days": spending.text(kind.notice_period_days if kind else None),
        "processing_days": spending.text(kind.number_request_processing_days if kind else None),
        "description": spending.text(kind.description if kind else None),
    }


def keyword_claim_cost(result: ApiKeywordClaimResponse) -> dict[str, str]:
    """The dry run's cost of a claim, as kept with the review."""
    return {
        "startup_cost": spending.text(result.startup_cost),
        "monthly_cost": spending.text(result.monthly_cost),
        "currency": spending.text(result.currency),
        "notice_period_days": spending.text(result.notice_period_days),
        "phone_number": spending.text(result.phone_number),
    }


def _kept(checked: dict[str, str]) -> dict[str, str]:
    """The cost the dry run stated, from the signed confirmation (``cost_*`` values)."""
    return {key[5:]: value for key, value in checked.items() if key.startswith("cost_")}


def signed_cost(cost: dict[str, str]) -> dict[str, str]:
    """The cost as values of the confirmation token, so what is kept is what was shown."""
    return {f"cost_{key}": value for key, value in cost.items()}


def number_request_ask(*, actor: Any, account: CMAccount, checked: dict[str, str]) -> Review:
    """Keep the request of a number of the checked type, and its dry run's cost, for review;
    nothing is sent."""
    number_type_id = checked["number_type_id"]
    cost = _kept(checked)
    what = cost.get("description") or f"number type {number_type_id}"
    return reviews.review_ask(
        actor=actor,
        account=account,
        kind=NUMBER_KIND,
        target=number_type_id,
        label=_("Request %(what)s (%(cost_words)s)")
        % {"what": what, "cost_words": spending.cost_words(cost)},
        # The reviewer reads the label in their own language: its key and parts.
        label_parts=wording.spending_label(
            wording.NUMBER_REQUEST,
            spending.cost_parts(cost),
            what=cost.get("description") or "",
            id=number_type_id,
        ),
        payload={"number_type_id": number_type_id},
        cost=cost,
    )


def keyword_target(phone_number_id: str, keyword: str) -> str:
    return f"{keyword} on {phone_number_id}"


def keyword_claim_ask(*, actor: Any, account: CMAccount, checked: dict[str, str]) -> Review:
    """Keep the claim of the checked keyword on the checked number, and its dry run's cost,
    for review; nothing is sent."""
    phone_number_id, keyword = checked["phone_number_id"], checked["keyword"]
    cost = _kept(checked)
    number = cost.get("phone_number") or phone_number_id
    return reviews.review_ask(
        actor=actor,
        account=account,
        kind=KEYWORD_KIND,
        target=keyword_target(phone_number_id, keyword),
        label=_("Claim %(keyword)s on %(number)s (%(cost_words)s)")
        % {"keyword": keyword, "number": number, "cost_words": spending.cost_words(cost)},
        label_parts=wording.spending_label(
            wording.KEYWORD_CLAIM, spending.cost_parts(cost), keyword=keyword, number=number
        ),
        payload={"phone_number_id": phone_number_id, "keyword": keyword},
        cost=cost,
    )


# --- the handlers the reviews app calls -----------------------------------------------------


def _not_done(written: Any, what: str, **parts: str) -> str:
    """A real write that did not happen (or may have), in words: ``what`` is
    "number_request" or "claim" (with its ``keyword``)."""
    if written.may_resend:
        key = "number_request_not_sent" if what == "number_request" else "claim_not_sent"
    else:
        key = "number_request_maybe_made" if what == "number_request" else "claim_maybe_made"
    return wording.outcome(key, detail=written.message, **parts)


def send_number_request(review: Review, reviewer: User) -> registry.Sent:
    """Rent the number as the reviewer, once, if its dry run still states the kept cost."""
    number_type_id = str(review.payload.get("number_type_id", ""))
    account, cost = review.account, review.cost or {}
    dry = services.number_request_simulate(
        actor=reviewer, account=account, number_type_id=number_type_id
    )
    if not dry.ok:
        return registry.Sent(False, wording.outcome("cost_unchecked", detail=dry.message))
    now = number_request_cost(dry.value)
    if spending.cost_changed(cost, now):
        return registry.Sent(False, spending.changed_words(cost, now))
    written = services.number_request_create(
        actor=reviewer, account=account, number_type_id=number_type_id
    )
    if not written.ok:
        return registry.Sent(False, _not_done(written, "number_request"))
    requested = (
        wording.outcome("number_requested", what=now["description"])
        if now["description"]
        else wording.outcome("a_number_requested")
    )
    return registry.Sent(True, wording.outcome_after(written.message, requested))


def send_keyword_claim(review: Review, reviewer: User) -> registry.Sent:
    """Claim the keyword as the reviewer, once, if its dry run still states the kept cost."""
    phone_number_id = str(review.payload.get("phone_number_id", ""))
    keyword = str(review.payload.get("keyword", ""))
    account, cost = review.account, review.cost or {}
    dry = services.keyword_claim_simulate(
        actor=reviewer, account=account, phone_number_id=phone_number_id, keyword=keyword
    )
    if not dry.ok:
        return registry.Sent(False, wording.outcome("claim_unchecked", detail=dry.message))
    now = keyword_claim_cost(dry.value)
    if spending.cost_changed(cost, now):
        return registry.Sent(False, spending.changed_words(cost, now))
    written = services.keyword_claim_create(
        actor=reviewer, account=account, phone_number_id=phone_number_id, keyword=keyword
    )
    if not written.ok:
        return registry.Sent(False, _not_done(written, "claim", keyword=keyword))
    claim = written.value
    claimed = wording.outcome("keyword_claimed", keyword=claim.keyword, number=claim.phone_number)
    return registry.Sent(True, wording.outcome_after(written.message, claimed))


def show_number_request(review: Review) -> tuple[str, dict[str, Any]]:
    cost = review.cost or {}
    return "reviews/_number_request.html", {
        "number_type_id": review.payload.get("number_type_id", ""),
        "description": cost.get("description", ""),
        "cost_rows": cost_rows(cost),
    }


def show_keyword_claim(review: Review) -> tuple[str, dict[str, Any]]:
    cost = review.cost or {}
    return "reviews/_keyword_claim.html", {
        "keyword": review.payload.get("keyword", ""),
        "phone_number_id": review.payload.get("phone_number_id", ""),
        "phone_number": cost.get("phone_number", ""),
        "cost_rows": cost_rows(cost),
    }


def number_types_url(review: Review) -> str:
    return reverse("numbers:types", kwargs={"account_id": review.account.account_id})


def keywords_url(review: Review) -> str:
    url = reverse("numbers:keywords", kwargs={"account_id": review.account.account_id})
    return f"{url}?{urlencode({'keyword': str(review.payload.get('keyword', ''))})}"


HANDLERS = (
    registry.Handler(
        kind=NUMBER_KIND,
        capability=Capability.MANAGE_NUMBERS,
        send=send_number_request,
        show=show_number_request,
        void_reason=never_void,
        target_url=number_types_url,
    ),
    registry.Handler(
        kind=KEYWORD_KIND,
        capability=Capability.MANAGE_NUMBERS,
        send=send_keyword_claim,
        show=show_keyword_claim,
        void_reason=never_void,
        target_url=keywords_url,
    ),
)


def register() -> None:
    """Called from ``NumbersConfig.ready``."""
    for handler in HANDLERS:
        registry.register(handler)
