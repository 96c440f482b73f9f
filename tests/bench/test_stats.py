"""The benchmarks' arithmetic: medians, ratios, bars, and growth per row shown."""

from __future__ import annotations

import gzip

import pytest

from bench.stats import (
    Bar,
    all_met,
    at_least,
    at_most,
    bytes_growth,
    gzip_size,
    median,
    own_ms,
    ratio,
    round_trip_ratio,
    rows_shown,
)


def test_the_median_of_an_odd_count_is_the_middle_value():
    assert median([0.3, 0.1, 0.2, 0.9, 0.15]) == 0.2


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert median([1, 2, 3, 10]) == 2.5


def test_a_median_of_nothing_is_refused():
    with pytest.raises(ValueError, match="no values"):
        median([])


def test_a_ratio_over_zero_calls_is_no_ratio():
    assert ratio(10, 0) is None
    assert ratio(10_908, 550) == pytest.approx(19.83, abs=0.01)


def test_one_round_trip_of_100_ms_with_20_ms_of_rendering_is_1_2():
    seconds = [0.118, 0.120, 0.125, 0.119, 0.300]

    assert round_trip_ratio(seconds, 100) == pytest.approx(1.2)


def test_the_dashboards_own_time_is_the_page_time_minus_the_slowest_answer():
    assert own_ms(0.1234, 101.4) == pytest.approx(22.0)


def test_a_page_with_no_upstream_call_owns_its_whole_time():
    assert own_ms(0.023, 0.0) == pytest.approx(23.0)


def test_clock_jitter_never_makes_the_own_time_negative():
    assert own_ms(0.100, 100.4) == 0.0


def test_two_sequential_round_trips_read_as_about_two():
    assert round_trip_ratio([0.21, 0.22, 0.23], 100) == pytest.approx(2.2)


def test_a_paged_list_does_not_grow_when_the_page_is_full_on_both_accounts():
    # 20 rows of about the same size on both accounts.
    assert bytes_growth(25_000, 25_500, 20, 20) == pytest.approx(1.02)


def test_a_short_demo_list_is_compared_per_row_shown():
    # 12 keywords on the demo account, a full page of 25 on the large one: same bytes per row.
    assert bytes_growth(3_600, 7_500, 12, 25) == pytest.approx(1.0)


def test_a_list_fetched_whole_grows_with_the_account():
    assert bytes_growth(58_000, 3_000_000, 1, 1) > 50


def test_rows_shown_are_the_page_size_or_the_whole_shorter_list():
    assert rows_shown(2000, 20) == 20
    assert rows_shown(12, 25) == 12


def test_bars_say_met_missed_or_not_measured():
    assert at_most(1.24, 1.3, "x").label == "met"
    assert at_most(2.3, 1.3, "x").label == "missed"
    assert at_least(19.8, 20, "x").label == "missed"
    assert at_least(None, 20, "x").label == "not measured"


def test_one_missed_bar_misses_the_whole_benchmark():
    assert all_met([Bar("a", True), Bar("b", False), Bar("c", None)]) is False
    assert all_met([Bar("a", True), Bar("c", None)]) is None
    assert all_met([Bar("a", True), Bar("b", True)]) is True


def test_gzip_size_is_the_size_of_the_compressed_bytes():
    data = b"body { color: black; }\n" * 400

    assert gzip_size(data) == len(gzip.compress(data, compresslevel=9, mtime=0))
    assert gzip_size(data) < len(data) / 10
