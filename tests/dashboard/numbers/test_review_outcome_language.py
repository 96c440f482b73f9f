"""What an approved claim did is read in the reader's language (issue 18): the reviewer's
words are kept as said, and the author, who reads Dutch, sees the outcome in Dutch."""

from __future__ import annotations

import pytest
from django.utils import translation

from dashboard.core import wording
from dashboard.numbers import services
from dashboard.reviews.models import Review, ReviewKind, ReviewPolicy, ReviewState
from tests.dashboard.numbers.test_review_spending import (
    _ask_claim,
    _by_number,
    _review_url,
    _type,
)


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
    assert detail.strip()  # upstream's words for CM.com's answer: said in Dutch below too
    admin_user.language = "nl"
    admin_user.save(update_fields=["language"])

    page = admin_client.get(_review_url(review)).content.decode()

    assert "Er is niets verstuurd: de claim kon niet opnieuw worden gecontroleerd." in page
    assert "CM.com faalde aan zijn kant (status 503)" in page
    assert "Nothing was sent" not in page
    assert "failed on its side" not in page


def test_what_a_lost_answer_was_about_is_said_in_the_readers_language(
    admin_user, account_a, seed, sandbox
):
    """A reviewer's request whose answer was lost: upstream's words name what was sent (the
    number request), and the author reads that name in Dutch too, not in the reviewer's
    English."""
    kind = _type(seed, "NL", "MOBILE")
    sandbox.fault("POST", f"/accounts/{account_a.account_id}/phonenumbers/requests", status=503)
    with translation.override("en"):
        written = services.number_request_create(
            actor=admin_user, account=account_a, number_type_id=kind.id
        )
    assert not written.ok
    assert "the number request was not saved" in written.message

    with translation.override("nl"):
        said = wording.compose({}, wording.part(written.message))

    assert "de nummeraanvraag niet is opgeslagen" in said
    assert "the number request" not in said
