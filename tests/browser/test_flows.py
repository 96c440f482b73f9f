"""First flows in a real browser: each role logs in, switches account, sees the overview; a
marketing person cannot reach an admin page. Every page visited is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import Page, expect

from dashboard.tracker import services
from tests.browser.conftest import assert_accessible
from tests.browser.test_studio import whatsapp_request_id
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


def polled(account) -> None:
    """The account as the poller leaves it: the overview shows what it counted."""
    services.account_poll(account=account, run_key=f"browser:{account.account_id}")


def _business_account(live_server, account) -> tuple[str, str]:
    """A WhatsApp home (its business account is an htmx part read from CM.com), and the path of
    that read at CM.com."""
    request_id = whatsapp_request_id(account)
    return (
        f"{live_server.url}/a/{account.account_id}/whatsapp/{request_id}/",
        f"/channels/v1/accounts/{account.account_id}/whatsapp/{request_id}/businessaccount",
    )


@pytest.mark.parametrize(("role", "username"), [("support", "sam"), ("marketing", "mia")])
def test_a_person_logs_in_and_sees_the_overview_of_their_one_account(
    page: Page, live_server, account_a, account_b, sandbox, role, username
):
    polled(account_a)
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
    expect(page.get_by_role("link", name="People", include_hidden=True)).to_have_count(0)
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
    page.get_by_role("navigation", name="Main").locator("summary", has_text="Admin").click()
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
    home, business = _business_account(live_server, account_a)
    sandbox.fault("GET", business, status=500)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, support_user.username)
    page.goto(home)
    failed = page.get_by_text("The business account could not be loaded from CM.com.")
    expect(failed).to_be_visible()
    expect(page.get_by_role("heading", name="Languages")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    # "Try again" reloads only that part, with htmx.
    with page.expect_request("**/*part=business*"):
        page.get_by_role("link", name="Try again").click()
    expect(failed).to_have_count(0)
    expect(page.locator("#whatsapp-business .badge")).to_be_visible()
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


# --- issue 9: faults, hostile input, expired pages ----------------------------------------------


def _toasts(page: Page):
    return page.locator("#toasts .toast")


def test_a_request_that_takes_too_long_ends_in_a_toast_and_the_page_stays(
    page: Page, live_server, account_a, support_user, sandbox
):
    home, business = _business_account(live_server, account_a)
    sandbox.fault("GET", business, status=500)
    log_in(page, live_server, support_user.username)
    page.goto(home)
    expect(page.get_by_role("link", name="Try again")).to_be_visible()
    assert page.evaluate("() => htmx.config.timeout") == 30000
    page.evaluate("() => { htmx.config.timeout = 500; }")
    page.route("**/*part=business*", lambda route: None)  # never answered
    page.get_by_role("link", name="Try again").click()
    expect(_toasts(page)).to_contain_text(
        ["The dashboard took too long to answer — try again in a moment."]
    )
    expect(page.get_by_role("heading", name="Languages")).to_be_visible()
    assert_accessible(page)


def test_text_from_cm_com_with_markup_and_htmx_attributes_stays_text(
    page: Page, live_server, account_a, support_user, sandbox
):
    hostile = "<script>alert('cm')</script>"
    attribute = '" hx-get="/logout/" hx-trigger="load" data-x="'
    sandbox.fault(
        "GET",
        f"/channels/v1/accounts/{account_a.account_id}/channels",
        status=200,
        body={
            "available": {hostile: {attribute: [{"channelID": "c1", "isPending": False}]}},
            "comingSoon": ["{{ request.user }}", "<img src=x onerror=alert(1)>"],
        },
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    polled(account_a)  # the overview shows the names as the poller stored them
    log_in(page, live_server, support_user.username)
    # The cell, as text (the counts' links beside it name it too, as text).
    expect(page.get_by_role("cell", name=f"{hostile} · {attribute}", exact=True)).to_be_visible()
    expect(
        page.get_by_text("Coming soon: {{ request.user }}, <img src=x onerror=alert(1)>")
    ).to_be_visible()
    page.wait_for_timeout(300)
    assert dialogs == []
    assert not [url for url in requested if "/logout/" in url]
    assert page.locator("#overview-channels img").count() == 0
    assert_accessible(page)


def test_an_expired_page_says_reload_in_a_toast_instead_of_swapping_an_error_page(
    page: Page, live_server, account_a, admin_user
):
    log_in(page, live_server, admin_user.username)
    page.goto(f"{live_server.url}/manage/accounts/")
    # As if the person logged in again in another tab: the CSRF secret changed, so this page's
    # tokens (the form's and htmx's header) are stale.
    page.context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": live_server.url}])
    page.get_by_role("button", name=re.compile("Test connection of Account A")).click()
    expect(_toasts(page)).to_contain_text(["This page has expired"])
    expect(_toasts(page)).to_have_count(1)  # not also the generic "no access" one
    expect(page.locator(f"#check-{account_a.account_id}")).to_have_text("Not tested")
    expect(page.get_by_role("heading", name="Accounts")).to_be_visible()
    assert_accessible(page)


def test_an_htmx_write_after_the_session_ended_says_log_in_and_keeps_the_page(
    page: Page, live_server, account_a, admin_user
):
    log_in(page, live_server, admin_user.username)
    page.goto(f"{live_server.url}/manage/accounts/")
    # The bell loads itself once the page is up; a read after the session ended would (rightly)
    # take the whole page to the login form, which is not what this test is about.
    page.wait_for_load_state("networkidle")
    Session.objects.all().delete()  # the session ended on the server (idle, or logged out)
    page.get_by_role("button", name=re.compile("Test connection of Account A")).click()
    expect(_toasts(page)).to_contain_text(["Your session has ended."])
    expect(page).to_have_url(f"{live_server.url}/manage/accounts/")
    expect(page.locator(f"#check-{account_a.account_id}")).to_have_text("Not tested")


def test_no_copy_of_a_page_is_kept_in_the_browsers_storage(
    page: Page, live_server, account_a, admin_user
):
    log_in(page, live_server, admin_user.username)
    page.goto(f"{live_server.url}/manage/audit/")
    page.get_by_label("Action").select_option(index=0)
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/manage/audit/\?"))  # htmx pushed the URL
    assert page.evaluate("() => localStorage.getItem('htmx-history-cache')") is None
    response = page.goto(f"{live_server.url}/manage/audit/")
    assert response is not None
    assert "no-store" in response.headers["cache-control"]


def test_a_click_counts_as_activity_and_a_request_nobody_asked_for_does_not(
    page: Page, live_server, account_a, support_user, sandbox
):
    home, business = _business_account(live_server, account_a)
    sandbox.fault("GET", business, status=500)
    log_in(page, live_server, support_user.username)
    page.goto(home)
    with page.expect_request("**/*part=business*") as clicked:
        page.get_by_role("link", name="Try again").click()
    assert "x-background-request" not in clicked.value.headers
    expect(page.locator("#whatsapp-business .badge")).to_be_visible()
    # What polling does: a request with no event behind it (htmx's "every" and "load").
    with page.expect_request("**/*part=languages*") as background:
        page.evaluate(
            """() => htmx.ajax("GET", location.pathname + "?part=languages",
                               {target: "#whatsapp-languages", swap: "outerHTML"})"""
        )
    assert background.value.headers["x-background-request"] == "true"
