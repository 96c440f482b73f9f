"""Requesting a channel under review (issue 15).

When the account wants a second person, the confirmation asks for review instead of requesting:
the sandbox's log proves nothing reaches CM.com until another person with the right approves,
and that approving sends the request once (after reading the type's costs again, which must
still be the ones kept), through the one write path.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from dashboard.audit.models import AuditEntry
from dashboard.reviews.models import Review, ReviewKind, ReviewPolicy, ReviewState
from tests.dashboard.channels.helpers import htmx


def _creates(sandbox):
    return [e for e in sandbox.log() if e["method"] == "POST"]


def _review_url(review: Review, action: str = "") -> str:
    name = f"reviews:{action}" if action else "reviews:review"
    return reverse(name, args=[review.account.account_id, review.public_id])


@pytest.fixture
def reviewed(account_a):
    """Account A wants a second person before requesting a channel."""
    return ReviewPolicy.objects.create(account=account_a, channel_request=True)


def _ask(client, base, ids):
    return client.post(
        f"{base}/channel-types/{ids.whatsapp_type_id}/request/create/",
        {"confirm": "yes", "review": "yes"},
    )


@pytest.mark.usefixtures("reviewed")
def test_under_review_the_confirmation_asks_for_review_and_requests_nothing(
    support_client, base, ids, sandbox
):
    confirm = support_client.get(f"{base}/channel-types/{ids.whatsapp_type_id}/request/")
    page = confirm.content.decode()
    assert ">Ask for review</button>" in page
    assert "Yes, request a WhatsApp channel" not in page
    assert "This costs <strong>EUR 250.00</strong> to start" in page

    asked = _ask(support_client, base, ids)
    review = Review.objects.get(kind=ReviewKind.CHANNEL_REQUEST)
    assert asked.status_code == 302
    assert asked["Location"] == _review_url(review)
    assert review.payload == {"channel_type_id": ids.whatsapp_type_id}
    assert review.cost["startup_cost"] == "250"
    assert review.cost["monthly_cost"] == "50"
    assert review.cost["currency"] == "EUR"
    assert review.cost["notice_period_days"] == "30"
    assert _creates(sandbox) == []
    assert not AuditEntry.objects.filter(action="channel_request.create").exists()
    shown = support_client.get(asked["Location"]).content.decode()
    assert "Review asked: nothing is sent to CM.com until another person approves it." in shown


@pytest.mark.usefixtures("reviewed")
def test_a_plain_confirmation_asks_for_review_too_when_the_account_requires_it(
    support_client, base, ids, sandbox
):
    """A page opened before review was switched on posts no ``review``: still nothing is sent."""
    response = support_client.post(
        f"{base}/channel-types/{ids.whatsapp_type_id}/request/create/",
        {"confirm": "yes"},
        headers=htmx(),
    )
    review = Review.objects.get(kind=ReviewKind.CHANNEL_REQUEST)
    assert response["HX-Redirect"] == _review_url(review)
    assert _creates(sandbox) == []


@pytest.mark.usefixtures("reviewed")
def test_the_reviewer_sees_the_costs_shown_to_the_author(support_client, admin_client, base, ids):
    asked = _ask(support_client, base, ids)
    page = admin_client.get(asked["Location"]).content.decode()
    assert "Request a channel: <strong>WhatsApp</strong>" in page
    assert "<dt>Start-up cost</dt><dd>EUR 250.00</dd>" in page
    assert "<dt>Monthly cost</dt><dd>EUR 50.00</dd>" in page
    assert "<dt>Notice period</dt><dd>30 days</dd>" in page


@pytest.mark.usefixtures("reviewed")
def test_approving_requests_the_channel_once_however_often_it_is_clicked(
    support_client, admin_client, admin_user, base, ids, sandbox
):
    _ask(support_client, base, ids)
    review = Review.objects.get(kind=ReviewKind.CHANNEL_REQUEST)
    sandbox.clear_log()
    for _ in range(2):
        admin_client.post(_review_url(review, "approve"))
    (create,) = _creates(sandbox)
    assert create["path"].endswith("/channels/requests")
    assert create["params"]["channelTypeId"] == [ids.whatsapp_type_id]
    review.refresh_from_db()
    assert review.state == ReviewState.SENT
    assert "Requested: a WhatsApp channel." in review.outcome
    entry = AuditEntry.objects.get(action="channel_request.create")
    assert entry.actor_id == admin_user.pk
    assert entry.sent["confirmed_costs"] == {"startup": "250", "monthly": "50", "currency": "EUR"}


@pytest.mark.usefixtures("reviewed")
def test_costs_that_changed_since_review_was_asked_send_nothing(
    support_client, admin_client, base, ids, sandbox
):
    _ask(support_client, base, ids)
    review = Review.objects.get(kind=ReviewKind.CHANNEL_REQUEST)
    review.cost = {**review.cost, "monthly_cost": "40"}
    review.save()
    sandbox.clear_log()
    admin_client.post(_review_url(review, "approve"))
    assert _creates(sandbox) == []
    review.refresh_from_db()
    assert review.state == ReviewState.FAILED
    assert "the costs changed since review was asked" in review.outcome
    assert "EUR 40.00 a month then, EUR 250.00 start-up, EUR 50.00 a month now" in review.outcome


@pytest.mark.usefixtures("reviewed")
def test_a_marketer_may_neither_ask_nor_approve_a_channel_request(
    support_client, marketing_client, base, ids, sandbox
):
    _ask(support_client, base, ids)
    review = Review.objects.get(kind=ReviewKind.CHANNEL_REQUEST)
    assert marketing_client.post(_review_url(review, "approve")).status_code == 403
    assert _ask(marketing_client, base, ids).status_code == 403
    assert _creates(sandbox) == []


CM_SAYS = "This channel type cannot be requested today"


@pytest.mark.parametrize(
    ("fault", "said", "state"),
    [
        ({"status": 503}, "CM.com failed on its side (status 503)", ReviewState.FAILED),
        ({"status": 400, "body": {"message": CM_SAYS}}, CM_SAYS, ReviewState.FAILED),
        ({"status": 429, "retry_after": 600}, "Too many requests to CM.com", ReviewState.FAILED),
        # The answer is lost after CM.com made it: the check finds it, and it is not sent again.
        ({"status": 500, "after_apply": True}, "Requested: a WhatsApp channel.", ReviewState.SENT),
    ],
    ids=["503", "400", "429", "lost answer"],
)
@pytest.mark.usefixtures("reviewed")
def test_an_approval_under_an_upstream_fault_says_what_happened_in_words(
    support_client, admin_client, account_a, base, ids, sandbox, fault, said, state
):
    _ask(support_client, base, ids)
    review = Review.objects.get(kind=ReviewKind.CHANNEL_REQUEST)
    sandbox.fault("POST", f"/accounts/{account_a.account_id}/channels/requests", **fault)
    response = admin_client.post(_review_url(review, "approve"), follow=True)
    assert response.status_code == 200
    review.refresh_from_db()
    assert review.state == state
    assert said in review.outcome
    assert said in response.content.decode()
    # Sent at most once, whatever happened to the answer.
    assert len(_creates(sandbox)) == 1


def test_with_review_on_only_for_other_kinds_a_channel_is_requested_at_once(
    support_client, account_a, base, ids, sandbox
):
    ReviewPolicy.objects.create(account=account_a, number_request=True, keyword_claim=True)
    page = support_client.get(f"{base}/channel-types/{ids.whatsapp_type_id}/request/")
    assert "Ask for review" not in page.content.decode()
    response = support_client.post(
        f"{base}/channel-types/{ids.whatsapp_type_id}/request/create/", {"confirm": "yes"}
    )
    assert "/requests/" in response["Location"]
    assert len(_creates(sandbox)) == 1
    assert not Review.objects.exists()
