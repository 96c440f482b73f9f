"""Channels in a real browser: support opens a channel, adds a webhook, disables the webhooks,
edits the new webhook's URL and deletes it, all inline; an upstream 503 on save shows the
message with the form intact; requests show their progress and "Request a channel" states the
cost first. Every page visited is checked with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible
from tests.dashboard.channels.helpers import seeded
from tests.dashboard_fixtures import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def open_channel(page: Page, live_server, account, channel_id: str) -> None:
    page.get_by_role("navigation", name="Main").locator("summary", has_text="Channels").click()
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Channels", exact=True
    ).click()
    expect(page).to_have_url(f"{live_server.url}/a/{account.account_id}/channels/")
    expect(page.get_by_role("heading", name="Channels", level=1)).to_be_visible()
    assert_accessible(page)
    page.locator(f'a[href$="/channels/{channel_id}/"]').first.click()
    expect(page.get_by_role("heading", name="Inbound configuration")).to_be_visible()


def test_support_adds_disables_edits_and_deletes_a_webhook_inline(
    page: Page, live_server, account_a, support_user, sandbox
):
    ids = seeded(account_a)
    log_in(page, live_server, support_user.username)
    open_channel(page, live_server, account_a, ids.channel_id)
    channel_page = page.url
    assert_accessible(page)

    webhooks = page.locator("#webhook-items")
    webhooks.get_by_label("URL").fill("https://hooks.example.com/browser")
    webhooks.get_by_label("Method").select_option("PUT")
    webhooks.get_by_role("button", name="Add webhook").click()
    row = webhooks.locator("li", has_text="https://hooks.example.com/browser")
    expect(row).to_be_visible()
    expect(page.locator("#toasts")).to_contain_text(
        "Webhook added: https://hooks.example.com/browser"
    )
    assert page.url == channel_page  # swapped in place, no reload
    assert_accessible(page)

    switch = page.locator("#switch-webhook")
    if switch.get_by_role("button", name="Enable webhooks").count():
        switch.get_by_role("button", name="Enable webhooks").click()
        expect(page.locator("#switch-webhook .badge")).to_have_text("Enabled")
    page.locator("#switch-webhook").get_by_role("button", name="Disable webhooks").click()
    expect(page.locator("#switch-webhook .badge")).to_have_text("Disabled")
    expect(
        page.locator("#switch-webhook").get_by_role("button", name="Enable webhooks")
    ).to_be_visible()

    row.get_by_role("link", name="Edit webhook https://hooks.example.com/browser").click()
    form_row = webhooks.locator("li form")
    expect(form_row.get_by_label("URL")).to_have_value("https://hooks.example.com/browser")
    assert_accessible(page)
    form_row.get_by_label("URL").fill("https://hooks.example.com/edited")
    form_row.get_by_role("button", name="Save webhook").click()
    edited = webhooks.locator("li", has_text="https://hooks.example.com/edited")
    expect(edited).to_be_visible()
    expect(webhooks.locator("li", has_text="https://hooks.example.com/browser")).to_have_count(0)

    edited.get_by_role("link", name="Delete webhook https://hooks.example.com/edited").click()
    expect(webhooks.get_by_text("CM.com will stop sending inbound messages to it.")).to_be_visible()
    assert_accessible(page)
    webhooks.get_by_role("button", name="Delete webhook").click()
    expect(webhooks.locator("li", has_text="https://hooks.example.com/edited")).to_have_count(0)
    expect(page.locator("#toasts")).to_contain_text(
        "Webhook deleted: https://hooks.example.com/edited"
    )

    methods = [e["method"] for e in sandbox.log() if e["method"] != "GET"]
    # Added (POST), switched (a PUT, two when it had to be enabled first), edited, deleted.
    assert methods[0] == "POST"
    assert methods[-1] == "DELETE"
    assert methods.count("PUT") in (2, 3)


def test_an_upstream_503_on_save_shows_the_message_with_the_form_intact(
    page: Page, live_server, account_a, support_user, sandbox
):
    ids = seeded(account_a)
    log_in(page, live_server, support_user.username)
    open_channel(page, live_server, account_a, ids.channel_id)
    row = page.locator(f"#webhook-{ids.webhook_id}")
    row.get_by_role("link", name="Edit webhook").click()
    form = row.locator("form")
    form.get_by_label("URL").fill("https://typed.example.com/keep-me")
    form.get_by_label("Type").select_option("Custom")
    sandbox.fault("PUT", "/accounts/*", status=503, count=10)
    form.get_by_role("button", name="Save webhook").click()
    message = row.get_by_role("alert")
    expect(message).to_contain_text("The webhook was not saved.")
    expect(message).to_contain_text("CM.com failed on its side (status 503)")
    expect(row.get_by_label("URL")).to_have_value("https://typed.example.com/keep-me")
    expect(row.get_by_label("Type")).to_have_value("Custom")
    assert_accessible(page)


def test_a_pending_request_shows_its_progress_and_requesting_a_channel_states_the_cost(
    page: Page, live_server, account_a, support_user, sandbox
):
    ids = seeded(account_a)
    log_in(page, live_server, support_user.username)
    page.get_by_role("navigation", name="Main").locator("summary", has_text="Channels").click()
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Channel requests", exact=True
    ).click()
    expect(page.get_by_role("heading", name="Channel requests", level=1)).to_be_visible()
    assert_accessible(page)
    page.locator(f'a[href$="/requests/{ids.pending_whatsapp_request_id}/"]').click()
    expect(page.locator("progress")).to_be_visible()
    expect(page.get_by_text("Action required:")).to_be_visible()
    expect(page.locator('[aria-current="step"]')).to_contain_text("Documents")
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").locator("summary", has_text="Channels").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Channel types").click()
    assert_accessible(page)
    page.get_by_role("link", name="Request a WhatsApp channel").click()
    confirm = page.locator("#request-confirm")
    expect(confirm).to_contain_text("This costs EUR 250.00 to start and EUR 50.00 a month.")
    assert page.url.endswith("/channel-types/")  # opened in place
    assert_accessible(page)
    confirm.get_by_role("button", name="Yes, request a WhatsApp channel").click()
    expect(page.get_by_role("heading", name="WhatsApp channel request", level=1)).to_be_visible()
    expect(page.locator("#toasts")).to_contain_text("WhatsApp requested.")
    assert_accessible(page)


def test_the_channel_page_fits_a_phone(page: Page, live_server, account_a, support_user, sandbox):
    ids = seeded(account_a)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, support_user.username)
    page.goto(f"{live_server.url}/a/{account_a.account_id}/channels/{ids.channel_id}/")
    expect(page.get_by_role("heading", name="Inbound configuration")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
