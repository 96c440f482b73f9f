"""The OTP walk in a real browser: from the menu to a profile, confirm the number, send the
code by voice, a wrong code (said so, kept), a reload mid-walk (the step comes back from CM.com),
the right code, done. The resend countdown enables the button when the wait is over. Every
page and step is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.dashboard_fixtures import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def code_box(page: Page):
    return page.get_by_role("textbox", name=re.compile("^Code"))


def open_the_walk_of_sales(page: Page, live_server, account) -> str:
    """Menu → WhatsApp → Profiles → the "Sales" profile → "Verify the phone number"."""
    page.get_by_role("navigation", name="Main").locator("summary", has_text="WhatsApp").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Business account").click()
    expect(page.get_by_role("heading", name="Business account")).to_be_visible()
    expect(page.get_by_text("Active (7)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("navigation", name="WhatsApp").get_by_role("link", name="Profiles").click()
    expect(page.get_by_role("heading", name="WhatsApp profiles", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"Sales$")).click()
    expect(page.get_by_role("heading", name=re.compile(r"Sales$"), level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Verify the phone number").click()
    expect(page.get_by_role("heading", name="Confirm the number")).to_be_visible()
    assert_accessible(page)
    return page.url


def test_support_walks_the_otp_with_a_wrong_code_and_a_reload(
    page: Page, live_server, account_a, support_user, settings
):
    settings.WHATSAPP_OTP_RESEND_SECONDS = 30
    log_in(page, live_server, support_user.username)
    otp_url = open_the_walk_of_sales(page, live_server, account_a)

    page.get_by_role("button", name="Yes, send the code to this number").click()
    expect(page.get_by_role("heading", name="Send the code")).to_be_visible()
    expect(page).to_have_url(otp_url)  # swapped in place by htmx
    assert_accessible(page)

    page.get_by_label("Voice call").check()
    page.get_by_role("button", name="Send the code").click()
    expect(page.get_by_role("heading", name="Enter the code")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Code sent by a voice call to \+"))).to_be_visible()
    expect(page.get_by_role("button", name="Send a new code")).to_be_disabled()
    expect(page.get_by_text(re.compile(r"You can ask for a new code in \d+ s"))).to_be_visible()
    assert_accessible(page)

    code_box(page).fill("000000")
    page.get_by_role("button", name="Check the code").click()
    expect(page.get_by_text(re.compile("That code was not accepted"))).to_be_visible()
    expect(code_box(page)).to_have_value("000000")
    assert_accessible(page)

    # Mid-walk reload: the step comes from the profile's state at CM.com (code sent).
    page.reload()
    expect(page.get_by_role("heading", name="Enter the code")).to_be_visible()
    expect(page.get_by_text(re.compile(r"A code was sent by a voice call to \+"))).to_be_visible()
    assert_accessible(page)

    code_box(page).fill("123456")
    page.get_by_role("button", name="Check the code").click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible()
    expect(page.get_by_text(re.compile("it becomes active once approved"))).to_be_visible()
    expect(page.locator('[aria-current="step"]')).to_have_text("Done")
    assert_accessible(page)


def test_the_resend_button_wakes_up_when_the_wait_is_over(
    page: Page, live_server, account_a, support_user, settings
):
    settings.WHATSAPP_OTP_RESEND_SECONDS = 3
    log_in(page, live_server, support_user.username)
    open_the_walk_of_sales(page, live_server, account_a)
    page.get_by_role("button", name="Yes, send the code to this number").click()
    # Until htmx swaps the next step in, "Send the code" (a substring match) names the
    # "Yes, send the code…" button still on the page: clicking then confirmed twice, sent nothing.
    expect(page.get_by_role("heading", name="Send the code")).to_be_visible()
    page.get_by_role("button", name="Send the code", exact=True).click()
    resend = page.get_by_role("button", name="Send a new code")
    expect(resend).to_be_disabled()
    expect(resend).to_be_enabled(timeout=10_000)
    expect(page.get_by_text("You can ask for a new code now.")).to_be_attached()
    assert_accessible(page)
    resend.click()
    # The first code's toast may still be up (toasts stay 6 s): the newest one is this send's.
    expect(page.get_by_text(re.compile(r"^Code sent by SMS to \+")).last).to_be_visible()
    expect(page.get_by_role("heading", name="Enter the code")).to_be_visible()
    # A new code went out, so the wait starts over: the button sleeps again.
    expect(resend).to_be_disabled()
    expect(page.get_by_text(re.compile(r"You can ask for a new code in \d+ s"))).to_be_visible()
    assert_accessible(page)


def test_the_whatsapp_pages_fit_a_phone(page: Page, live_server, account_a, support_user):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, support_user.username)
    expect(page.get_by_role("heading", name="Account A", level=1)).to_be_visible()
    page.goto(f"{live_server.url}/a/{account_a.account_id}/whatsapp/")
    pages = [page.url, page.url + "profiles/"]
    page.goto(pages[1])
    pages.append(page.get_by_role("link", name=re.compile(r"Sales$")).get_attribute("href"))
    pages.append(pages[-1] + "otp/")
    for url in pages:
        page.goto(url if url.startswith("http") else f"{live_server.url}{url}")
        fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{page.url} is wider than a phone"
        assert_accessible(page)
