"""The main menu in a real browser: grouped the way the work is (the account's areas, what
spans accounts, administration) at 1280 px; one "Menu" button at 390 px with the page's own
heading in the first screen; the page's link and its group marked; reachable by keyboard;
and every link followed with JavaScript switched off. Every page is checked with axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard.tracker import selectors, services
from tests.browser.conftest import assert_accessible
from tests.dashboard_fixtures import PASSWORD

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def log_in(page: Page, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def main_nav(page: Page):
    return page.get_by_role("navigation", name="Main")


def group(page: Page, name: str):
    """A group's button in the main menu (a <summary>: no ARIA role to find it by)."""
    return main_nav(page).locator("summary", has_text=re.compile(f"^{name}$"))


def test_an_admin_sees_the_menu_grouped_by_the_work_at_1280_px(
    page: Page, live_server, account_a, admin_user
):
    page.set_viewport_size(WIDE)
    log_in(page, live_server, admin_user.username)
    expect(main_nav(page).get_by_text("Menu", exact=True)).to_be_hidden()
    summaries = main_nav(page).locator("summary:visible")
    expect(summaries).to_have_text(
        ["Channels", "WhatsApp", "SMS", "Approvals", "All accounts", "Admin"]
    )
    # Only the page's own link shows before a group is opened, and it is marked.
    expect(main_nav(page).get_by_role("link", name="Overview")).to_have_attribute(
        "aria-current", "page"
    )
    expect(main_nav(page).get_by_role("link", name="Channel types")).to_be_hidden()
    assert_accessible(page)

    group(page, "WhatsApp").click()
    links = main_nav(page).locator("details.nav-group[open] a")
    expect(links).to_have_text(["Business account", "Profiles", "Templates"])
    group(page, "Admin").click()  # one group open at a time
    expect(main_nav(page).locator("details.nav-group[open] a")).to_have_text(
        ["Accounts", "People", "Audit", "Company login"]
    )
    assert_accessible(page)

    group(page, "Channels").click()
    main_nav(page).get_by_role("link", name="Channel types").click()
    expect(page.get_by_role("heading", name="Channel types", level=1)).to_be_visible()
    expect(
        main_nav(page).get_by_role("link", name="Channel types", include_hidden=True)
    ).to_have_attribute("aria-current", "page")
    expect(group(page, "Channels")).to_have_attribute("aria-current", "true")
    expect(group(page, "WhatsApp")).not_to_have_attribute("aria-current", "true")
    assert_accessible(page)


def test_marketing_sees_no_admin_menu_and_the_bell_says_how_many_are_unread(
    page: Page, live_server, account_a, marketing_user
):
    page.set_viewport_size(WIDE)
    log_in(page, live_server, marketing_user.username)
    expect(group(page, "Admin")).to_have_count(0)
    expect(main_nav(page).get_by_role("link", name="People", include_hidden=True)).to_have_count(0)
    expect(main_nav(page).get_by_role("link", name="Notifications", exact=True)).to_be_visible()


def test_the_bell_is_named_with_its_unread_count_without_javascript(
    browser: Browser, live_server, account_a, marketing_user, sandbox
):
    services.account_poll(account=account_a, run_key="manual:1")
    sandbox.advance(120)
    services.account_poll(account=account_a, run_key="manual:2")
    unread = selectors.unread_count(marketing_user)
    assert unread > 0
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        log_in(page, live_server, marketing_user.username)
        # Counted on the server: no request of the page's own loads it.
        bell = main_nav(page).get_by_role("link", name=f"Notifications, {unread} unread")
        expect(bell).to_be_visible()
        bell.click()
        expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    finally:
        context.close()


def test_on_a_phone_the_menu_is_one_button_and_the_page_starts_in_the_first_screen(
    page: Page, live_server, account_a, admin_user
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, admin_user.username)
    menu = main_nav(page).get_by_text("Menu", exact=True)
    expect(menu).to_be_visible()
    expect(main_nav(page).locator("summary:visible")).to_have_count(1)
    expect(main_nav(page).get_by_role("link", name="Overview")).to_be_hidden()
    heading = page.get_by_role("heading", name="Account A", level=1)
    box = heading.bounding_box()
    assert box is not None
    assert box["y"] < PHONE["height"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    menu.click()
    expect(main_nav(page).get_by_role("link", name="Overview")).to_have_attribute(
        "aria-current", "page"
    )
    group(page, "SMS").click()
    main_nav(page).get_by_role("link", name="Keywords").click()
    expect(page.get_by_role("heading", name="Keywords", level=1)).to_be_visible()
    expect(main_nav(page).get_by_role("link", name="Keywords")).to_be_hidden()  # folded again
    assert_accessible(page)


def test_the_menu_is_reachable_by_keyboard(page: Page, live_server, account_a, support_user):
    page.set_viewport_size(WIDE)
    log_in(page, live_server, support_user.username)
    page.locator("body").focus()
    # Tab to the Approvals group, open it with Enter, then Tab into its links.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Approvals":
            break
    else:
        pytest.fail("Tab never reached the Approvals group")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Pending"
    page.keyboard.press("Escape")  # nav.js: closes the group, back on its button
    expect(main_nav(page).get_by_role("link", name="Pending", exact=True)).to_be_hidden()
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Approvals"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Account A: pending", level=1)).to_be_visible()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "390"])
def test_without_javascript_every_menu_link_still_leads_to_its_page(
    browser: Browser, live_server, account_a, admin_user, viewport
):
    context = browser.new_context(java_script_enabled=False, viewport=viewport)
    try:
        page = context.new_page()
        log_in(page, live_server, admin_user.username)
        if viewport is PHONE:
            main_nav(page).get_by_text("Menu", exact=True).click()
        group(page, "WhatsApp").click()
        main_nav(page).get_by_role("link", name="Templates").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("WhatsApp templates")
        if viewport is PHONE:
            main_nav(page).get_by_text("Menu", exact=True).click()
        group(page, "Admin").click()
        main_nav(page).get_by_role("link", name="Audit").click()
        expect(page).to_have_url(f"{live_server.url}/manage/audit/")
        expect(
            main_nav(page).get_by_role("link", name="Audit", include_hidden=True)
        ).to_have_attribute("aria-current", "page")
    finally:
        context.close()
