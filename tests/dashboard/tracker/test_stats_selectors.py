"""Approval times read from the tracker's history (stats_selectors): every row is built with
times relative to a fixed ``now`` passed in, never the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from dashboard.tracker import stats_selectors
from dashboard.tracker.models import StatusChange, TrackedItem
from dashboard.tracker.statuses import Kind
from tests.dashboard.tracker.factories import offline_account
from tests.dashboard.tracker.history import request, template, waiting

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)


def rows_of(times: stats_selectors.ApprovalTimes) -> dict[tuple[str, str], tuple]:
    return {
        (row.kind, row.group): (
            row.done_summary.count,
            row.done_summary.median,
            row.done_summary.p90,
            row.rejected_summary.count if row.rejected_summary else None,
            row.waiting,
        )
        for row in times.rows
    }


def test_no_history_gives_no_rows_and_an_empty_distribution() -> None:
    account = offline_account()
    times = stats_selectors.approval_times(account, days=90, now=NOW)
    assert times.rows == []
    assert times.approved.count == 0
    assert sum(b.count for b in times.distribution) == 0
    assert all(w.count == 0 for w in times.weeks)


def test_approved_and_rejected_templates_are_timed_apart_by_category_and_language() -> None:
    account = offline_account()
    for took in (2 * H, 4 * H, 9 * H):
        template(account, ended=NOW - 3 * D, took=took)
    template(account, ended=NOW - 2 * D, took=30 * H, outcome="rejected")
    template(account, ended=NOW - 2 * D, took=1 * H, language="Dutch")
    template(account, ended=NOW - 2 * D, took=5 * H, category="MARKETING")

    times = stats_selectors.approval_times(account, days=90, now=NOW)

    assert rows_of(times) == {
        (Kind.TEMPLATE, "Marketing · English (US)"): (1, 5 * H, 5 * H, 0, 0),
        (Kind.TEMPLATE, "Utility · Dutch"): (1, H, H, 0, 0),
        (Kind.TEMPLATE, "Utility · English (US)"): (3, 4 * H, 9 * H, 1, 0),
    }
    english = next(r for r in times.rows if r.group == "Utility · English (US)")
    assert english.rejected_summary.median == 30 * H
    assert times.approved.count == 5  # the charts: approvals only


def test_items_still_waiting_are_not_timed_but_counted() -> None:
    account = offline_account()
    template(account, ended=NOW - D, took=6 * H)
    waiting(account, since=NOW - 20 * D)
    waiting(account, since=NOW - H, status="validation_requested")
    waiting(account, since=NOW - H, status="draft")  # waits for the customer, not WhatsApp

    times = stats_selectors.approval_times(account, days=30, now=NOW)

    assert rows_of(times) == {(Kind.TEMPLATE, "Utility · English (US)"): (1, 6 * H, 6 * H, 0, 2)}
    assert [(t.group, t.waiting) for t in times.totals] == [("All", 2)]


def test_only_waits_that_ended_in_the_period_count_whenever_they_started() -> None:
    account = offline_account()
    template(account, ended=NOW - 29 * D, took=40 * D)  # started before, ended inside: counted
    template(account, ended=NOW - 30 * D, took=H)  # ended at the period's first instant: not
    template(account, ended=NOW - 31 * D, took=H)
    template(account, ended=NOW + H, took=H)  # after now (a later poll): not yet

    assert rows_of(stats_selectors.approval_times(account, days=30, now=NOW)) == {
        (Kind.TEMPLATE, "Utility · English (US)"): (1, 40 * D, 40 * D, 0, 0)
    }
    ninety = stats_selectors.approval_times(account, days=90, now=NOW)
    assert rows_of(ninety)[(Kind.TEMPLATE, "Utility · English (US)")][0] == 3


def test_channel_and_number_requests_are_timed_per_type_from_request_to_fulfilment() -> None:
    account = offline_account()
    request(
        account, Kind.CHANNEL_REQUEST, ended=NOW - D, took=3 * D, label="WhatsApp channel request"
    )
    request(
        account, Kind.CHANNEL_REQUEST, ended=NOW - D, took=5 * D, label="WhatsApp channel request"
    )
    request(account, Kind.CHANNEL_REQUEST, ended=NOW - D, took=D, label="SMS channel request")
    request(
        account, Kind.CHANNEL_REQUEST, ended=NOW - D, took=D, label="SMS channel request",
        outcome="cancelled",
    )  # fmt: skip
    request(account, Kind.NUMBER_REQUEST, ended=NOW - D, took=2 * D, label="Mobile number (NL)")

    times = stats_selectors.approval_times(account, days=90, now=NOW)

    assert rows_of(times) == {
        (Kind.CHANNEL_REQUEST, "SMS"): (1, D, D, None, 0),
        (Kind.CHANNEL_REQUEST, "WhatsApp"): (2, 4 * D, 5 * D, None, 0),
        (Kind.NUMBER_REQUEST, "Mobile number (NL)"): (1, 2 * D, 2 * D, None, 0),
    }


def test_a_template_stored_before_its_review_date_was_kept_waits_from_when_first_seen() -> None:
    account = offline_account()
    item = template(account, ended=NOW - D, took=10 * H)
    TrackedItem.objects.filter(pk=item.pk).update(meta={"language": "English (US)"})

    times = stats_selectors.approval_times(account, days=30, now=NOW)

    # first_seen is a minute after the request: a lower bound, never the creation date
    assert times.rows[0].done_summary.median == 10 * H - timedelta(minutes=1)
    assert times.rows[0].group == "Uncategorised · English (US)"


def test_a_submission_seen_by_the_tracker_starts_the_wait() -> None:
    account = offline_account()
    item = waiting(account, since=NOW - 10 * D, status="draft")
    StatusChange.objects.create(
        item=item, from_status="draft", to_status="validation_requested", at=NOW - 2 * D
    )
    StatusChange.objects.create(
        item=item, from_status="validation_requested", to_status="approved", at=NOW - D
    )
    TrackedItem.objects.filter(pk=item.pk).update(status="approved", is_pending=False)

    times = stats_selectors.approval_times(account, days=30, now=NOW)

    assert times.rows[0].done_summary.median == D


def test_the_weekly_trend_puts_each_approval_in_the_week_it_ended() -> None:
    account = offline_account()
    template(account, ended=NOW - D, took=2 * H)
    template(account, ended=NOW - D - H, took=4 * H)
    template(account, ended=NOW - 15 * D, took=8 * H)

    times = stats_selectors.approval_times(account, days=30, now=NOW)

    with_data = [(w.count, w.median) for w in times.weeks if w.count]
    assert with_data == [(1, 8 * H), (2, 3 * H)]
    assert len(times.weeks) in (5, 6)  # every week the 30 days touch, empty ones too


def test_the_board_flags_a_template_that_waited_longer_than_its_groups_90th_percentile() -> None:
    account = offline_account()
    for took in range(1, 11):  # p90 of 1..10 hours: 9 hours
        template(account, ended=NOW - 5 * D, took=took * H)
    slow = waiting(account, since=NOW - 10 * H)
    usual = stats_selectors.thresholds([account.pk], now=NOW)
    slow.account_id = account.pk

    flag = usual.flag(slow, 10 * H)
    assert flag is not None
    assert flag.text == (
        "waited longer than 90% of this account's approved Utility templates in English (US) "
        "(p90 9 h)"
    )
    assert usual.flag(slow, 9 * H) is None  # as long as the 90th percentile: not flagged


def test_with_fewer_than_five_in_its_group_the_board_compares_with_the_whole_kind() -> None:
    account = offline_account()
    for took in range(1, 7):
        template(account, ended=NOW - 5 * D, took=took * H, language="Dutch")
    template(account, ended=NOW - 5 * D, took=H)  # one in English
    german = waiting(account, since=NOW - D, language="German")
    usual = stats_selectors.thresholds([account.pk], now=NOW)

    flag = usual.flag(german, D)
    assert flag is not None
    assert flag.text == (
        "waited longer than 90% of this account's approved templates (p90 6 h; fewer than 5 "
        "Utility templates in German to compare)"
    )


def test_with_fewer_than_five_of_the_kind_nothing_is_flagged_by_percentile() -> None:
    account = offline_account()
    for took in range(1, 5):
        request(account, Kind.NUMBER_REQUEST, ended=NOW - D, took=took * H, label="Mobile (NL)")
    late = waiting(account, since=NOW - 30 * D, kind=Kind.NUMBER_REQUEST, label="Mobile (NL)")
    assert stats_selectors.thresholds([account.pk], now=NOW).flag(late, 30 * D) is None
