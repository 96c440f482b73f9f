"""E-mail of a change (``services.change_email_send``): once, to the subscribers of that
account and kind who may still see the account and have an address."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from dashboard.notify.models import Event, How, NotificationChoice
from dashboard.people.models import Role
from dashboard.tracker import services
from dashboard.tracker.models import StatusChange, Subscription
from dashboard.tracker.statuses import Kind
from tests.dashboard.tracker.factories import rejected_template_change
from tests.dashboard_fixtures import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def change() -> StatusChange:
    return rejected_template_change("The content may not end with a placeholder ({{1}}).")


def subscribe(change: StatusChange, username: str, kind: str = Kind.TEMPLATE, **extra: Any) -> Any:
    person = make_person(username, Role.MARKETING, email=f"{username}@example.com", **extra)
    change.item.account.users.add(person)
    Subscription.objects.create(person=person, account=change.item.account, kind=kind)
    return person


def test_subscribers_get_one_email_with_what_changed_and_why(
    change: StatusChange, settings: Any
) -> None:
    settings.SITE_URL = "https://dashboard.example"
    subscribe(change, "mia")

    assert services.change_email_send(change_id=change.pk) == 1

    (message,) = mail.outbox
    assert message.to == ["mia@example.com"]
    assert message.subject == "Acme: order_update · Dutch — Rejected"
    assert "Validation requested → Rejected" in message.body
    assert "The content may not end with a placeholder ({{1}})." in message.body
    account_id = change.item.account.account_id
    assert f"https://dashboard.example/a/{account_id}/pending/" in message.body


def test_a_change_is_emailed_once_however_often_the_task_runs(change: StatusChange) -> None:
    subscribe(change, "mia")

    services.change_email_send(change_id=change.pk)
    services.change_email_send(change_id=change.pk)

    assert len(mail.outbox) == 1
    change.refresh_from_db()
    assert change.emailed_at is not None


def test_only_subscribers_of_that_kind_who_may_see_the_account_are_mailed(
    change: StatusChange,
) -> None:
    subscribe(change, "mia")
    noah = subscribe(change, "noah", kind=Kind.PROFILE)
    # Marketing hears of rejections by e-mail unless they choose otherwise (issue 18): noah
    # chose the app only, so only a subscription could mail him, and his is to profiles.
    NotificationChoice.objects.create(person=noah, event=Event.REJECTED, how=How.IN_APP)
    gone = subscribe(change, "lena")
    change.item.account.users.remove(gone)  # lost access since subscribing
    subscribe(change, "ivo", is_active=False)

    services.change_email_send(change_id=change.pk)

    assert [message.to for message in mail.outbox] == [["mia@example.com"]]
