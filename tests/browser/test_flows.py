"""First flows in a real browser: each role logs in, switches account, sees the overview; a
marketing person cannot reach an admin page. Every page visited is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.dashboard_fixtures import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def accounts_nav(page: Page):
    return page.get_by_role("navigation", name="Accounts")


@pytest.mark.parametrize(("role", "username"), [("support", "sam"), ("marketing", "mia")])
def test_a_person_logs_in_and_sees_the_overview_of_their_one_account(
    page: Page, live_server, account_a, account_b, role, username
):
    log_in(page, live_server, username)
    expect(page).to_have_url(f"{live_server.url}/a/{account_a.account_id}/")
    expect(page.get_by_role("heading", name="Account A", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Channels")).to_be_visible()
    expect(page.get_by_role("heading", name="Channel requests pending")).to_be_visible()
    expect(page.get_by_role("heading", name="WhatsApp templates")).to_be_visible()
    expect(page.get_by_text("Coming soon: RCS, Viber")).to_be_visible()
    links = accounts_nav(page).get_by_role("link")
    expect(links).to_have_count(1)
    expect(accounts_nav(page).get_by_role("link", name="Account A")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("link", name="People")).to_have_count(0)
    assert_accessible(page)


def test_an_admin_logs_in_switches_account_and_sees_both(
    page: Page, live_server, account_a, account_b, admin_user
):
    log_in(page, live_server, admin_user.username)
    expect(page).to_have_url(f"{live_server.url}/a/{account_a.account_id}/")
    expect(accounts_nav(page).get_by_role("link")).to_have_count(2)
    assert_accessible(page)
    accounts_nav(page).get_by_role("link", name="Account B").click()
    expect(page).to_have_url(f"{live_server.url}/a/{account_b.account_id}/")
    expect(page.get_by_role("heading", name="Account B", level=1)).to_be_visible()
    expect(accounts_nav(page).get_by_role("link", name="Account B")).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page)


def test_an_admin_tests_a_connection_with_htmx_and_sees_the_badge(
    page: Page, live_server, account_a, admin_user
):
    log_in(page, live_server, admin_user.username)
    page.get_by_role("link", name="Accounts", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/manage/accounts/")
    assert_accessible(page)
    badge = page.locator(f"#check-{account_a.account_id}")
    expect(badge).to_have_text("Not tested")
    page.get_by_role("button", name=re.compile("Test connection of Account A")).click()
    # Swapped in place by htmx (CSRF sent from hx-headers): the page did not reload.
    expect(badge).to_have_text("Working")
    expect(page).to_have_url(f"{live_server.url}/manage/accounts/")
    assert_accessible(page)
    for path in ("/manage/people/", "/manage/accounts/add/", "/manage/audit/"):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
    expect(page.get_by_role("cell", name="account.test_connection")).to_be_visible()


def test_a_marketing_person_cannot_reach_an_admin_page(
    page: Page, live_server, account_a, marketing_user
):
    log_in(page, live_server, marketing_user.username)
    expect(page).to_have_url(f"{live_server.url}/a/{account_a.account_id}/")
    response = page.goto(f"{live_server.url}/manage/accounts/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", name="You don't have access to this page")).to_be_visible()
    assert_accessible(page)


def test_an_upstream_failure_shows_in_place_and_the_page_fits_a_phone(
    page: Page, live_server, account_a, support_user, sandbox
):
    sandbox.fault("GET", f"/channels/v1/accounts/{account_a.account_id}/channels", status=500)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, support_user.username)
    expect(page.get_by_text("Your channels could not be loaded from CM.com.")).to_be_visible()
    expect(page.get_by_role("heading", name="WhatsApp templates")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    # "Try again" reloads only that part, with htmx.
    page.get_by_role("link", name="Try again").click()
    expect(page.get_by_text("Your channels could not be loaded from CM.com.")).to_have_count(0)
    expect(page.locator("#overview-channels table")).to_be_visible()
    assert_accessible(page)


def test_the_admin_pages_fit_a_phone(page: Page, live_server, account_a, admin_user):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, admin_user.username)
    expect(page).to_have_url(f"{live_server.url}/a/{account_a.account_id}/")
    for path in ("", "manage/accounts/", "manage/people/", "manage/audit/"):
        page.goto(f"{live_server.url}/{path}")
        fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"/{path} is wider than a phone"
        assert_accessible(page)
