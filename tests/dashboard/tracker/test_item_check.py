""" "Check now" of one tracked item (``checking.item_check``) against the sandbox: one call to
CM.com per check (counted in the sandbox's log), a change recorded and notified as a poll does,
nothing recorded when nothing moved, once per 10 s per item for everyone, audited, and
CM.com's failures in words."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AuditEntry, Outcome
from dashboard.tracker import checking, demo, selectors, services
from dashboard.tracker.models import Notification, StatusChange, TrackedItem
from dashboard.tracker.statuses import Kind
from tests.dashboard.security.faults import (
    READ_FAULTS,
    fast_upstream,  # noqa: F401  (a fixture)
)
from tests.dashboard.security.helpers import api_prefix


@pytest.fixture
def polled(account_a: CMAccount, sandbox: Any) -> CMAccount:
    """Account A after one poll, with the sandbox's log emptied."""
    services.account_poll(account=account_a, run_key="manual:1")
    sandbox.clear_log()
    return account_a


def calls(sandbox: Any, account: CMAccount) -> list[tuple[str, str]]:
    """The requests of this account that reached the sandbox: (method, path)."""
    return [
        (entry["method"], entry["path"])
        for entry in sandbox.log()
        if entry["path"].startswith(api_prefix(account))
    ]


def one(account: CMAccount, kind: str, **filters: Any) -> TrackedItem:
    return TrackedItem.objects.filter(account=account, kind=kind, **filters).order_by("pk")[0]


@pytest.mark.parametrize("kind", list(Kind))
def test_checking_an_item_of_each_kind_asks_cm_com_exactly_one_thing(
    kind: str, polled: CMAccount, sandbox: Any, support_user: Any
) -> None:
    item = one(polled, kind)

    checked = checking.item_check(actor=support_user, item=item)

    assert checked.ok, checked.message
    assert len(calls(sandbox, polled)) == 1
    assert checked.message == f"Checked with CM.com: still {item.status_label}."


def test_a_template_approved_in_the_sandbox_is_recorded_as_a_change_and_notified(
    polled: CMAccount, sandbox: Any, support_user: Any, admin_user: Any, marketing_user: Any
) -> None:
    item = one(polled, Kind.TEMPLATE, status="validation_requested")
    sandbox.advance(120)  # CM.com and WhatsApp review it meanwhile

    checked = checking.item_check(actor=support_user, item=item)

    assert len(calls(sandbox, polled)) == 1
    item.refresh_from_db()
    assert item.status in {"approved", "rejected"}
    change = StatusChange.objects.get(item=item)
    assert (change.from_status, change.to_status) == ("validation_requested", item.status)
    assert checked.change == change
    assert f"now {item.status_label} (was Validation requested)" in checked.message
    notified = set(Notification.objects.filter(change=change).values_list("person", flat=True))
    assert notified == set(selectors.people_who_see(polled).values_list("pk", flat=True))
    assert {support_user.pk, admin_user.pk, marketing_user.pk} <= notified


def test_a_channel_request_fulfilled_meanwhile_says_when_from_that_one_call(
    polled: CMAccount, sandbox: Any, support_user: Any
) -> None:
    item = one(polled, Kind.CHANNEL_REQUEST, status="pending")
    label, expected = item.label, item.expected_at
    sandbox.advance(120)

    checked = checking.item_check(actor=support_user, item=item)

    assert len(calls(sandbox, polled)) == 1
    item.refresh_from_db()
    assert item.status == "fulfilled"
    assert checked.change is not None
    assert checked.change.detail.startswith("Fulfilled ")
    # What the channel types gave it (a second call) is kept, not blanked.
    assert (item.label, item.expected_at) == (label, expected)


def test_a_check_that_finds_nothing_new_records_nothing_but_says_when_it_was_checked(
    polled: CMAccount, sandbox: Any, support_user: Any, still_clock: Any
) -> None:
    item = one(polled, Kind.PROFILE)
    still_clock.shift(timedelta(minutes=5))

    checked = checking.item_check(actor=support_user, item=item)

    assert checked.change is None
    assert not StatusChange.objects.exists()
    assert not Notification.objects.exists()
    item.refresh_from_db()
    assert item.last_seen == timezone.now()  # the clock is stopped: this is the check's moment
    assert item.last_seen - item.first_seen >= timedelta(minutes=5)


def test_a_second_check_within_ten_seconds_is_refused_in_words_and_sends_nothing(
    polled: CMAccount, sandbox: Any, support_user: Any, admin_user: Any, still_clock: Any
) -> None:
    item = one(polled, Kind.TEMPLATE)
    checking.item_check(actor=support_user, item=item)
    sandbox.clear_log()
    still_clock.shift(timedelta(seconds=4))

    again = checking.item_check(actor=admin_user, item=item)  # someone else: the limit is shared

    assert not again.sent
    assert not again.ok
    assert calls(sandbox, polled) == []
    assert again.retry_at is not None
    assert again.message.startswith(f"{item.label} was checked less than 10 seconds ago")
    assert "you can check it again in 6 seconds, at " in again.message


def test_once_ten_seconds_have_passed_the_item_may_be_checked_again(
    polled: CMAccount, sandbox: Any, support_user: Any, still_clock: Any
) -> None:
    item = one(polled, Kind.TEMPLATE)
    checking.item_check(actor=support_user, item=item)
    sandbox.clear_log()
    still_clock.shift(timedelta(seconds=10))

    again = checking.item_check(actor=support_user, item=item)

    assert again.ok
    assert len(calls(sandbox, polled)) == 1


def test_the_limit_is_per_item_so_another_item_may_be_checked_at_once(
    polled: CMAccount, sandbox: Any, support_user: Any, still_clock: Any
) -> None:
    first, second = TrackedItem.objects.filter(account=polled, kind=Kind.TEMPLATE)[:2]
    checking.item_check(actor=support_user, item=first)

    assert checking.item_check(actor=support_user, item=second).ok


def test_each_check_is_audited_with_who_and_which_item(
    polled: CMAccount, sandbox: Any, support_user: Any
) -> None:
    item = one(polled, Kind.NUMBER_REQUEST)

    checking.item_check(actor=support_user, item=item)

    entry = AuditEntry.objects.get(action="tracker.item_check")
    assert (entry.actor, entry.account, entry.outcome) == (support_user, polled, Outcome.OK)
    assert entry.target == f"number_request/{item.upstream_id}"


@pytest.mark.parametrize("name", ["timeout", "503", "429", "404", "401"])
def test_a_failure_of_cm_com_is_said_in_words_stored_nowhere_and_audited(
    name: str,
    polled: CMAccount,
    sandbox: Any,
    support_user: Any,
    fast_upstream: None,  # noqa: F811
) -> None:
    item = one(polled, Kind.PROFILE)
    path = f"{api_prefix(polled)}/whatsapp/{item.meta['request_id']}/profiles/{item.upstream_id}"
    fault = READ_FAULTS[name]
    fault.arm(sandbox, "GET", path)
    before = TrackedItem.objects.get(pk=item.pk).last_seen

    checked = checking.item_check(actor=support_user, item=item)
    sandbox.settle()

    assert checked.sent
    assert not checked.ok
    assert checked.message.startswith(f"{item.label} could not be checked: ")
    assert any(words in checked.message for words in fault.words())
    assert TrackedItem.objects.get(pk=item.pk).last_seen == before
    assert AuditEntry.objects.get(action="tracker.item_check").outcome == Outcome.FAILED


def test_the_demos_made_up_history_is_not_checked_and_says_why(
    account_a: CMAccount, sandbox: Any, support_client: Any, support_user: Any
) -> None:
    demo.seed_history(account_a)
    item = TrackedItem.objects.filter(account=account_a, is_pending=True, meta__demo=True)[0]
    sandbox.clear_log()

    checked = checking.item_check(actor=support_user, item=item)

    assert (checked.sent, checked.message) == (False, checking.DEMO_WORDS)
    assert calls(sandbox, account_a) == []
    assert not AuditEntry.objects.filter(action="tracker.item_check").exists()
    page = support_client.get(f"/a/{account_a.account_id}/tracked/{item.pk}/").content.decode()
    assert "Demo history, made up for the approval-time charts" in page
    assert "Check now" not in page
