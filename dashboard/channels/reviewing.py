"""Requesting a channel under review, when the account wants a second person for it.

The confirmation ("Request a … channel?") states the type's costs; when review is required its
button says "Ask for review", and confirming keeps exactly what the request would send (the
channel type id) with the costs shown, and sends nothing. The reviews app calls ``send`` once
when another person approves: it reads the channel type again and sends the request through
this app's own service (``services.channel_request_create``, so through ``upstream.write``,
audited and checked after a lost answer) only when the costs are still the ones kept.

Void: a channel request's review never turns void here (``void_reason`` is always ""): the
type's costs and whether it is still offered are CM.com's, and are checked at approval, where
a difference or a failed read sends nothing and says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from dashboard import upstream
from dashboard.channels import selectors, services
from dashboard.core.capabilities import Capability
from dashboard.reviews import registry, spending, wording
from dashboard.reviews import services as reviews
from dashboard.reviews.models import Review, ReviewKind

# Shared with the other kinds of spending; named here too, as the views and ``HANDLER`` use them.
from dashboard.reviews.spending import asked_words as asked_words
from dashboard.reviews.spending import cost_rows as cost_rows
from dashboard.reviews.spending import never_void as never_void
from dashboard.reviews.spending import review_url as review_url

if TYPE_CHECKING:
    from django.http import HttpRequest

    from channels_api.models import ApiChannelTypeResponse
    from dashboard.accounts.models import CMAccount
    from dashboard.people.models import User

KIND = ReviewKind.CHANNEL_REQUEST


def channel_type_cost(kind: ApiChannelTypeResponse) -> dict[str, str]:
    """The costs the confirmation page shows for a channel type, as kept with the review."""
    return {
        "startup_cost": spending.text(kind.startup_cost),
        "monthly_cost": spending.text(kind.monthly_cost),
        "currency": spending.text(kind.currency),
        "notice_period_days": spending.text(kind.notice_period_days),
        "processing_days": spending.text(kind.channel_request_processing_days),
        "description": spending.text(kind.description),
    }


def review_required(account: CMAccount) -> bool:
    """For the confirmation: whether its button says "Ask for review"."""
    return reviews.review_required(account=account, kind=KIND)


def wants_review(request: HttpRequest, account: CMAccount) -> bool:
    """Whether confirming asks for review (see ``spending.wants_review``); the views pass no
    kind, as this app reviews one."""
    return spending.wants_review(request, account, KIND)


def channel_request_ask(
    *, actor: Any, account: CMAccount, channel_type_id: str, kind: ApiChannelTypeResponse
) -> Review:
    """Keep the request of a channel of this type, with the costs shown, for review; nothing
    is sent."""
    cost = channel_type_cost(kind)
    what = cost["description"] or f"channel type {channel_type_id}"
    return reviews.review_ask(
        actor=actor,
        account=account,
        kind=KIND,
        target=channel_type_id,
        label=_("Request a %(what)s channel (%(cost_words)s)")
        % {"what": what, "cost_words": spending.cost_words(cost)},
        # The reviewer reads the label in their own language: its key and parts.
        label_parts=wording.spending_label(
            wording.CHANNEL_REQUEST,
            spending.cost_parts(cost),
            what=cost["description"],
            id=channel_type_id,
        ),
        payload={"channel_type_id": channel_type_id},
        cost=cost,
    )


# --- the handler the reviews app calls -----------------------------------------------------


def send(review: Review, reviewer: User) -> registry.Sent:
    """Request the channel as the reviewer, once, if its type still costs what was kept."""
    channel_type_id = str(review.payload.get("channel_type_id", ""))
    account, cost = review.account, review.cost or {}
    kind = selectors.channel_type(account, channel_type_id, fresh=True)
    if upstream.is_failure(kind):
        return registry.Sent(False, wording.outcome("type_unread", detail=kind.message))
    now = channel_type_cost(kind)
    if spending.cost_changed(cost, now):
        return registry.Sent(False, spending.changed_words(cost, now, noun="costs"))
    written = services.channel_request_create(
        actor=reviewer,
        account=account,
        channel_type_id=channel_type_id,
        type_name=now["description"] or channel_type_id,
        startup_cost=kind.startup_cost,
        monthly_cost=kind.monthly_cost,
        currency=kind.currency,
    )
    if not written.ok:
        key = "channel_request_not_sent" if written.may_resend else "channel_maybe_requested"
        return registry.Sent(False, wording.outcome(key, detail=written.message))
    requested = (
        wording.outcome("channel_requested", what=now["description"])
        if now["description"]
        else wording.outcome("new_channel_requested")
    )
    return registry.Sent(True, wording.outcome_after(written.message, requested))


def show(review: Review) -> tuple[str, dict[str, Any]]:
    cost = review.cost or {}
    return "reviews/_channel_request.html", {
        "channel_type_id": review.payload.get("channel_type_id", ""),
        "description": cost.get("description", ""),
        "cost_rows": cost_rows(cost),
    }


def target_url(review: Review) -> str:
    """The channel type's page ("" when the payload holds no id the URL takes)."""
    try:
        return reverse(
            "channels:type_detail",
            kwargs={
                "account_id": review.account.account_id,
                "channel_type_id": review.payload.get("channel_type_id", ""),
            },
        )
    except NoReverseMatch:  # a payload whose id is not a uuid
        return reverse("channels:types", kwargs={"account_id": review.account.account_id})


HANDLER = registry.Handler(
    kind=KIND,
    capability=Capability.EDIT_CONFIGURATION,
    send=send,
    show=show,
    void_reason=never_void,
    target_url=target_url,
)


def register() -> None:
    """Called from ``ChannelsConfig.ready``."""
    registry.register(HANDLER)
