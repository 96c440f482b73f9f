"""What every review of spending shares: the costs kept, shown and compared, and the words.

Renting a number, claiming a keyword (``numbers.reviewing``) and requesting a channel
(``channels.reviewing``) all keep the costs the confirmation stated with the review, show them
to the reviewer as the same rows, and send nothing at approval when CM.com now states other
money. One copy here keeps those three agreeing on what "the same cost" means and on how money
is written. Like the rest of ``reviews``, this module knows no page app: the apps call it.

A cost is the dict kept in ``Review.cost``: strings only (unknown is ""), with the keys
``startup_cost``, ``monthly_cost``, ``currency``, ``notice_period_days`` and, for kinds that
take time to process, ``processing_days``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from dashboard.reviews import services as reviews
from dashboard.reviews import wording

if TYPE_CHECKING:
    from django.http import HttpRequest

    from dashboard.accounts.models import CMAccount
    from dashboard.reviews.models import Review, ReviewKind

# The money a confirmation states: a difference in any of these at approval sends nothing.
MONEY = ("startup_cost", "monthly_cost", "currency")


def text(value: Any) -> str:
    """A value as kept with the review (and signed into a token): strings only, unknown is ""."""
    return "" if value is None else str(value)


def _decimal(value: Any) -> Decimal | None:
    """The amount, or None when there is none or it is no number (shown as "—", never 0)."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def money(amount: Any, currency: Any) -> str:
    """``EUR 1,250.00``; takes what CM.com sent (a Decimal) as well as what was kept (a str)."""
    value = _decimal(amount)
    return "—" if value is None else f"{currency or ''} {value:,.2f}".strip()


def days(value: Any) -> str:
    """``1 day``, ``5 days``, or "—" when unknown (kept as "" or never kept)."""
    if value is None or value == "":
        return "—"
    try:
        count = int(value)
    except (TypeError, ValueError):
        count = 2  # not a whole number of days: read as plural
    return ngettext("%(value)s day", "%(value)s days", count) % {"value": value}


def _same(key: str, kept: str, now: str) -> bool:
    """Whether one money value is unchanged: amounts as numbers ("25.0" is "25"), currency
    codes whatever their case; what is no number must be the very same text, so an amount
    that could not be read never passes for one that could."""
    if key == "currency":
        return kept.upper() == now.upper()
    try:
        return Decimal(kept) == Decimal(now)
    except (InvalidOperation, ValueError):
        return kept == now


def cost_changed(kept: dict[str, Any], now: dict[str, Any]) -> bool:
    """Whether the money CM.com states now differs from the money kept for review."""
    return any(not _same(key, text(kept.get(key)), text(now.get(key))) for key in MONEY)


def cost_parts(cost: dict[str, Any]) -> dict[str, str]:
    """The money of a cost as the parts of a label (``wording.spending_label``): written as
    money, which needs no words, so the sentence round it is said where it is read."""
    currency = cost.get("currency")
    return {
        "startup": money(cost.get("startup_cost"), currency),
        "monthly": money(cost.get("monthly_cost"), currency),
    }


def cost_words(cost: dict[str, Any]) -> str:
    """The money in a sentence, for the review's label and for what changed."""
    return wording.cost_words(**cost_parts(cost))


def changed_words(kept: dict[str, Any], now: dict[str, Any], *, noun: str = "cost") -> str:
    """Why an approval sent nothing when the money moved (``noun``: "cost" or "costs"), said
    so that it can be said again in a reader's language (``wording.outcome``)."""
    return wording.outcome(
        "costs_changed" if noun == "costs" else "cost_changed",
        then=wording.cost_outcome(cost_parts(kept)),
        now=wording.cost_outcome(cost_parts(now)),
    )


def cost_rows(cost: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The costs as the confirmation showed them: (what, how much) rows. A processing time is
    a row only for kinds that keep one (a keyword claim has none)."""
    cost = cost or {}
    currency = cost.get("currency")
    rows = [
        (gettext("Start-up cost"), money(cost.get("startup_cost"), currency)),
        (gettext("Monthly cost"), money(cost.get("monthly_cost"), currency)),
        (gettext("Notice period"), days(cost.get("notice_period_days"))),
    ]
    if "processing_days" in cost:
        rows.append((gettext("Processing time"), days(cost.get("processing_days"))))
    return rows


def wants_review(request: HttpRequest, account: CMAccount, kind: ReviewKind) -> bool:
    """Whether confirming asks for review: the account requires it now, or the page the person
    confirmed on said "Ask for review" (a button that said so never spends money)."""
    return request.POST.get("review") == "yes" or reviews.review_required(
        account=account, kind=kind
    )


def review_url(review: Review) -> str:
    """Where the author is sent after asking: the review's own page."""
    return reverse("reviews:review", args=[review.account.account_id, review.public_id])


def asked_words(review: Review) -> str:
    """What the author is told after asking (or finding a review of it already waiting)."""
    if review.already_waiting:
        who = review.author_name or gettext("someone")
        return gettext(
            "A review of this was already asked by %(who)s and is waiting: nothing new asked."
        ) % {"who": who}
    return gettext("Review asked: nothing is sent to CM.com until another person approves it.")


def never_void(review: Review) -> str:
    """Spending has no state in the dashboard to go stale: the price and whether it is still
    offered are CM.com's, checked again at approval, where a difference sends nothing."""
    return ""
