"""The expected date of a request: calendar days from CM.com's timestamp, across weekends,
month and year ends, shown on the local day (issue 13)."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.formats import date_format

from dashboard.core.dates import expected_by


def test_a_processing_day_from_a_friday_lands_on_the_saturday():
    friday = datetime(2027, 1, 8, 10, 0, tzinfo=UTC)
    assert expected_by(friday, 1) == datetime(2027, 1, 9, 10, 0, tzinfo=UTC)


def test_five_processing_days_from_the_thirtieth_of_december_land_in_the_next_year():
    assert expected_by(datetime(2026, 12, 30, 22, 0, tzinfo=UTC), 5) == datetime(
        2027, 1, 4, 22, 0, tzinfo=UTC
    )


def test_processing_days_cross_the_end_of_february_in_a_leap_year():
    assert expected_by(datetime(2028, 2, 27, 12, 0, tzinfo=UTC), 3) == datetime(
        2028, 3, 1, 12, 0, tzinfo=UTC
    )


def test_a_request_made_late_in_the_utc_evening_is_expected_on_the_next_local_day():
    late = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    shown = date_format(timezone.localtime(expected_by(late, 0), amsterdam), "j M Y")
    assert shown == "1 Jan 2027"


def test_an_unknown_start_or_number_of_days_has_no_expected_date():
    assert expected_by(None, 3) is None
    assert expected_by(datetime(2026, 1, 1, tzinfo=UTC), None) is None
