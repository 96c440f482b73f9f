"""Spending under review in a real browser (issue 15): a support person asks for review of a
keyword claim after its dry run, and an admin sees its cost and approves; the sandbox's log
shows nothing but the dry run until the approval, which claims once. Every page is checked
with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from dashboard.reviews.models import ReviewPolicy
from tests.browser.conftest import assert_accessible
from tests.browser.test_numbers import log_in, writes

pytestmark = pytest.mark.browser


def test_a_claim_waits_for_review_and_an_admin_approves_it_once(
    page: Page, browser, live_server, account_a, support_user, admin_user, sandbox
):
    ReviewPolicy.objects.create(account=account_a, keyword_claim=True)
    log_in(page, live_server, support_user.username)
    page.goto(f"{live_server.url}/a/{account_a.account_id}/keywords/claim/")
    page.get_by_role("combobox", name="Phone number:").select_option(
        label="3010 — shared NL short code"
    )
    page.get_by_role("textbox", name="Keyword:").fill("pasta")
    page.get_by_role("button", name="Check cost").click()
    expect(page.get_by_role("heading", name="Claim PASTA on 3010?")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Claim PASTA for"))).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("button", name="Ask for review").click()
    expect(page.get_by_text("Review asked: nothing is sent to CM.com")).to_be_visible()
    expect(
        page.get_by_text("You asked for this review: another person has to decide it.")
    ).to_be_visible()
    expect(page.get_by_text("EUR 50.00").first).to_be_visible()
    assert writes(sandbox) == [("POST", "keywords", True)]
    assert_accessible(page)
    review_url = page.url

    admin = browser.new_context(bypass_csp=True).new_page()
    log_in(admin, live_server, admin_user.username)
    admin.goto(review_url)
    expect(admin.get_by_text("Claim the keyword PASTA on 3010")).to_be_visible()
    expect(admin.get_by_role("definition").filter(has_text="EUR 50.00")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_role("button", name="Approve and send to CM.com").click()
    expect(admin.get_by_text("PASTA is claimed on 3010.").first).to_be_visible()
    assert_accessible(admin)
    assert writes(sandbox) == [
        ("POST", "keywords", True),
        ("POST", "keywords", True),
        ("POST", "keywords", False),
    ]
