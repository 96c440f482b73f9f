""" "Check now" in a real browser: a template language whose review CM.com finished since the
last poll shows its new state in place, without a page load, from one call to CM.com; the
page is checked with axe before and after."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.tracker import services
from dashboard.tracker.models import StatusChange, TrackedItem
from dashboard.tracker.statuses import Kind
from tests.browser.conftest import assert_accessible
from tests.browser.test_tracker import log_in
from tests.dashboard.security.helpers import api_prefix

pytestmark = pytest.mark.browser


def test_check_now_shows_the_new_state_of_a_template_reviewed_meanwhile(
    page: Page, live_server: Any, account_a: Any, support_user: Any, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    item = TrackedItem.objects.filter(
        account=account_a, kind=Kind.TEMPLATE, status="validation_requested"
    ).order_by("pk")[0]
    sandbox.advance(120)  # CM.com and WhatsApp finish the review; the tracker does not know yet
    log_in(page, live_server, support_user.username)
    page.goto(f"{live_server.url}/a/{account_a.account_id}/tracked/{item.pk}/")
    check = page.locator(f"#check-{item.pk}")
    expect(check).to_contain_text("Validation requested")
    expect(check.locator("time")).to_have_text("just now")
    assert_accessible(page)
    sandbox.clear_log()
    url = page.url

    page.get_by_role("button", name=f"Check now {item.label}").click()

    expect(check.get_by_role("status")).to_contain_text("Checked with CM.com: now ")
    item.refresh_from_db()
    assert item.status in {"approved", "rejected"}
    expect(check.get_by_role("status")).to_have_text(
        f"Checked with CM.com: now {item.status_label} (was Validation requested)."
    )
    expect(check.locator(".item-status")).to_have_text(item.status_label)
    history = page.locator("#item-history")
    expect(history).to_contain_text(f"Validation requested → {item.status_label}")
    assert page.url == url  # swapped in place
    assert StatusChange.objects.filter(item=item).count() == 1
    calls = [e for e in sandbox.log() if e["path"].startswith(api_prefix(account_a))]
    assert len(calls) == 1
    assert_accessible(page)
