"""Copying templates to another account in a real browser, as a marketer who authors
templates in both demo accounts: tick three templates, choose the other account (its WhatsApp
request is found for them), see the preview say one name is taken there, give that one a new
name, copy, and read on the run's page that all three were copied. Every page is checked with
axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_studio import log_in, whatsapp_request_id
from tests.dashboard.copying.conftest import Side

pytestmark = pytest.mark.browser

TEXT = {"English (US)": "Hello {{1}}, your order is ready. Thank you!"}


def test_a_marketer_copies_three_templates_to_the_other_account_with_one_name_clash(
    page: Page, live_server, account_a, account_b, marketing_user, sandbox
):
    account_b.users.add(marketing_user)  # the marketer authors templates in both accounts
    source = Side(account_a, whatsapp_request_id(account_a))
    target = Side(account_b, whatsapp_request_id(account_b))
    for name in ("ready_one", "ready_two", "ready_three"):
        source.make(name, TEXT, [("first_name", "text")])
    target.make("ready_two", {"English (US)": "Already in account B, thanks."})

    log_in(page, live_server, marketing_user.username)
    page.goto(f"{live_server.url}/a/{account_a.account_id}/whatsapp/{source.request_id}/templates/")
    page.get_by_role("button", name="Copy to another account").click()
    expect(page.get_by_role("heading", name="Copy templates to another account")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Search by name").fill("ready_")
    page.get_by_role("button", name="Search").click()
    for name in ("ready_one", "ready_two", "ready_three"):
        page.get_by_label(name, exact=True).check()
    page.get_by_label("Account", exact=True).select_option(label="Account B")
    # The other account's live WhatsApp request comes in its place, chosen.
    expect(page.get_by_role("radio", name=re.compile(target.request_id))).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Preview the copy").click()

    expect(page.get_by_role("heading", name="Copy 3 templates to Account B")).to_be_visible()
    expect(page.get_by_text("Already exists by name in the target: skipped.")).to_be_visible()
    expect(page.get_by_text("Will be created.")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("radio", name="Create it under a new name").check()
    page.get_by_role("textbox", name="New name for ready_two").fill("ready_two_b")
    page.get_by_role("button", name="Copy", exact=True).click()

    expect(page.get_by_text("3 copied, 0 skipped, 0 not copied.")).to_be_visible()
    expect(page.get_by_role("link", name="ready_two_b")).to_be_visible()
    assert_accessible(page)
    assert len(target.named("ready_two_b")) == 1
    assert target.named("ready_two")[0].languages["English (US)"].content == (
        "Already in account B, thanks."
    )
