"""Search across accounts in a real browser: "/" puts the cursor in the header's box, typing
shows the results grouped by account under it, and a result leads to the item's page; the
full results page works the same. Every page is checked with axe."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.tracker import services
from tests.browser.conftest import assert_accessible
from tests.browser.test_tracker import log_in

pytestmark = pytest.mark.browser


def test_slash_focuses_the_search_and_typing_finds_a_template_in_each_account(
    page: Page,
    live_server: Any,
    account_a: Any,
    account_b: Any,
    admin_user: Any,
    sandbox: Any,
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    services.account_poll(account=account_b, run_key="manual:1")
    log_in(page, live_server, admin_user.username)
    box = page.get_by_role("searchbox", name="Search all your accounts")
    page.wait_for_load_state()  # the shortcut is app/search.js's, loaded with the page

    page.keyboard.press("/")
    expect(box).to_be_focused()
    expect(box).to_have_value("")  # the slash is a shortcut, not typed
    page.keyboard.type("welcome_mes")

    results = page.locator("#search-results")
    expect(results.get_by_role("heading", name="Account A")).to_be_visible()
    expect(results.get_by_role("heading", name="Account B")).to_be_visible()
    expect(results.get_by_role("link", name="welcome_message")).to_have_count(2)
    expect(results.get_by_text("indexed").first).to_be_visible()
    assert_accessible(page)

    results.get_by_role("link", name="welcome_message").first.click()

    expect(page).to_have_url(
        re.compile(rf"/a/{account_a.account_id}/whatsapp/[0-9a-f-]+/templates/[0-9a-f-]+/$")
    )
    expect(page.get_by_text("welcome_message").first).to_be_visible()
    assert_accessible(page)


def test_the_results_page_says_what_is_wrong_and_a_slash_in_a_field_stays_a_slash(
    page: Page, live_server: Any, account_a: Any, support_user: Any, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    log_in(page, live_server, support_user.username)
    box = page.get_by_role("searchbox", name="Search all your accounts")
    box.fill("sushi")
    box.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/search/?q=sushi")
    expect(page.get_by_role("heading", name="Search", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="SUSHI")).to_be_visible()
    assert_accessible(page)

    field = page.get_by_role("searchbox", name="Search all your accounts")
    field.fill("")
    field.press_sequentially("x/")
    expect(field).to_have_value("x/")  # typed in a field, "/" is a character
    field.fill("x")
    expect(page.get_by_text("Type at least 2 characters.")).to_be_visible()
    expect(field).to_have_value("x")
    assert_accessible(page)

    field.fill("sushi")
    page.get_by_role("link", name="SUSHI").click()
    expect(page).to_have_url(re.compile(rf"/a/{account_a.account_id}/keywords/[0-9a-f-]+/$"))
