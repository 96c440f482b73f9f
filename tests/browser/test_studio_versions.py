"""A template's version history in a real browser: from the editor to the history, compare two
versions (the changed word marked and said in words), restore the older one into the draft
(nothing sent to CM.com) and see the editor say so. Every page is checked with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from dashboard.studio import drafts, services
from dashboard.upstream import client_for
from tests.browser.conftest import assert_accessible
from tests.browser.test_studio import log_in, template_id, whatsapp_request_id

pytestmark = pytest.mark.browser

FIRST = "Hi {{1}}, how was your visit? Answer three questions and win a prize."
SECOND = "Hi {{1}}, how was your stay? Answer three questions and win a prize."


def _save(account, user, request_id: str, tid: str, text: str) -> None:
    with client_for(account) as client:
        template = client.templates.get(request_id, tid)
    draft = services.draft_open(account=account, request_id=request_id, template=template)
    services.draft_save(
        actor=user, draft=draft, typed=drafts.Typed(contents={"English (US)": text})
    )
    assert services.template_push(actor=user, account=account, draft=draft).ok


def test_a_marketer_compares_two_versions_and_restores_the_older_one(
    page: Page, live_server, account_a, marketing_user, sandbox
):
    request_id = whatsapp_request_id(account_a)
    tid = template_id(account_a, request_id, "survey_request")
    _save(account_a, marketing_user, request_id, tid, FIRST)
    _save(account_a, marketing_user, request_id, tid, SECOND)

    log_in(page, live_server, marketing_user.username)
    page.goto(f"{live_server.url}/a/{account_a.account_id}/whatsapp/{request_id}/templates/{tid}/")
    page.get_by_role("link", name="History (2 versions)").click()
    expect(page.get_by_role("heading", name="History of survey_request", level=1)).to_be_visible()
    expect(page.get_by_role("rowheader", name="Version 2")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Compare version").select_option("1")
    page.get_by_label("with version").select_option("2")
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"versions/compare/\?a=1&b=2$"))
    expect(page.get_by_text("English (US): changed")).to_be_visible()
    expect(page.locator("del", has_text="visit?")).to_be_visible()
    expect(page.locator("ins", has_text="stay?")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="History").click()
    sandbox.clear_log()
    page.get_by_role("button", name="Restore version 1 into the draft").click()
    expect(
        page.get_by_text("Version 1 is in the draft. Nothing is sent to CM.com until you save.")
    ).to_be_visible()
    expect(page.locator("#draft-state")).to_contain_text("not on CM.com until you save")
    expect(page.locator("#studio-editor textarea").first).to_have_value(FIRST)
    assert_accessible(page)
    assert [entry for entry in sandbox.log() if entry["method"] != "GET"] == []
