"""A review's label is read in the reader's language (issue 18): the author asks in English,
a Dutch reviewer reads the label in Dutch on the review, on the board, under the bell and in
the e-mail; a review asked before labels kept their parts shows the words it was asked in."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from dashboard.accounts.models import CMAccount
from dashboard.channels import reviewing as channel_reviewing
from dashboard.numbers import reviewing as number_reviewing
from dashboard.people.models import User
from dashboard.reviews import services
from dashboard.reviews.models import EventKind, Review, ReviewEvent, ReviewKind, ReviewSubscription
from tests.dashboard.reviews.conftest import review_url
from tests.dashboard_fixtures import logged_in

pytestmark = pytest.mark.django_db

DUTCH_LABEL = "SUSHI claimen op +31612345678 (EUR 25.00 opstartkosten, EUR 10.00 per maand)"
ENGLISH_LABEL = "Claim SUSHI on +31612345678 (EUR 25.00 start-up, EUR 10.00 a month)"


@pytest.fixture
def dutch_subscriber(second_marketer: User, account_a: CMAccount) -> User:
    """Max reads the dashboard in Dutch and hears about account A's reviews."""
    second_marketer.language = "nl"
    second_marketer.save(update_fields=["language"])
    ReviewSubscription.objects.create(person=second_marketer, account=account_a)
    return second_marketer


def ask_in_english(author: User, account: CMAccount) -> Review:
    """The author claims SUSHI under review, with the dashboard in English."""
    with translation.override("en"):
        return number_reviewing.keyword_claim_ask(
            actor=author,
            account=account,
            checked={
                "phone_number_id": "7",
                "keyword": "SUSHI",
                "cost_startup_cost": "25",
                "cost_monthly_cost": "10",
                "cost_currency": "EUR",
                "cost_notice_period_days": "30",
                "cost_phone_number": "+31612345678",
            },
        )


def test_a_claim_asked_in_english_is_labelled_in_dutch_for_a_dutch_reader_everywhere_on_screen(
    account_a: CMAccount, marketing_user: User, dutch_subscriber: User
) -> None:
    review = ask_in_english(marketing_user, account_a)
    assert review.label == ENGLISH_LABEL  # the author's words, kept for the audit trail
    client = logged_in(dutch_subscriber)

    pages = {
        "review": client.get(review_url(review)),
        "board": client.get(reverse("reviews:board")),
        "notifications": client.get(reverse("tracker:notifications")),
    }

    for name, page in pages.items():
        text = page.content.decode()
        assert page.status_code == 200, name
        assert DUTCH_LABEL in text, name
        assert "start-up" not in text, name


def test_the_same_review_is_labelled_in_english_for_its_english_author(
    account_a: CMAccount, marketing_user: User, dutch_subscriber: User
) -> None:
    review = ask_in_english(marketing_user, account_a)

    page = logged_in(marketing_user).get(review_url(review))

    assert ENGLISH_LABEL in page.content.decode()


def test_the_dutch_subscriber_is_emailed_the_label_in_dutch(
    account_a: CMAccount, marketing_user: User, dutch_subscriber: User
) -> None:
    dutch_subscriber.email = "max@example.com"
    dutch_subscriber.save(update_fields=["email"])
    ask_in_english(marketing_user, account_a)
    event = ReviewEvent.objects.get(what=EventKind.ASKED)

    assert services.event_email_send(event_id=event.pk) == 1

    (message,) = mail.outbox
    assert message.to == ["max@example.com"]
    assert DUTCH_LABEL in message.subject
    assert DUTCH_LABEL in message.body
    assert "start-up" not in message.body


def test_a_channel_request_asked_in_english_is_labelled_in_dutch(
    account_a: CMAccount, marketing_user: User, dutch_subscriber: User
) -> None:
    kind: Any = type(
        "ChannelType",
        (),
        {
            "startup_cost": 100,
            "monthly_cost": 5,
            "currency": "EUR",
            "notice_period_days": 30,
            "channel_request_processing_days": 3,
            "description": "WhatsApp",
        },
    )()
    with translation.override("en"):
        review = channel_reviewing.channel_request_ask(
            actor=marketing_user, account=account_a, channel_type_id="t-1", kind=kind
        )

    page = logged_in(dutch_subscriber).get(review_url(review))

    assert (
        "Een WhatsApp-kanaal aanvragen (EUR 100.00 opstartkosten, EUR 5.00 per maand)"
        in page.content.decode()
    )


def test_a_review_asked_before_labels_kept_their_parts_shows_the_words_it_was_asked_in(
    account_a: CMAccount, marketing_user: User, dutch_subscriber: User
) -> None:
    review = Review.objects.create(
        account=account_a,
        kind=ReviewKind.KEYWORD_CLAIM,
        target="PIZZA on 7",
        label="Claim PIZZA on +31612345678 (EUR 25.00 start-up, EUR 10.00 a month)",
        payload={"phone_number_id": "7", "keyword": "PIZZA"},
        author=marketing_user,
        author_name="mia",
    )

    page = logged_in(dutch_subscriber).get(review_url(review))

    assert "Claim PIZZA on +31612345678 (EUR 25.00 start-up, EUR 10.00 a month)" in (
        page.content.decode()
    )
