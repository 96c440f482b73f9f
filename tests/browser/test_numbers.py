"""Numbers and keywords in a real browser: claim a keyword and cancel it, request a number
after its dry run, filter with htmx. Every page visited is checked with axe-core."""

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
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def writes(sandbox) -> list[tuple[str, str, bool]]:
    """(method, last path segment, simulated) of every write the sandbox received."""
    return [
        (
            entry["method"],
            entry["path"].rstrip("/").rsplit("/", 1)[-1],
            entry["params"].get("simulate") == ["true"],
        )
        for entry in sandbox.log()
        if entry["method"] in ("POST", "PUT", "DELETE")
    ]


def test_a_support_person_claims_a_keyword_after_its_dry_run_and_cancels_it(
    page: Page, live_server, account_a, support_user, sandbox
):
    log_in(page, live_server, support_user.username)
    page.get_by_role("navigation", name="Main").locator("summary", has_text="SMS").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Keywords").click()
    expect(page.get_by_role("heading", name="Keywords", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Claim a keyword").click()
    expect(page.get_by_role("heading", name="Claim a keyword")).to_be_visible()
    assert_accessible(page)
    number = page.get_by_role("combobox", name="Phone number:")
    number.select_option(label="3010 — shared NL short code")
    page.get_by_role("textbox", name="Keyword:").fill(" pizza ")
    page.get_by_role("button", name="Check cost").click()

    expect(page.get_by_role("heading", name="Claim PIZZA on 3010?")).to_be_visible()
    expect(page.get_by_text("This was a dry run: nothing has been claimed yet.")).to_be_visible()
    expect(page.get_by_text("EUR 50.00").first).to_be_visible()
    assert writes(sandbox) == [("POST", "keywords", True)]
    assert_accessible(page)

    page.get_by_role("button", name=re.compile(r"^Claim PIZZA for EUR 50\.00 now")).click()
    expect(page.get_by_text("PIZZA is claimed on 3010.")).to_be_visible()
    expect(page.get_by_role("link", name="PIZZA on 3010")).to_be_visible()
    assert writes(sandbox) == [("POST", "keywords", True), ("POST", "keywords", False)]
    assert_accessible(page)

    page.get_by_role("link", name="PIZZA on 3010").click()
    expect(page.get_by_role("heading", name="PIZZA", level=1)).to_be_visible()
    expect(page.get_by_text("CM.com finds nothing wrong with this claim.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Cancel this claim").click()
    expect(page.get_by_text("It is blocked at once.")).to_be_visible()
    expect(page.get_by_text("It is billed to the end of the month.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel the keyword PIZZA").click()

    expect(page.get_by_text("PIZZA on 3010 is cancelled")).to_be_visible()
    expect(page.get_by_role("link", name="PIZZA on 3010")).to_have_count(0)
    assert [w[0] for w in writes(sandbox)] == ["POST", "POST", "DELETE"]
    assert_accessible(page)


def test_backing_out_of_a_claim_sends_nothing_but_the_dry_run(
    page: Page, live_server, account_a, support_user, sandbox
):
    log_in(page, live_server, support_user.username)
    page.goto(f"{live_server.url}/a/{account_a.account_id}/keywords/claim/")
    number = page.get_by_role("combobox", name="Phone number:")
    number.select_option(label="60777 — shared GB short code")
    page.get_by_role("textbox", name="Keyword:").fill("quiz2")
    page.get_by_role("button", name="Check cost").click()
    expect(page.get_by_text("GBP 58.00").first).to_be_visible()
    page.get_by_role("link", name="Change it or go back").click()
    expect(page.get_by_role("textbox", name="Keyword:")).to_have_value("QUIZ2")
    assert_accessible(page)
    assert writes(sandbox) == [("POST", "keywords", True)]


def test_a_support_person_requests_a_number_after_its_dry_run(
    page: Page, live_server, account_a, support_user, sandbox
):
    log_in(page, live_server, support_user.username)
    page.goto(f"{live_server.url}/a/{account_a.account_id}/numbers/types/")
    assert_accessible(page)
    # Filtering swaps the panel with htmx and keeps the URL shareable.
    page.get_by_role("textbox", name="Country:").fill("NL")
    page.get_by_role("combobox", name="Type:").select_option("MOBILE")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"country=NL&type=MOBILE"))
    expect(page.get_by_text("A Belgian mobile number")).to_have_count(0)
    page.get_by_role("button", name="Check cost of requesting A Dutch mobile number").click()

    expect(page.get_by_role("heading", name="Request A Dutch mobile number?")).to_be_visible()
    expect(page.get_by_text("This was a dry run: nothing has been requested yet.")).to_be_visible()
    assert writes(sandbox) == [("POST", "requests", True)]
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Request this number for EUR 25\.00")).click()

    expect(
        page.get_by_text(re.compile(r"Requested: A Dutch mobile number\. Expected by"))
    ).to_be_visible()
    expect(page.get_by_text("Not assigned yet")).to_have_count(4)
    assert writes(sandbox) == [("POST", "requests", True), ("POST", "requests", False)]
    assert_accessible(page)


def test_a_marketing_person_browses_numbers_and_exports_but_cannot_spend(
    page: Page, live_server, account_a, marketing_user
):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, marketing_user.username)
    # On a phone the menu is one button; SMS is a group in it.
    page.get_by_role("navigation", name="Main").get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Main").locator("summary", has_text="SMS").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Numbers").click()
    expect(page.get_by_role("heading", name="Phone numbers", level=1)).to_be_visible()
    expect(page.get_by_text("Claim a keyword")).to_have_count(0)
    expect(page.get_by_text("Request a dedicated number")).to_have_count(0)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export these numbers as CSV").click()
    assert download.value.suggested_filename.startswith("numbers-")
    for path in ("numbers/requests/", "keywords/", "numbers/types/"):
        page.goto(f"{live_server.url}/a/{account_a.account_id}/{path}")
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert_accessible(page)
