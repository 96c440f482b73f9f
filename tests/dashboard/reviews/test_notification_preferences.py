"""A step of a review reaches each person as they chose (issue 18): a review waiting, its
approval and its sending back are kinds of event a person may turn off, keep in the app,
have e-mailed at once, or keep for the digest."""

from __future__ import annotations

from dashboard.notify.models import Event, How, NotificationChoice
from dashboard.reviews import services
from dashboard.reviews.models import EventKind, ReviewEvent, ReviewNotification, ReviewSubscription
from tests.dashboard.reviews.conftest import ask


def _notes(person):
    return list(
        ReviewNotification.objects.filter(person=person).values_list("event__what", flat=True)
    )


def test_a_subscriber_who_turned_reviews_waiting_off_is_not_told(
    reviewed, marketing_client, second_marketer, studio
):
    ReviewSubscription.objects.create(person=second_marketer, account=reviewed)
    NotificationChoice.objects.create(
        person=second_marketer, event=Event.REVIEW_WAITING, how=How.OFF
    )

    ask(marketing_client, studio)

    assert _notes(second_marketer) == []


def test_a_subscriber_who_keeps_reviews_for_the_digest_is_told_in_the_app_but_not_emailed(
    reviewed, marketing_client, second_marketer, studio, django_capture_on_commit_callbacks
):
    ReviewSubscription.objects.create(person=second_marketer, account=reviewed)
    NotificationChoice.objects.create(
        person=second_marketer, event=Event.REVIEW_WAITING, how=How.DIGEST
    )

    with django_capture_on_commit_callbacks(execute=False) as queued:
        ask(marketing_client, studio)
    event = ReviewEvent.objects.get(what=EventKind.ASKED)

    assert _notes(second_marketer) == [EventKind.ASKED]
    assert queued == []
    assert services.event_email_send(event_id=event.pk) == 0
