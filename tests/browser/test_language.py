"""The dashboard in Dutch in a real browser (issue 18): a browser that asks for Dutch gets
the login page, the menus and the pages in Dutch, marked ``lang="nl"`` for screen readers,
and axe finds nothing serious on them; the person then picks English on /me/language/ and the
whole dashboard follows, whatever the browser asks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard.core.catalogues import compile_catalogue
from tests.browser.conftest import assert_accessible
from tests.dashboard_fixtures import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def dutch_page(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[Page]:
    """A browser whose person reads Dutch (it sends Accept-Language: nl-NL)."""
    compile_catalogue("nl")
    context = browser.new_context(**browser_context_args, locale="nl-NL")
    yield context.new_page()
    context.close()


def test_a_dutch_browser_gets_the_dashboard_in_dutch_and_it_stays_accessible(
    dutch_page: Page, live_server, account_a, admin_user
):
    page = dutch_page
    page.goto(f"{live_server.url}/login/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", name="Inloggen", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill(admin_user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.locator("summary", has_text="Kanalen")).to_be_visible()
    expect(nav.get_by_role("button", name="Uitloggen")).to_be_attached()
    assert_accessible(page)

    page.goto(f"{live_server.url}/a/{account_a.account_id}/channels/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Kanaaltypen").first).to_be_attached()
    assert_accessible(page)

    page.goto(f"{live_server.url}/manage/people/")
    expect(page.get_by_role("heading", name="Personen", level=1)).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/me/language/")
    expect(page.get_by_role("heading", name="Mijn taal", level=1)).to_be_visible()
    assert_accessible(page)


def test_a_person_who_picks_english_reads_english_in_a_dutch_browser(
    dutch_page: Page, live_server, admin_user
):
    page = dutch_page
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Gebruikersnaam").fill(admin_user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Taal: Nederlands").click()
    page.get_by_label("Taal").select_option("en-gb")
    page.get_by_role("button", name="Taal opslaan").click()

    expect(page.get_by_role("heading", name="My language", level=1)).to_be_visible()
    expect(page.get_by_text("Language saved.")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en-gb")
    assert_accessible(page)
    page.goto(f"{live_server.url}/manage/people/")
    expect(page.get_by_role("heading", name="People", level=1)).to_be_visible()
    assert_accessible(page)
