"""Activating a WhatsApp language in a real browser: the supported languages share one form,
a button activates its language, the active list is swapped and that row leaves the list."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_whatsapp_otp import log_in

pytestmark = pytest.mark.browser


def test_support_activates_a_language_and_only_its_row_leaves_the_list(
    page: Page, live_server, account_a, support_user, sandbox
):
    log_in(page, live_server, support_user.username)
    page.get_by_role("navigation", name="Main").locator("summary", has_text="WhatsApp").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Business account").click()
    expect(page.get_by_text("Active (7)")).to_be_visible()
    page.get_by_role("searchbox", name="Search the supported languages by name or code").fill(
        "ital"
    )
    italian = page.get_by_role("button", name="Activate Italian")
    expect(italian).to_be_visible()
    expect(page.get_by_role("button", name="Activate Afrikaans")).to_have_count(0)
    assert_accessible(page)

    italian.click()
    expect(page.get_by_text("Active (8)")).to_be_visible()
    expect(page.locator("#whatsapp-languages").get_by_text("Italian")).to_be_visible()
    expect(page.get_by_role("button", name="Activate Italian")).to_have_count(0)
    expect(page.get_by_text("Italian (it) is now active.")).to_be_visible()
    assert_accessible(page)
