"""The daily digest (issue 18): beat's hourly task sends each person whose hour (UTC) it is
one e-mail of what they kept for it since their last digest, once a day however often it
runs; urgent events and what they keep for the app only are never in it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail

from dashboard.notify.models import Digest, Event, How, NotificationChoice, NotificationSettings
from dashboard.people.models import Role, User
from dashboard.tracker import digest, services
from dashboard.tracker.models import Notification, StatusChange
from dashboard.tracker.statuses import Kind
from dashboard.tracker.tasks import digests_due
from tests.dashboard.tracker.conftest import Finished
from tests.dashboard.tracker.factories import observation, offline_account
from tests.dashboard_fixtures import make_person

# A fixed day, far from the clock: the digest's period is what the task is given.
NINE = datetime(2030, 1, 15, 9, 0, tzinfo=UTC)


def change(account: Any, kind: str, before: str, after: str, label: str) -> StatusChange:
    obs = {"upstream_id": label, "label": label}
    services.item_observe(
        account=account, observation=observation(kind, before, **obs), seen_at=NINE
    )
    found = services.item_observe(
        account=account,
        observation=observation(kind, after, **obs),
        seen_at=NINE + timedelta(seconds=1),
    )
    assert found is not None
    return found


def told_at(moment: datetime) -> None:
    """Date every notification (they are stamped with the clock when made)."""
    Notification.objects.update(created_at=moment)


def ada(hour: int = 9) -> User:
    person = make_person("ada", Role.ADMIN, email="ada@example.com")
    NotificationSettings.objects.create(person=person, digest_hour=hour)
    return person


@pytest.mark.celery
@pytest.mark.parametrize("celery_worker", [2], indirect=True)
def test_the_hourly_task_run_twice_sends_one_digest_with_what_was_kept_for_it(
    celery_worker: Finished,
) -> None:
    account = offline_account("Acme")
    ada()  # an admin: approvals go to the digest, action required to the app only
    change(account, Kind.TEMPLATE, "validation_requested", "approved", "order_update · Dutch")
    change(account, Kind.CHANNEL_REQUEST, "pending", "action_required", "SMS channel")
    told_at(NINE - timedelta(hours=3))

    digests_due.delay(NINE.isoformat())
    digests_due.delay((NINE + timedelta(minutes=1)).isoformat())
    celery_worker.wait("tracker.digests_due", 2)
    celery_worker.wait("tracker.send_digest", 2)

    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.subject == "Your daily digest: 1 update"
    assert "Acme · WhatsApp templates: order_update · Dutch — Validation requested → Approved" in (
        message.body
    )
    assert "SMS channel" not in message.body  # urgent: never batched
    assert list(Digest.objects.values_list("person__username", "day", "items")) == [
        ("ada", NINE.date(), 1)
    ]


@pytest.mark.django_db
def test_only_people_whose_hour_it_is_get_theirs() -> None:
    ada(hour=9)
    bob = make_person("bob", Role.ADMIN, email="bob@example.com")
    NotificationSettings.objects.create(person=bob, digest_hour=18)
    noah = make_person("noah", Role.SUPPORT, email="noah@example.com")  # keeps nothing for it

    due = {User.objects.get(pk=pk).username for pk in digest.people_due(9)}

    assert due == {"ada"}
    assert noah.pk not in digest.people_due(7)  # the default hour, but no digest chosen


@pytest.mark.django_db
def test_the_next_days_digest_lists_only_what_came_after_the_last_one() -> None:
    account = offline_account("Acme")
    person = ada()
    change(account, Kind.TEMPLATE, "validation_requested", "approved", "first")
    told_at(NINE - timedelta(hours=1))
    assert digest.digest_send(person_id=person.pk, until=NINE) == 1

    change(account, Kind.TEMPLATE, "validation_requested", "rejected", "second")
    Notification.objects.filter(change__item__label="second").update(
        created_at=NINE + timedelta(hours=5)
    )
    assert digest.digest_send(person_id=person.pk, until=NINE + timedelta(days=1)) == 1

    first, second = mail.outbox
    assert "first" in first.body
    assert "second" in second.body
    assert "first" not in second.body


@pytest.mark.django_db
def test_what_a_person_keeps_for_the_app_only_never_reaches_the_digest() -> None:
    account = offline_account("Acme")
    person = ada()
    NotificationChoice.objects.create(person=person, event=Event.APPROVED, how=How.IN_APP)
    change(account, Kind.TEMPLATE, "validation_requested", "approved", "order_update")
    told_at(NINE - timedelta(hours=1))

    assert digest.digest_send(person_id=person.pk, until=NINE) == 0
    assert mail.outbox == []
    assert Digest.objects.get().items == 0  # still the day's digest: not sent again
