"""The template list's pager in a real browser: the next page swaps only the rows and the
pager (sent out of band), the URL follows, and the rows link to their templates."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_studio import log_in, whatsapp_request_id

pytestmark = pytest.mark.browser


def test_paging_swaps_the_rows_and_the_pager_and_the_rows_open_their_template(
    page: Page, live_server, account_a, marketing_user, sandbox
):
    request_id = whatsapp_request_id(account_a)
    log_in(page, live_server, marketing_user.username)
    page.goto(f"{live_server.url}/a/{account_a.account_id}/whatsapp/{request_id}/templates/")
    expect(page.get_by_role("link", name="order_confirmation")).to_be_visible()
    page.locator("#template-rows").evaluate("e => e.dataset.first = 'yes'")
    page.locator("form.template-filters").evaluate("e => e.dataset.kept = 'yes'")

    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(page.get_by_role("link", name="boarding_pass")).to_be_visible()
    expect(page.get_by_role("link", name="order_confirmation")).to_have_count(0)
    expect(page.get_by_text("Page 2")).to_be_visible()
    expect(page.get_by_role("link", name="Next page")).to_have_count(0)
    # The rows were swapped, not the page: the filters above are the same element.
    expect(page.locator("#template-rows[data-first]")).to_have_count(0)
    expect(page.locator("form.template-filters[data-kept]")).to_have_count(1)
    expect(page.get_by_role("columnheader", name="Languages")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Previous page").click()
    expect(page.get_by_role("link", name="order_confirmation")).to_be_visible()
    page.get_by_role("link", name="order_confirmation").click()
    expect(page.get_by_role("heading", name="order_confirmation", level=1)).to_be_visible()
