"""The approval-time page in a real browser: reached from the account's menu, its two charts
drawn with their tables, the period changed with the form (htmx swaps the charts), a bad
period said in words, and the CSV downloaded. Every state is checked with axe."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from dashboard.tracker.statuses import Kind
from tests.browser.conftest import assert_accessible, via_menu
from tests.browser.test_tracker import log_in
from tests.dashboard.tracker.history import request, template, waiting

pytestmark = pytest.mark.browser

H = timedelta(hours=1)
D = timedelta(days=1)


def test_support_reads_approval_times_as_charts_and_tables_and_downloads_them(
    page: Page, live_server: Any, account_a: Any, support_user: Any
) -> None:
    now = timezone.now()
    for took in (2 * H, 4 * H, 9 * H, 30 * H):
        template(account_a, ended=now - 2 * D, took=took)
    template(account_a, ended=now - 200 * D, took=3 * D)  # only in the last 365 days
    template(account_a, ended=now - D, took=5 * H, outcome="rejected", language="Dutch")
    waiting(account_a, since=now - H)
    request(account_a, Kind.CHANNEL_REQUEST, ended=now - D, took=4 * D, label="SMS channel request")

    log_in(page, live_server, support_user.username)
    page.goto(f"{live_server.url}/a/{account_a.account_id}/")
    via_menu(page, "Approvals", "Approval times")

    expect(page.get_by_role("heading", name="Account A: approval times")).to_be_visible()
    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(2)
    expect(charts.first).to_have_attribute("aria-label", re.compile(r"^Bar chart of 4 template"))
    expect(charts.last).to_have_attribute("aria-label", re.compile(r"^Line chart of the weekly"))
    expect(page.get_by_text("4 template languages approved: median 6 h 30 min")).to_be_visible()
    groups = page.locator("#groups-table")
    english = groups.get_by_role("row", name="Utility · English (US)")
    expect(english.get_by_role("cell")).to_have_text(
        ["WhatsApp templates", "4", "6 h 30 min", "1 d 6 h", "0", "—", "—", "1"]
    )
    expect(groups.get_by_role("row", name="SMS")).to_contain_text("4 d")
    distribution = page.locator("#distribution-table")
    expect(distribution.get_by_role("row", name="1 to 6 h")).to_contain_text("2")
    assert_accessible(page)

    page.get_by_label("Period").select_option("365")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("5 template languages approved")).to_be_visible()
    assert "period=365" in page.url
    assert_accessible(page)

    page.goto(f"{live_server.url}/a/{account_a.account_id}/approval-times/?period=12")
    expect(page.get_by_role("alert")).to_contain_text("choose 30, 90 or 365 days")
    expect(page.get_by_label("Period")).to_have_value("90")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this table as CSV (times by group)").click()
    saved = download.value
    assert saved.suggested_filename.startswith("approval-times-account-a-groups-90d-")
    rows = list(csv.reader(io.StringIO(saved.path().read_text(encoding="utf-8"))))
    assert rows[1][:3] == ["WhatsApp templates", "Utility · Dutch", "0"]
    assert rows[2][:3] == ["WhatsApp templates", "Utility · English (US)", "4"]
