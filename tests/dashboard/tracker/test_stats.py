"""The arithmetic of approval times (dashboard/tracker/stats.py) against cases worked out by
hand: medians of odd and even counts, the nearest-rank 90th percentile of 10 and 11
durations, waits opened and closed by status moves, and the period's boundaries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from dashboard.tracker import stats
from dashboard.tracker.stats import Move, Wait
from dashboard.tracker.statuses import Kind

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def hours(*values: float) -> list[timedelta]:
    return [timedelta(hours=v) for v in values]


def test_no_durations_have_no_median_no_percentile_and_a_count_of_zero() -> None:
    summary = stats.summarise([])
    assert (summary.count, summary.median, summary.p90) == (0, None, None)
    assert (summary.median_text, summary.p90_text) == ("—", "—")


def test_one_duration_is_its_own_median_and_90th_percentile() -> None:
    summary = stats.summarise(hours(5))
    assert (summary.count, summary.median, summary.p90) == (1, *hours(5, 5))


def test_the_median_of_an_odd_count_is_the_middle_one_whatever_the_order() -> None:
    assert stats.median(hours(9, 1, 4)) == timedelta(hours=4)


def test_the_median_of_an_even_count_is_the_mean_of_the_two_middle_ones() -> None:
    assert stats.median(hours(10, 1, 2, 4)) == timedelta(hours=3)


def test_the_90th_percentile_of_10_durations_is_the_9th_smallest() -> None:
    # ceil(0.9 * 10) = 9
    assert stats.percentile(hours(*range(10, 0, -1)), 90) == timedelta(hours=9)


def test_the_90th_percentile_of_11_durations_is_the_10th_smallest() -> None:
    # ceil(0.9 * 11) = ceil(9.9) = 10
    assert stats.percentile(hours(*range(1, 12)), 90) == timedelta(hours=10)


def test_the_90th_percentile_of_two_durations_is_the_larger() -> None:
    # ceil(0.9 * 2) = 2
    assert stats.percentile(hours(1, 7), 90) == timedelta(hours=7)


def test_a_template_submitted_from_a_draft_waits_from_the_submission_to_the_approval() -> None:
    moves = [
        Move("draft", "validation_requested", T0),
        Move("validation_requested", "pending", T0 + timedelta(hours=1)),
        Move("pending", "approved", T0 + timedelta(hours=30)),
    ]
    found = stats.waits(Kind.TEMPLATE, moves, requested_at=None, first_seen=T0 - timedelta(days=3))
    assert found == [Wait(T0, T0 + timedelta(hours=30), "approved")]
    assert found[0].duration == timedelta(hours=30)


def test_an_item_stored_already_waiting_starts_at_the_date_cm_com_gave_for_the_request() -> None:
    requested = T0 - timedelta(hours=5)
    moves = [Move("pending", "rejected", T0 + timedelta(hours=2))]
    found = stats.waits(Kind.TEMPLATE, moves, requested_at=requested, first_seen=T0)
    assert found == [Wait(requested, T0 + timedelta(hours=2), "rejected")]


def test_without_a_request_date_or_with_a_later_one_the_wait_starts_when_first_seen() -> None:
    moves = [Move("pending", "approved", T0 + timedelta(hours=2))]
    for requested in (None, T0 + timedelta(days=2)):
        found = stats.waits(Kind.TEMPLATE, moves, requested_at=requested, first_seen=T0)
        assert found == [Wait(T0, T0 + timedelta(hours=2), "approved")]


def test_a_rejected_template_submitted_again_gives_a_rejected_and_an_approved_wait() -> None:
    moves = [
        Move("validation_requested", "rejected", T0 + timedelta(hours=4)),
        Move("rejected", "validation_requested", T0 + timedelta(hours=10)),
        Move("validation_requested", "approved", T0 + timedelta(hours=13)),
    ]
    found = stats.waits(Kind.TEMPLATE, moves, requested_at=None, first_seen=T0)
    assert [(w.outcome, w.duration) for w in found] == [
        ("rejected", timedelta(hours=4)),
        ("approved", timedelta(hours=3)),
    ]


def test_a_cancelled_request_and_one_still_waiting_have_no_duration() -> None:
    cancelled = [Move("pending", "cancelled", T0 + timedelta(days=1))]
    assert stats.waits(Kind.NUMBER_REQUEST, cancelled, requested_at=T0, first_seen=T0) == []
    waiting = [Move("pending", "processing", T0 + timedelta(days=1))]
    assert stats.waits(Kind.CHANNEL_REQUEST, waiting, requested_at=T0, first_seen=T0) == []


def test_a_channel_request_waits_through_its_stages_from_its_creation_to_fulfilment() -> None:
    moves = [
        Move("pending", "processing", T0 + timedelta(days=1)),
        Move("processing", "action_required", T0 + timedelta(days=2)),
        Move("action_required", "processing", T0 + timedelta(days=3)),
        Move("processing", "fulfilled", T0 + timedelta(days=4)),
    ]
    found = stats.waits(Kind.CHANNEL_REQUEST, moves, requested_at=T0, first_seen=T0)
    assert [(w.outcome, w.duration) for w in found] == [("fulfilled", timedelta(days=4))]


def test_a_wait_counts_in_a_period_when_it_ended_in_it_and_not_at_its_first_instant() -> None:
    now = T0
    assert stats.in_period(now, now=now, days=30)
    assert stats.in_period(now - timedelta(days=30) + timedelta(seconds=1), now=now, days=30)
    assert not stats.in_period(now - timedelta(days=30), now=now, days=30)
    assert not stats.in_period(now + timedelta(seconds=1), now=now, days=30)


def test_the_wait_of_an_item_waiting_now_starts_at_its_latest_submission() -> None:
    moves = [
        Move("validation_requested", "rejected", T0),
        Move("rejected", "validation_requested", T0 + timedelta(hours=6)),
    ]
    since = stats.waiting_since(Kind.TEMPLATE, moves, requested_at=None, first_seen=T0)
    assert since == T0 + timedelta(hours=6)
    assert stats.waiting_since(Kind.TEMPLATE, [], requested_at=None, first_seen=T0) == T0


def test_durations_are_put_in_words_people_read() -> None:
    assert stats.duration_words(timedelta(seconds=20)) == "under 1 min"
    assert stats.duration_words(timedelta(minutes=45)) == "45 min"
    assert stats.duration_words(timedelta(hours=5, minutes=10)) == "5 h 10 min"
    assert stats.duration_words(timedelta(hours=6)) == "6 h"
    assert stats.duration_words(timedelta(days=3, hours=4)) == "3 d 4 h"
    assert stats.duration_words(timedelta(days=2)) == "2 d"


def test_the_distribution_puts_each_duration_in_one_bin_lower_bound_included() -> None:
    found = stats.histogram(hours(0.5, 1, 5.99, 6, 30, 71, 72, 200))
    assert [(b.label, b.count) for b in found] == [
        ("under 1 h", 1),
        ("1 to 6 h", 2),
        ("6 to 24 h", 1),
        ("1 to 2 d", 1),
        ("2 to 3 d", 1),
        ("3 to 7 d", 1),
        ("7 d or more", 1),
    ]


def test_the_weekly_trend_has_every_week_with_the_median_of_those_that_ended_in_it() -> None:
    finished = [
        (date(2026, 3, 3), timedelta(hours=2)),
        (date(2026, 3, 8), timedelta(hours=6)),  # Sunday: still the week of 2 March
        (date(2026, 3, 17), timedelta(hours=1)),
    ]
    weeks = stats.weekly(finished, first_day=date(2026, 3, 4), last_day=date(2026, 3, 18))
    assert [(w.monday, w.count, w.median) for w in weeks] == [
        (date(2026, 3, 2), 2, timedelta(hours=4)),
        (date(2026, 3, 9), 0, None),
        (date(2026, 3, 16), 1, timedelta(hours=1)),
    ]
