"""Storing what a poll saw (``item_observe``, ``observations_apply``): statuses only move
forward, each change notifies each person who may see the account once, and only changes
people care about notify."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboard.people.models import Role
from dashboard.tracker import services
from dashboard.tracker.models import Notification, StatusChange, TrackedItem
from dashboard.tracker.statuses import Kind, stage_rank
from tests.dashboard.tracker.factories import observation, offline_account
from tests.dashboard_fixtures import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def account() -> Any:
    return offline_account("Acme")


def see(account: Any, obs: Any, minutes: int = 0) -> StatusChange | None:
    moment = timezone.now() + timedelta(minutes=minutes)
    return services.item_observe(account=account, observation=obs, seen_at=moment)


def test_a_pending_item_seen_for_the_first_time_is_stored_without_a_change(account: Any) -> None:
    assert see(account, observation(status="validation_requested")) is None

    stored = TrackedItem.objects.get()
    assert (stored.status, stored.is_pending) == ("validation_requested", True)
    assert not StatusChange.objects.exists()


def test_a_settled_item_seen_for_the_first_time_is_not_stored(account: Any) -> None:
    see(account, observation(status="approved"))

    assert not TrackedItem.objects.exists()


def test_a_late_poll_never_puts_an_older_status_back(account: Any) -> None:
    see(account, observation(status="validation_requested"))
    see(account, observation(status="approved"), minutes=1)

    late = see(account, observation(status="validation_requested"), minutes=2)

    assert late is None
    assert TrackedItem.objects.get().status == "approved"
    assert list(StatusChange.objects.values_list("from_status", "to_status")) == [
        ("validation_requested", "approved")
    ]


def test_a_read_dated_before_the_stored_state_changes_nothing(account: Any) -> None:
    now = timezone.now()
    see(account, observation(status="draft", version_at=now))

    assert see(account, observation(status="approved", version_at=now - timedelta(hours=1))) is None
    assert TrackedItem.objects.get().status == "draft"


def test_a_rejected_template_edited_again_moves_on_because_its_date_is_newer(
    account: Any,
) -> None:
    then = timezone.now() - timedelta(hours=2)
    see(account, observation(status="validation_requested", version_at=then))
    see(account, observation(status="rejected", version_at=then + timedelta(minutes=5)))

    edited = see(account, observation(status="draft", version_at=then + timedelta(hours=1)))

    assert edited is not None
    assert (edited.from_status, edited.to_status) == ("rejected", "draft")
    stored = TrackedItem.objects.get()
    assert (stored.status, stored.is_pending) == ("draft", True)


def test_a_channel_request_moves_forward_by_onboarding_stage(account: Any) -> None:
    def stage(status: str, name: str) -> Any:
        return observation(Kind.CHANNEL_REQUEST, status, upstream_id="req-1", rank=stage_rank(name))

    see(account, stage("processing", "REQUESTED"))
    see(account, stage("action_required", "DOCUMENTS"))
    see(account, stage("processing", "VERIFICATION"))
    stale = see(account, stage("action_required", "DOCUMENTS"))

    assert stale is None
    assert list(StatusChange.objects.order_by("id").values_list("from_status", "to_status")) == [
        ("processing", "action_required"),
        ("action_required", "processing"),
    ]


def test_each_change_notifies_each_person_once_however_often_it_is_polled(account: Any) -> None:
    granted = make_person("gina", Role.MARKETING)
    account.users.add(granted)
    make_person("ada", Role.ADMIN)
    make_person("otto", Role.SUPPORT)  # not granted: not told
    see(account, observation(status="validation_requested"))

    for minutes in range(1, 4):
        see(account, observation(status="approved", detail="ok"), minutes=minutes)

    change = StatusChange.objects.get()
    assert sorted(Notification.objects.values_list("person__username", flat=True)) == [
        "ada",
        "gina",
    ]
    with pytest.raises(IntegrityError):
        Notification.objects.create(person=granted, change=change)


def test_only_approvals_rejections_fulfilments_and_action_required_notify(account: Any) -> None:
    make_person("ada", Role.ADMIN)
    see(account, observation(status="draft"))
    see(account, observation(status="validation_requested"), minutes=1)  # not news
    see(account, observation(Kind.NUMBER_REQUEST, "pending", upstream_id="n1"))
    see(account, observation(Kind.NUMBER_REQUEST, "fulfilled", upstream_id="n1"), minutes=1)
    see(account, observation(Kind.CHANNEL_REQUEST, "processing", upstream_id="r1"))
    see(
        account,
        observation(Kind.CHANNEL_REQUEST, "action_required", upstream_id="r1", rank=11),
        minutes=1,
    )

    notified = Notification.objects.values_list("change__to_status", flat=True)
    assert sorted(notified) == ["action_required", "fulfilled"]
    assert StatusChange.objects.count() == 3


def test_a_poll_applies_many_observations_and_only_moves_last_seen_of_unchanged_ones(
    account: Any,
) -> None:
    start = timezone.now()
    first = [
        observation(status="validation_requested", upstream_id="a"),
        observation(status="draft", upstream_id="b"),
        observation(status="approved", upstream_id="c"),  # settled newcomer: not kept
    ]
    services.observations_apply(account=account, items=[], observations=first, seen_at=start)
    items = list(TrackedItem.objects.all())
    later = start + timedelta(minutes=1)
    second = [
        observation(status="approved", upstream_id="a"),
        observation(status="draft", upstream_id="b"),
    ]

    changes = services.observations_apply(
        account=account, items=items, observations=second, seen_at=later
    )

    assert [(c.item.upstream_id, c.to_status) for c in changes] == [("a", "approved")]
    unchanged = TrackedItem.objects.get(upstream_id="b")
    assert (unchanged.last_seen, unchanged.last_change) == (later, start)
    assert sorted(TrackedItem.objects.values_list("upstream_id", flat=True)) == ["a", "b"]


def _queries_to_apply(account: Any, observations: list[Any], minutes: int = 0) -> int:
    items = list(TrackedItem.objects.filter(account=account))
    moment = timezone.now() + timedelta(minutes=minutes)
    with CaptureQueriesContext(connection) as queries:
        services.observations_apply(
            account=account, items=items, observations=observations, seen_at=moment
        )
    return len(queries)


def _templates(count: int, status: str) -> list[Any]:
    return [observation(status=status, upstream_id=f"lang-{i}") for i in range(count)]


def test_the_queries_of_a_first_poll_do_not_grow_with_the_items_it_finds(account: Any) -> None:
    other = offline_account("Globex")

    few = _queries_to_apply(account, _templates(3, "validation_requested"))
    many = _queries_to_apply(other, _templates(40, "validation_requested"))

    assert TrackedItem.objects.filter(account=other).count() == 40
    assert many == few


def test_the_queries_of_many_approvals_do_not_grow_with_them_and_each_still_notifies(
    account: Any,
) -> None:
    make_person("ada", Role.ADMIN)
    other = offline_account("Globex")
    _queries_to_apply(account, _templates(3, "validation_requested"))
    _queries_to_apply(other, _templates(40, "validation_requested"))

    few = _queries_to_apply(account, _templates(3, "approved"), minutes=1)
    many = _queries_to_apply(other, _templates(40, "approved"), minutes=1)

    assert many == few
    assert StatusChange.objects.filter(item__account=other, to_status="approved").count() == 40
    assert Notification.objects.filter(change__item__account=other).count() == 40
    assert not TrackedItem.objects.filter(account=other, is_pending=True).exists()
