"""Bulk import in a real browser: a marketer uploads a 50-row CSV with 3 bad rows, the report
shows the 3 at their row and column, the 47 good ones are created as drafts by a task on a
real Celery worker while the progress bar moves, then their validation is requested. Every page
and state visited is checked with axe-core."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.imports.models import ImportRun, ItemState, SubmitState
from tests.browser.conftest import assert_accessible
from tests.browser.test_studio import log_in, whatsapp_request_id
from tests.dashboard.imports.files import csv_bytes, good_rows
from tests.dashboard.tracker.conftest import (  # noqa: F401  (fixtures)
    Finished,
    celery_worker,
    redis_locks,
)

pytestmark = pytest.mark.browser

BAD = [
    ("bad_category", "NOT_A_CATEGORY", "English (US)", "Hello {{1}}, a bad category.", "who"),
    ("bad_language", "UTILITY", "Klingon", "Hello {{1}}, a bad language.", "who"),
    ("survey_request", "UTILITY", "English (US)", "Hello {{1}}, a taken name.", "who"),
]


def _fifty_rows_three_bad(tmp_path: Path) -> Path:
    rows = good_rows(47, prefix="browser")
    for index, row in zip((10, 25, 40), BAD, strict=True):
        rows.insert(index, row)
    path = tmp_path / "fifty.csv"
    path.write_bytes(csv_bytes(rows))
    return path


def test_a_marketer_imports_a_50_row_csv_with_3_bad_rows(
    page: Page,
    live_server: Any,
    account_a: Any,
    marketing_user: Any,
    sandbox: Any,
    celery_worker: Finished,  # noqa: F811
    tmp_path: Path,
) -> None:
    request_id = whatsapp_request_id(account_a)
    log_in(page, live_server, marketing_user.username)
    page.goto(f"{live_server.url}/a/{account_a.account_id}/whatsapp/{request_id}/templates/")
    page.get_by_role("button", name="Import templates").click()
    expect(page.get_by_role("heading", name="Import templates", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Download a sample CSV")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("File (.csv or .xlsx)").set_input_files(_fifty_rows_three_bad(tmp_path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Import of fifty.csv")).to_be_visible()
    expect(page.get_by_text("50 rows, 50 templates")).to_be_visible()
    expect(page.get_by_text("47 templates can be imported")).to_be_visible()
    problems = page.locator("table.import-report tbody tr")
    expect(problems).to_have_count(3)
    expect(problems.nth(0)).to_contain_text(re.compile(r"12\s+bad_category.*B \(category\)", re.S))
    expect(problems.nth(1)).to_contain_text(re.compile(r"27\s+bad_language.*C \(language\)", re.S))
    expect(problems.nth(2)).to_contain_text(re.compile(r"42\s+survey_request.*A \(name\)", re.S))
    expect(page.locator('input[name="item"]:checked')).to_have_count(47)
    assert [m for m, _ in _writes(sandbox, account_a)] == []
    assert_accessible(page)

    sandbox.clear_log()
    page.get_by_role("button", name="Import selected as drafts").click()
    expect(page.get_by_text("47 templates are being imported.")).to_be_visible()
    expect(page.get_by_text("Creating templates: 47 of 47 done.")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Created as drafts (47)")).to_be_visible()
    # The step over, the form above is read again: nothing left to tick, no step running.
    expect(page.get_by_text("An import is running")).to_have_count(0)
    expect(page.locator('input[name="item"]')).to_have_count(0)
    assert_accessible(page)
    run = ImportRun.objects.get()
    assert run.items.filter(state=ItemState.CREATED).count() == 47
    creates = [
        p for m, p in _writes(sandbox, account_a) if m == "POST" and p.endswith("/templates")
    ]
    assert len(creates) == 47

    page.get_by_role("button", name="Request validation for all that lint clean").click()
    expect(page.get_by_text("Requesting validation: 47 of 47 done.")).to_be_visible(timeout=60_000)
    assert_accessible(page)
    assert run.items.filter(submit=SubmitState.SUBMITTED).count() == 47


def _writes(sandbox: Any, account: Any) -> list[tuple[str, str]]:
    prefix = f"/channels/v1/accounts/{account.account_id}"
    return [
        (entry["method"], entry["path"].removeprefix(prefix))
        for entry in sandbox.log()
        if entry["method"] != "GET"
    ]
