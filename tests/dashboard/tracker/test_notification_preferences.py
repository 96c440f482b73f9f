"""A status change, and a broken token, reach each person as they chose (issue 18): not at
all, under the bell, by e-mail at once, or kept for the digest; only from the accounts they
picked."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.notify import services as notify_services
from dashboard.notify.models import Alert, Event, How, NotificationChoice, NotificationSettings
from dashboard.people.models import Role, User
from dashboard.tracker import services
from dashboard.tracker.models import Notification, StatusChange
from dashboard.tracker.statuses import Kind
from tests.dashboard.tracker.factories import observation, offline_account
from tests.dashboard_fixtures import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def account() -> Any:
    return offline_account("Acme")


def person(account: Any, name: str, role: str = Role.SUPPORT, **chosen: How) -> User:
    found = make_person(name, role, email=f"{name}@example.com")
    account.users.add(found)
    for event, how in chosen.items():
        NotificationChoice.objects.create(person=found, event=event, how=how)
    return found


def move(account: Any, kind: str, before: str, after: str) -> StatusChange:
    services.item_observe(
        account=account, observation=observation(kind, before), seen_at=timezone.now()
    )
    change = services.item_observe(
        account=account,
        observation=observation(kind, after),
        seen_at=timezone.now() + timedelta(minutes=1),
    )
    assert change is not None
    return change


def told(change: StatusChange) -> list[str]:
    return sorted(
        Notification.objects.filter(change=change).values_list("person__username", flat=True)
    )


def test_only_people_who_did_not_turn_an_event_off_see_it_under_the_bell(account: Any) -> None:
    person(account, "sam")
    person(account, "quiet", **{Event.APPROVED: How.OFF})
    person(account, "later", **{Event.APPROVED: How.DIGEST})

    change = move(account, Kind.TEMPLATE, "validation_requested", "approved")

    assert told(change) == ["later", "sam"]


def test_action_required_is_emailed_at_once_to_support_without_any_subscription(
    account: Any, django_capture_on_commit_callbacks: Any
) -> None:
    person(account, "sam")  # support's default: action required by e-mail at once
    person(account, "mia", Role.MARKETING)  # marketing's default: in the app only
    person(account, "bell_only", **{Event.ACTION_REQUIRED: How.IN_APP})

    with django_capture_on_commit_callbacks(execute=False) as queued:
        change = move(account, Kind.CHANNEL_REQUEST, "pending", "action_required")
    sent = services.change_email_send(change_id=change.pk)

    assert len(queued) == 1
    assert sent == 1
    assert [message.to for message in mail.outbox] == [["sam@example.com"]]
    assert told(change) == ["bell_only", "mia", "sam"]


def test_an_event_kept_for_the_digest_is_not_emailed_at_once_even_to_a_subscriber(
    account: Any, django_capture_on_commit_callbacks: Any
) -> None:
    later = person(account, "later", **{Event.APPROVED: How.DIGEST})
    later.tracker_subscriptions.create(account=account, kind=Kind.TEMPLATE)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        change = move(account, Kind.TEMPLATE, "validation_requested", "approved")

    assert queued == []
    assert services.change_email_send(change_id=change.pk) == 0
    assert told(change) == ["later"]


def test_a_person_who_picked_other_accounts_hears_nothing_from_this_one(account: Any) -> None:
    elsewhere = person(account, "elsewhere")
    other = offline_account("Globex")
    other.users.add(elsewhere)
    picked = NotificationSettings.objects.create(person=elsewhere, every_account=False)
    picked.accounts.set([other])
    person(account, "sam")

    change = move(account, Kind.TEMPLATE, "validation_requested", "rejected")

    assert told(change) == ["sam"]


def test_a_broken_token_is_told_once_under_the_bell_and_emailed_to_who_chose_it(
    account: Any, support_client: Any, support_user: User
) -> None:
    support_user.email = "sam@example.com"
    support_user.save()
    account.users.add(support_user)  # support's default: a broken token by e-mail at once
    person(account, "mia", Role.MARKETING)  # marketing's default: in the app only
    CMAccount.objects.filter(pk=account.pk).update(token="")
    account.refresh_from_db()

    services.account_poll(account=account, run_key="beat:1")
    services.account_poll(account=account, run_key="beat:2")  # still broken: nothing new
    (alert,) = Alert.objects.all()
    sent = notify_services.alert_email_send(alert_id=alert.pk)
    page = support_client.get(reverse("tracker:notifications")).content.decode()

    assert sorted(alert.notifications.values_list("person__username", flat=True)) == [
        "mia",
        "sam",
    ]
    assert sent == 1
    (message,) = mail.outbox
    assert message.to == ["sam@example.com"]
    assert message.subject == "Acme: Broken token — the dashboard cannot reach CM.com"
    assert "This account has no product token" in message.body
    assert "Broken token" in page
    assert "This account has no product token" in page
