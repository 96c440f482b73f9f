"""The moved clock that ``make test`` runs the date-sensitive tests on (tests/clock.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.clock import destination

ROOT = Path(__file__).resolve().parent.parent


def test_a_relative_clock_is_that_many_days_from_now_at_the_same_time_of_day():
    now = datetime(2026, 12, 31, 23, 59, 30, tzinfo=UTC)
    assert destination("+366d", now) == datetime(2028, 1, 1, 23, 59, 30, tzinfo=UTC)
    assert destination("-400d", now) == datetime(2025, 11, 26, 23, 59, 30, tzinfo=UTC)


def test_a_moment_without_a_zone_is_taken_as_utc():
    assert destination("2028-02-29T23:59:30") == datetime(2028, 2, 29, 23, 59, 30, tzinfo=UTC)
    assert destination("2028-02-29T23:59:30+14:00").utcoffset().total_seconds() == 14 * 3600


def test_an_unreadable_clock_is_refused_naming_the_variable():
    with pytest.raises(ValueError, match="TEST_CLOCK='next tuesday'"):
        destination("next tuesday")


PROBE = """
import json
from tests import clock
clock.start_from_environment()
from channels_api import ChannelsClient
from channels_api.sandbox.testing import start_sandbox
with start_sandbox() as sandbox, ChannelsClient(
    account_id=sandbox.account_id, product_token=sandbox.token, base_url=sandbox.base_url
) as api:
    newest = max(r.created_on_utc for r in api.channels.list_requests(take=50))
print(json.dumps({"newest": newest.isoformat()}))
"""


def test_on_a_moved_clock_the_sandbox_seeds_its_dates_from_that_day():
    # The sandbox runs on a thread of the test process: it must see the moved clock, or a
    # moved run would test nothing.
    env = {**os.environ, "TEST_CLOCK": "2028-02-29T23:59:30Z"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    newest = datetime.fromisoformat(json.loads(done.stdout.strip().splitlines()[-1])["newest"])
    assert datetime(2028, 2, 1, tzinfo=UTC) < newest <= datetime(2028, 3, 1, 0, 1, tzinfo=UTC)


def test_every_listed_date_sensitive_path_exists():
    # A renamed or moved module would silently drop out of the moved-clock runs.
    from tests.clock import DATE_SENSITIVE

    assert [entry for entry in DATE_SENSITIVE if not (ROOT / entry).exists()] == []


def test_the_date_sensitive_areas_are_the_listed_ones():
    from tests.clock import is_date_sensitive

    assert is_date_sensitive("tests/dashboard/security/test_faults_on_every_page.py")
    assert is_date_sensitive("tests/dashboard/tracker/test_board_view.py")
    assert not is_date_sensitive("tests/dashboard/studio/test_lint.py")
