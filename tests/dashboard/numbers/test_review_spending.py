"""Renting a number and claiming a keyword under review (issue 15).

When the account wants a second person, the confirmation asks for review instead of spending:
the sandbox's log proves nothing but the dry run reached CM.com until another person with the
right approves, and that approving sends the real request once (after a fresh dry run that
still states the cost kept), through the one write path.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from dashboard.audit.models import AuditEntry
from dashboard.reviews.models import Review, ReviewKind, ReviewPolicy, ReviewState
from tests.dashboard.numbers.helpers import calls, simulated, url


def _token(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the confirmation page carries a token"
    return match.group(1)


def _type(seed, country: str, category: str):
    return next(t for t in seed["types"] if t.country == country and t.category == category)


def _by_number(seed, number: str):
    return next(n for n in seed["shared"] + seed["owned"] if n.number == number)


def _request_posts(sandbox):
    return calls(sandbox, "POST", "/phonenumbers/requests")


def _claim_posts(sandbox):
    return calls(sandbox, "POST", "/keywords")


def _review_url(review: Review, action: str = "") -> str:
    name = f"reviews:{action}" if action else "reviews:review"
    return reverse(name, args=[review.account.account_id, review.public_id])


@pytest.fixture
def reviewed(account_a):
    """Account A wants a second person before renting a number or claiming a keyword."""
    return ReviewPolicy.objects.create(account=account_a, number_request=True, keyword_claim=True)


def _ask_number(client, account, kind):
    check = client.post(url("request_check", account), {"number_type_id": kind.id})
    return check, client.post(url("request_confirm", account), {"token": _token(check)})


def _ask_claim(client, account, number, keyword="pizza3"):
    check = client.post(
        url("keyword_claim_check", account), {"phone_number_id": number.id, "keyword": keyword}
    )
    return check, client.post(url("keyword_claim_confirm", account), {"token": _token(check)})


# --- renting a number ---------------------------------------------------------------------


@pytest.mark.usefixtures("reviewed")
def test_under_review_the_confirmation_asks_for_review_and_requests_nothing(
    support_client, account_a, seed, sandbox
):
    kind = _type(seed, "NL", "MOBILE")
    check, asked = _ask_number(support_client, account_a, kind)
    page = check.content.decode()
    assert ">Ask for review</button>" in page
    assert "Request this number for" not in page

    review = Review.objects.get(kind=ReviewKind.NUMBER_REQUEST)
    assert asked.status_code == 302
    assert asked["Location"] == _review_url(review)
    assert review.payload == {"number_type_id": kind.id}
    assert review.target == kind.id
    assert review.cost["startup_cost"] == "25.0"
    assert review.cost["monthly_cost"] == "12.5"
    assert review.cost["currency"] == "EUR"
    assert review.cost["processing_days"] == "5"
    assert review.state == ReviewState.WAITING
    # Only the dry run reached CM.com; the real request waits for the reviewer.
    assert [simulated(p) for p in _request_posts(sandbox)] == [True]
    assert not AuditEntry.objects.filter(action="number_request.create").exists()
    assert AuditEntry.objects.filter(action="review.ask").count() == 1

    shown = support_client.get(asked["Location"]).content.decode()
    assert "Review asked: nothing is sent to CM.com until another person approves it." in shown
    assert "Waiting for review for" in shown


@pytest.mark.usefixtures("reviewed")
def test_the_reviewer_sees_the_dry_runs_cost(support_client, admin_client, account_a, seed):
    _, asked = _ask_number(support_client, account_a, _type(seed, "NL", "MOBILE"))
    page = admin_client.get(asked["Location"]).content.decode()
    assert "Rent a dedicated number: <strong>A Dutch mobile number</strong>" in page
    assert "<dt>Start-up cost</dt><dd>EUR 25.00</dd>" in page
    assert "<dt>Monthly cost</dt><dd>EUR 12.50</dd>" in page
    assert "<dt>Processing time</dt><dd>5 days</dd>" in page
    assert "Approve and send to CM.com" in page


@pytest.mark.usefixtures("reviewed")
def test_approving_requests_the_number_once_however_often_it_is_clicked(
    support_client, admin_client, admin_user, account_a, seed, sandbox
):
    kind = _type(seed, "NL", "MOBILE")
    _ask_number(support_client, account_a, kind)
    review = Review.objects.get(kind=ReviewKind.NUMBER_REQUEST)
    sandbox.clear_log()
    for _ in range(2):
        admin_client.post(_review_url(review, "approve"))
    posts = _request_posts(sandbox)
    # A fresh dry run (the cost is still the one kept), then the one real request.
    assert [simulated(p) for p in posts] == [True, False]
    assert posts[1]["params"]["numberTypeId"] == [kind.id]
    assert posts[1]["status"] == 201
    review.refresh_from_db()
    assert review.state == ReviewState.SENT
    assert "Requested: A Dutch mobile number." in review.outcome
    (created,) = AuditEntry.objects.filter(action="number_request.create")
    assert created.actor_id == admin_user.pk


@pytest.mark.usefixtures("reviewed")
def test_a_cost_that_changed_since_review_was_asked_sends_nothing(
    support_client, admin_client, account_a, seed, sandbox
):
    _ask_number(support_client, account_a, _type(seed, "NL", "MOBILE"))
    review = Review.objects.get(kind=ReviewKind.NUMBER_REQUEST)
    # As if the dry run had said 20: CM.com now says 25.
    review.cost = {**review.cost, "startup_cost": "20"}
    review.save()
    sandbox.clear_log()
    response = admin_client.post(_review_url(review, "approve"), follow=True)
    assert [simulated(p) for p in _request_posts(sandbox)] == [True]
    review.refresh_from_db()
    assert review.state == ReviewState.FAILED
    assert "Nothing was sent: the cost changed since review was asked" in review.outcome
    assert "EUR 20.00 start-up" in review.outcome
    assert "EUR 25.00 start-up" in review.outcome
    assert "the cost changed since review was asked" in response.content.decode()


@pytest.mark.usefixtures("reviewed")
def test_the_author_cannot_approve_their_own_number_request(
    support_client, account_a, seed, sandbox
):
    _ask_number(support_client, account_a, _type(seed, "NL", "MOBILE"))
    review = Review.objects.get(kind=ReviewKind.NUMBER_REQUEST)
    sandbox.clear_log()
    response = support_client.post(_review_url(review, "approve"))
    assert response.status_code == 403
    assert _request_posts(sandbox) == []


def test_a_button_that_said_ask_for_review_never_spends_though_the_policy_was_switched_off(
    support_client, account_a, seed, sandbox, reviewed
):
    kind = _type(seed, "BE", "MOBILE")
    check = support_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    assert ">Ask for review</button>" in check.content.decode()
    reviewed.number_request = False
    reviewed.save()
    support_client.post(
        url("request_confirm", account_a), {"token": _token(check), "review": "yes"}
    )
    assert [simulated(p) for p in _request_posts(sandbox)] == [True]
    assert Review.objects.filter(kind=ReviewKind.NUMBER_REQUEST, target=kind.id).exists()


@pytest.mark.usefixtures("reviewed")
def test_asking_twice_for_the_same_type_keeps_one_review(support_client, account_a, seed):
    kind = _type(seed, "NL", "LANDLINE")
    _ask_number(support_client, account_a, kind)
    _, again = _ask_number(support_client, account_a, kind)
    assert Review.objects.filter(kind=ReviewKind.NUMBER_REQUEST).count() == 1
    page = support_client.get(again["Location"]).content.decode()
    assert "A review of this was already asked by sam and is waiting" in page


# --- claiming a keyword -------------------------------------------------------------------


@pytest.mark.usefixtures("reviewed")
def test_under_review_a_claim_asks_for_review_and_claims_nothing(
    support_client, account_a, seed, sandbox
):
    number = _by_number(seed, "3010")
    check, asked = _ask_claim(support_client, account_a, number)
    page = check.content.decode()
    assert ">Ask for review</button>" in page
    assert "Claim PIZZA3 for" not in page
    review = Review.objects.get(kind=ReviewKind.KEYWORD_CLAIM)
    assert asked["Location"] == _review_url(review)
    assert review.payload == {"phone_number_id": number.id, "keyword": "PIZZA3"}
    assert review.cost["startup_cost"] == "50"
    assert review.cost["monthly_cost"] == "25"
    assert [simulated(p) for p in _claim_posts(sandbox)] == [True]
    assert not AuditEntry.objects.filter(action="keyword_claim.create").exists()


@pytest.mark.usefixtures("reviewed")
def test_the_reviewer_sees_the_claims_cost(support_client, admin_client, account_a, seed):
    _, asked = _ask_claim(support_client, account_a, _by_number(seed, "3010"))
    page = admin_client.get(asked["Location"]).content.decode()
    assert "Claim the keyword <strong>PIZZA3</strong> on <strong>3010</strong>" in page
    assert "<dt>Start-up cost</dt><dd>EUR 50.00</dd>" in page
    assert "<dt>Monthly cost</dt><dd>EUR 25.00</dd>" in page
    assert "<dt>Notice period</dt><dd>30 days</dd>" in page


@pytest.mark.usefixtures("reviewed")
def test_approving_a_claim_claims_the_keyword_once(
    admin_client, support_client, support_user, account_a, seed, sandbox
):
    number = _by_number(seed, "3010")
    _ask_claim(admin_client, account_a, number)
    review = Review.objects.get(kind=ReviewKind.KEYWORD_CLAIM)
    sandbox.clear_log()
    for _ in range(2):
        support_client.post(_review_url(review, "approve"))
    posts = _claim_posts(sandbox)
    assert [simulated(p) for p in posts] == [True, False]
    assert posts[1]["body"] == {"phoneNumberId": number.id, "keyword": "PIZZA3"}
    assert posts[1]["status"] == 201
    review.refresh_from_db()
    assert review.state == ReviewState.SENT
    assert review.outcome == "PIZZA3 is claimed on 3010."
    (claimed,) = AuditEntry.objects.filter(action="keyword_claim.create")
    assert claimed.actor_id == support_user.pk


@pytest.mark.usefixtures("reviewed")
def test_a_claim_cm_com_now_refuses_sends_nothing_and_says_why(
    support_client, admin_client, account_a, seed, sandbox
):
    number = _by_number(seed, "3010")
    _ask_claim(support_client, account_a, number)
    review = Review.objects.get(kind=ReviewKind.KEYWORD_CLAIM)
    sandbox.fault("POST", f"/accounts/{account_a.account_id}/keywords", status=503)
    sandbox.clear_log()
    admin_client.post(_review_url(review, "approve"))
    assert not [p for p in _claim_posts(sandbox) if not simulated(p)]
    review.refresh_from_db()
    assert review.state == ReviewState.FAILED
    assert review.outcome.startswith("Nothing was sent: the claim could not be checked again.")


# --- review off for these kinds: today's flow -----------------------------------------------


def test_with_review_on_only_for_other_kinds_a_number_is_requested_at_once(
    support_client, account_a, seed, sandbox
):
    ReviewPolicy.objects.create(account=account_a, template_validation=True, keyword_claim=True)
    check, confirm = _ask_number(support_client, account_a, _type(seed, "NL", "MOBILE"))
    assert "Ask for review" not in check.content.decode()
    assert confirm["Location"] == url("requests", account_a) + "?pending=yes"
    assert [simulated(p) for p in _request_posts(sandbox)] == [True, False]
    assert not Review.objects.exists()


def test_with_review_on_only_for_other_kinds_a_keyword_is_claimed_at_once(
    support_client, account_a, seed, sandbox
):
    ReviewPolicy.objects.create(account=account_a, number_request=True, channel_request=True)
    check, confirm = _ask_claim(support_client, account_a, _by_number(seed, "3010"))
    assert "Ask for review" not in check.content.decode()
    assert confirm["Location"] == url("keywords", account_a) + "?keyword=PIZZA3"
    assert [simulated(p) for p in _claim_posts(sandbox)] == [True, False]
    assert not Review.objects.exists()
