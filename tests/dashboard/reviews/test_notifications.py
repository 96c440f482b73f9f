"""Who hears about a review: its author and the account's subscribers, never the person who
took the step; in-app once per person and event, by e-mail through a task queued on commit,
sent once however often it runs."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from dashboard.audit.models import AuditEntry
from dashboard.reviews import services
from dashboard.reviews.models import (
    EventKind,
    ReviewEvent,
    ReviewNotification,
    ReviewSubscription,
)
from dashboard.reviews.tasks import email_event
from tests.dashboard.reviews.conftest import FIXED, HX, ask, review_url


def _notes(person):
    return list(
        ReviewNotification.objects.filter(person=person).values_list("event__what", flat=True)
    )


def test_subscribing_on_the_board_is_audited_and_can_be_undone(
    account_a, second_marketer, second_marketer_client
):
    url = reverse("reviews:subscribe", args=[account_a.account_id])
    response = second_marketer_client.post(url, {"on": "1"}, headers=HX)
    assert "Stop e-mailing me about reviews of this account" in response.content.decode()
    assert ReviewSubscription.objects.filter(person=second_marketer, account=account_a).exists()
    second_marketer_client.post(url, {"on": "0"})
    assert not ReviewSubscription.objects.filter(person=second_marketer).exists()
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["review.subscribe", "review.unsubscribe"]


def test_asking_tells_the_subscribers_but_not_the_author(
    reviewed,
    marketing_client,
    marketing_user,
    second_marketer,
    studio,
    django_capture_on_commit_callbacks,
):
    ReviewSubscription.objects.create(person=second_marketer, account=reviewed)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        ask(marketing_client, studio)
    assert _notes(second_marketer) == [EventKind.ASKED]
    assert _notes(marketing_user) == []
    assert len(queued) == 1  # the e-mail, after commit


def test_an_approval_tells_the_author_in_app_and_by_email_once(
    reviewed,
    marketing_client,
    marketing_user,
    second_marketer,
    studio,
    settings,
):
    settings.SITE_URL = "https://dashboard.example"
    marketing_user.email = "mia@example.com"
    marketing_user.save()
    review = ask(marketing_client, studio)
    decision = services.review_approve(actor=second_marketer, review=review)
    assert decision.ok
    assert _notes(marketing_user) == [EventKind.SENT]
    assert _notes(second_marketer) == []  # who approved needs no telling
    event = ReviewEvent.objects.get(what=EventKind.SENT)
    assert services.event_email_send(event_id=event.pk) == 1
    (message,) = mail.outbox
    assert message.to == ["mia@example.com"]
    assert message.subject == "Account A: Template spring_sale — Approved and sent"
    assert "approved and sent by max" in message.body
    assert f"https://dashboard.example{review_url(review)}" in message.body
    # A redelivered task sends nothing more.
    assert email_event.run(event.pk) == 0
    assert len(mail.outbox) == 1


def test_the_email_task_is_queued_on_commit_and_sends_it(
    reviewed,
    marketing_client,
    marketing_user,
    second_marketer,
    studio,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from dashboard.celery import app

    app.conf.task_always_eager = True
    try:
        marketing_user.email = "mia@example.com"
        marketing_user.save()
        review = ask(marketing_client, studio)
        with django_capture_on_commit_callbacks(execute=True):
            services.review_send_back(actor=second_marketer, review=review, comment="Too broad.")
    finally:
        app.conf.task_always_eager = False
    (message,) = mail.outbox
    assert "Comment: Too broad." in message.body
    assert ReviewEvent.objects.get(what=EventKind.SENT_BACK).emailed_at is not None


def test_one_notification_per_person_and_event(
    reviewed, marketing_client, marketing_user, second_marketer, studio
):
    # The author is a subscriber too: still one notification of the send-back.
    ReviewSubscription.objects.create(person=marketing_user, account=reviewed)
    review = ask(marketing_client, studio)
    services.review_send_back(actor=second_marketer, review=review, comment="Too broad.")
    assert _notes(marketing_user) == [EventKind.SENT_BACK]


def test_a_void_tells_the_subscribers(
    reviewed, marketing_client, second_marketer, admin_user, studio
):
    ReviewSubscription.objects.create(person=second_marketer, account=reviewed)
    review = ask(marketing_client, studio)
    marketing_client.post(
        studio.url("draft", review.target), {"content-english-us": FIXED + "!"}, headers=HX
    )
    assert sorted(_notes(second_marketer)) == sorted([EventKind.ASKED, EventKind.VOID])


def test_a_subscriber_who_no_longer_sees_the_account_is_not_told(
    reviewed, marketing_client, second_marketer, studio
):
    ReviewSubscription.objects.create(person=second_marketer, account=reviewed)
    reviewed.users.remove(second_marketer)
    ask(marketing_client, studio)
    assert _notes(second_marketer) == []


def test_opening_the_review_marks_its_notifications_read(
    reviewed, marketing_client, second_marketer, second_marketer_client, studio
):
    ReviewSubscription.objects.create(person=second_marketer, account=reviewed)
    review = ask(marketing_client, studio)
    board = reverse("reviews:account_board", args=[reviewed.account_id])
    assert "New:" in second_marketer_client.get(board).content.decode()
    second_marketer_client.get(review_url(review))
    assert not ReviewNotification.objects.filter(read_at__isnull=True).exists()
    assert "New:" not in second_marketer_client.get(board).content.decode()
