"""Review before anything leaves the building, in a real browser: marketing asks for review
of a template's validation and an admin approves it (sent once to CM.com); a second marketer
sends one back with a comment the author sees on the template. Every page and state visited
is checked with axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard.people.models import Role
from dashboard.reviews.models import Review, ReviewPolicy, ReviewState
from tests.browser.conftest import assert_accessible, via_menu
from tests.browser.test_studio import log_in, template_id, whatsapp_request_id
from tests.dashboard_fixtures import make_person

pytestmark = pytest.mark.browser

FIXED = "Hi {{1}}, spring is here! Enjoy 20% off everything this week."


def _second_page(browser: Browser) -> Page:
    """Another person's browser (its own cookies), as the page fixture's is set up."""
    return browser.new_context(bypass_csp=True).new_page()


def _ask_for_review(page: Page, live_server: Any, account: Any, author: Any) -> str:
    """The author opens spring_sale, fixes its text and asks for review; its id."""
    request_id = whatsapp_request_id(account)
    spring = template_id(account, request_id, "spring_sale")
    log_in(page, live_server, author.username)
    page.goto(f"{live_server.url}/a/{account.account_id}/whatsapp/{request_id}/templates/{spring}/")
    expect(page.get_by_role("button", name="Ask for review")).to_be_visible()
    page.get_by_label("Message in English (US)").fill(FIXED)
    expect(page.get_by_role("button", name="Ask for review")).to_be_enabled()
    page.get_by_role("button", name="Ask for review").click()
    expect(page.get_by_text("Review asked: nothing is sent to CM.com")).to_be_visible()
    expect(page.get_by_text(re.compile("Waiting for review since .* asked by mia"))).to_be_visible()
    expect(page.get_by_role("button", name="Ask for review")).to_have_count(0)
    assert_accessible(page)
    return spring


def _validate_posts(sandbox: Any, template: str) -> list[str]:
    return [
        entry["path"]
        for entry in sandbox.log()
        if entry["method"] == "POST" and entry["path"].endswith(f"/templates/{template}/validate")
    ]


def test_marketing_asks_for_review_and_an_admin_approves(
    page: Page, browser: Browser, live_server, account_a, marketing_user, admin_user, sandbox
):
    ReviewPolicy.objects.create(account=account_a, template_validation=True)
    spring = _ask_for_review(page, live_server, account_a, marketing_user)
    assert _validate_posts(sandbox, spring) == []  # nothing reaches CM.com while it waits

    admin = _second_page(browser)
    log_in(admin, live_server, admin_user.username)
    admin.goto(f"{live_server.url}/a/{account_a.account_id}/")
    via_menu(admin, "Approvals", "Reviews")
    expect(admin.get_by_role("heading", name="Account A: reviews")).to_be_visible()
    expect(admin.get_by_text(re.compile(r"waiting \d+"))).to_be_visible()
    assert_accessible(admin)
    admin.get_by_role("link", name="Template spring_sale").click()
    expect(admin.get_by_role("heading", name="Review: Template spring_sale")).to_be_visible()
    expect(admin.get_by_text("Request validation of spring_sale")).to_be_visible()
    assert_accessible(admin)
    admin.get_by_role("button", name="Approve and send to CM.com").click()
    expect(admin.get_by_text("Approved by ada")).to_be_visible()
    expect(admin.get_by_text(re.compile("Validation requested")).first).to_be_visible()
    assert_accessible(admin)

    assert len(_validate_posts(sandbox, spring)) == 1
    review = Review.objects.get()
    assert (review.state, review.reviewer) == (ReviewState.SENT, admin_user)
    # The author's editor now shows the template as CM.com has it: validation requested.
    page.reload()
    summary = page.locator("#studio-summary")
    expect(summary.get_by_text("English (US): Validation requested")).to_be_visible()
    assert_accessible(page)
    admin.context.close()


def test_a_reviewer_sends_back_and_the_author_sees_the_comment_on_the_template(
    page: Page, browser: Browser, live_server, account_a, marketing_user, sandbox
):
    ReviewPolicy.objects.create(account=account_a, template_validation=True)
    reviewer = make_person("max", Role.MARKETING, first_name="Max")
    account_a.users.add(reviewer)
    _ask_for_review(page, live_server, account_a, marketing_user)

    other = _second_page(browser)
    log_in(other, live_server, reviewer.username)
    other.goto(f"{live_server.url}/reviews/")
    expect(other.get_by_role("heading", name="Reviews in your accounts")).to_be_visible()
    other.get_by_role("link", name="Template spring_sale").click()
    # Without words, the comment is asked for in place.
    other.get_by_role("button", name="Send back to mia").click()
    expect(
        other.get_by_text("Say what should change: the author sees your comment.")
    ).to_be_visible()
    assert_accessible(other)
    comment = "Say which products: everything is too broad."
    other.get_by_label("What should change").fill(comment)
    other.get_by_role("button", name="Send back to mia").click()
    expect(other.get_by_text("Sent back", exact=True)).to_be_visible()
    assert_accessible(other)

    page.reload()
    expect(page.get_by_text("Sent back by max")).to_be_visible()
    expect(page.get_by_text(comment)).to_be_visible()
    expect(page.get_by_role("button", name="Ask for review")).to_be_visible()
    assert_accessible(page)
    assert not [e for e in sandbox.log() if e["method"] == "POST" and "/validate" in e["path"]]
    other.context.close()
