"""What an approved claim did is read in the reader's language (issue 18): the reviewer's
words are kept as said, and the author, who reads Dutch, sees the outcome in Dutch."""

from __future__ import annotations

import pytest

from dashboard.reviews.models import Review, ReviewKind, ReviewPolicy, ReviewState
from tests.dashboard.numbers.test_review_spending import _ask_claim, _by_number, _review_url


@pytest.fixture
def reviewed(account_a):
    return ReviewPolicy.objects.create(account=account_a, keyword_claim=True)


@pytest.mark.usefixtures("reviewed")
def test_a_claim_approved_in_english_is_reported_in_dutch_to_a_dutch_author(
    admin_client, admin_user, support_client, account_a, seed
):
    _ask_claim(admin_client, account_a, _by_number(seed, "3010"))
    review = Review.objects.get(kind=ReviewKind.KEYWORD_CLAIM)
    support_client.post(_review_url(review, "approve"))
    review.refresh_from_db()
    assert review.state == ReviewState.SENT
    assert review.outcome == "PIZZA3 is claimed on 3010."  # as the reviewer read it
    admin_user.language = "nl"
    admin_user.save(update_fields=["language"])

    page = admin_client.get(_review_url(review)).content.decode()

    assert "PIZZA3 is geclaimd op 3010." in page
    assert "is claimed on" not in page
    english = support_client.get(_review_url(review)).content.decode()
    assert "PIZZA3 is claimed on 3010." in english


@pytest.mark.usefixtures("reviewed")
def test_why_nothing_was_sent_is_said_in_the_readers_language_with_cm_coms_words_as_given(
    admin_client, admin_user, support_client, account_a, seed, sandbox
):
    _ask_claim(admin_client, account_a, _by_number(seed, "3010"))
    review = Review.objects.get(kind=ReviewKind.KEYWORD_CLAIM)
    sandbox.fault("POST", f"/accounts/{account_a.account_id}/keywords", status=503)
    support_client.post(_review_url(review, "approve"))
    review.refresh_from_db()
    assert review.state == ReviewState.FAILED
    detail = review.outcome.removeprefix("Nothing was sent: the claim could not be checked again.")
    assert detail.strip()  # the dashboard's words for CM.com's answer, kept as given
    admin_user.language = "nl"
    admin_user.save(update_fields=["language"])

    page = admin_client.get(_review_url(review)).content.decode()

    assert "Er is niets verstuurd: de claim kon niet opnieuw worden gecontroleerd." in page
    assert "Nothing was sent" not in page
