"""The template studio in a real browser: create a template, add a language and fields, type
the text and watch the preview and the checks follow, jump to a problem, save and submit; the
draft survives a reload; a failed save shows Retry; a rejected template is duplicated. Every
page and every state visited is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from dashboard.core import selectors as core_selectors
from dashboard.upstream import client_for
from tests.browser.conftest import assert_accessible, via_menu
from tests.dashboard_fixtures import PASSWORD

pytestmark = pytest.mark.browser

NBSP = "\u00a0"


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The bell shows once logged in, on a phone too ("Log out" is then inside "Menu").
    expect(page.locator("#bell")).to_be_visible()


def whatsapp_request_id(account) -> str:
    with client_for(account) as client:
        chosen = core_selectors.whatsapp_channel_request(
            client.channels.list_requests(take=100), client.channels.list_types(take=100)
        )
    assert chosen is not None
    return str(chosen.id)


def template_id(account, request_id: str, name: str) -> str:
    with client_for(account) as client:
        found = client.templates.list(request_id, q=name, take=50)
    return next(str(t.id) for t in found if t.name == name)


def test_a_marketer_creates_previews_checks_saves_and_submits_a_template(
    page: Page, live_server, account_a, marketing_user, sandbox
):
    request_id = whatsapp_request_id(account_a)
    log_in(page, live_server, marketing_user.username)
    via_menu(page, "WhatsApp", "Templates")
    expect(page.get_by_role("heading", name="WhatsApp templates", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(f"Templates of request {request_id}")).click()
    expect(page.get_by_role("link", name="order_confirmation")).to_be_visible()
    assert_accessible(page)

    # Search as you type: the list narrows without a reload, and the URL follows.
    page.get_by_label("Search by name").fill("payment")
    expect(page.get_by_role("link", name="order_confirmation")).to_have_count(0)
    expect(page.get_by_role("link", name="payment_received")).to_be_visible()
    expect(page).to_have_url(re.compile(r"\?q=payment"))
    page.get_by_label("Status").select_option("incomplete")
    expect(page.get_by_text("category and status are filtered here")).to_be_visible()
    expect(page.get_by_role("link", name="payment_received")).to_have_count(0)
    expect(page.get_by_role("link", name="payment_overdue")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="New template").click()
    assert_accessible(page)
    page.get_by_label("Name").fill("order_ready")
    page.get_by_label("Category").select_option(label="Utility")
    page.get_by_role("button", name="Create template").click()
    expect(page.get_by_role("heading", name="order_ready", level=1)).to_be_visible()
    expect(page.get_by_text("Add a language and write the message in it.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Add a language").select_option("Dutch")
    page.get_by_role("button", name="Add language").click()
    expect(page.get_by_label("Message in Dutch")).to_be_visible()
    page.get_by_label("New field's name").fill("customer_name")
    page.get_by_role("button", name="Add field").click()
    expect(page.get_by_label("Name of field {{1}}")).to_have_value("customer_name")
    page.get_by_label("New field's name").fill("total")
    page.get_by_label("New field's type").select_option("currency")
    page.get_by_label("New field's name").press("Enter")  # Enter adds the field
    expect(page.get_by_label("Name of field {{2}}")).to_have_value("total")
    page.get_by_label("Sample for field {{1}}").fill("Sanne")
    page.get_by_label("Sample for field {{2}}").fill("1234.5")

    text = page.get_by_label("Message in Dutch")
    text.fill("Hoi {{1}}, je bestelling van {{2}}")
    bubble = page.locator(".bubble[data-language='Dutch']")
    expect(bubble).to_have_text(f"Hoi Sanne, je bestelling van €{NBSP}1.234,50")
    problem = page.get_by_role("link", name="Dutch, character 30 ({{2}})")
    expect(problem).to_be_visible()
    expect(page.get_by_role("button", name="Request validation")).to_be_disabled()
    expect(page.get_by_text("not on CM.com until you save")).to_be_visible()
    assert_accessible(page)

    # The problem's link puts the cursor on the placeholder.
    problem.click()
    expect(text).to_be_focused()
    assert text.evaluate("e => [e.selectionStart, e.selectionEnd]") == [29, 34]
    text.press("End")
    text.type(" ligt klaar.")
    expect(bubble).to_have_text(f"Hoi Sanne, je bestelling van €{NBSP}1.234,50 ligt klaar.")
    expect(page.get_by_text("No problems: the text follows WhatsApp's rules.")).to_be_visible()
    expect(page.get_by_role("button", name="Request validation")).to_be_enabled()
    assert_accessible(page)

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#draft-state").get_by_text("Saved to CM.com.").first).to_be_visible()
    page.get_by_role("button", name="Request validation").click()
    expect(page.get_by_text("Validation requested: WhatsApp reviews the template")).to_be_visible()
    summary = page.locator("#studio-summary")
    expect(summary.get_by_text("Dutch: Validation requested")).to_be_visible()
    assert_accessible(page)


def test_the_draft_survives_a_reload_and_a_failed_save_shows_retry(
    page: Page, live_server, account_a, marketing_user, sandbox
):
    request_id = whatsapp_request_id(account_a)
    survey = template_id(account_a, request_id, "survey_request")
    url = f"{live_server.url}/a/{account_a.account_id}/whatsapp/{request_id}/templates/{survey}/"
    log_in(page, live_server, marketing_user.username)
    page.goto(url)
    text = page.get_by_label("Message in English (US)")
    text.fill("Hi {{1}}, how was your visit? Tell us in one minute.")
    expect(page.get_by_text("not on CM.com until you save")).to_be_visible()

    page.reload()  # the browser closed and opened again: the text is still there
    expect(page.get_by_label("Message in English (US)")).to_have_value(
        "Hi {{1}}, how was your visit? Tell us in one minute."
    )
    sandbox.fault(
        "PUT",
        f"/channels/v1/accounts/{account_a.account_id}/whatsapp/{request_id}/templates/{survey}",
        status=500,
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saving to CM.com failed.")).to_be_visible()
    expect(page.get_by_text("CM.com failed on its side (status 500)").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Retry").click()
    expect(page.locator("#draft-state").get_by_text("Saved to CM.com.").first).to_be_visible()
    expect(page.get_by_role("button", name="Retry")).to_have_count(0)
    assert_accessible(page)


def test_a_rejected_template_is_duplicated_and_the_copy_opens_and_fits_a_phone(
    page: Page, live_server, account_a, marketing_user, sandbox
):
    request_id = whatsapp_request_id(account_a)
    rejected = template_id(account_a, request_id, "spring_sale")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, marketing_user.username)
    page.goto(
        f"{live_server.url}/a/{account_a.account_id}/whatsapp/{request_id}/templates/{rejected}/"
    )
    alert = page.get_by_role("alert").filter(has_text="Rejected by WhatsApp")
    expect(alert).to_contain_text("The content may not end with a placeholder ({{2}}).")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    page.get_by_role("button", name="Duplicate as a new template").click()
    expect(page.get_by_role("heading", name="spring_sale_v2", level=1)).to_be_visible()
    expect(page.get_by_text("Copy made: fix what was rejected")).to_be_visible()
    expect(page.get_by_label("Message in English (US)")).to_have_value(
        re.compile(r"^Hi \{\{1\}\}, spring is here!")
    )
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)


def test_support_reads_a_template_without_editing_it(
    page: Page, live_server, account_a, support_user, sandbox
):
    request_id = whatsapp_request_id(account_a)
    renewal = template_id(account_a, request_id, "subscription_renewal")
    log_in(page, live_server, support_user.username)
    page.goto(
        f"{live_server.url}/a/{account_a.account_id}/whatsapp/{request_id}/templates/{renewal}/"
    )
    expect(page.get_by_role("heading", name="subscription_renewal", level=1)).to_be_visible()
    expect(page.get_by_role("textbox")).to_have_count(0)
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    expect(page.locator("#studio-summary").get_by_text("Dutch: Rejected")).to_be_visible()
    assert_accessible(page)


def test_a_field_is_deleted_in_place_and_the_parts_reload_after_a_save(
    page: Page, live_server, account_a, marketing_user, sandbox
):
    """A row's Delete has no hx-post of its own: the form's htmx request sends it to the
    button's formaction, and only the rows are swapped (the page is not reloaded)."""
    request_id = whatsapp_request_id(account_a)
    survey = template_id(account_a, request_id, "survey_request")
    log_in(page, live_server, marketing_user.username)
    page.goto(
        f"{live_server.url}/a/{account_a.account_id}/whatsapp/{request_id}/templates/{survey}/"
    )
    page.get_by_label("New field's name").fill("reward")
    page.get_by_role("button", name="Add field").click()
    expect(page.get_by_label("Name of field {{2}}")).to_have_value("reward")
    expect(page.get_by_label("New field's name")).to_have_value("")
    page.evaluate("() => { window.stillThisPage = true; }")
    page.get_by_role("button", name="Delete field {{2}}").click()
    expect(page.get_by_label("Name of field {{2}}")).to_have_count(0)
    expect(page.get_by_label("Name of field {{1}}")).to_be_visible()
    assert page.evaluate("() => window.stillThisPage === true")

    page.get_by_label("Name of field {{1}}").fill("first_name")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#draft-state").get_by_text("Saved to CM.com.").first).to_be_visible()
    expect(page.get_by_label("Name of field {{1}}")).to_have_value("first_name")
    assert page.evaluate("() => window.stillThisPage === true")
    assert_accessible(page)
