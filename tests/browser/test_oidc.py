"""Company login in a real browser against the real OpenID provider (tests/oidc/): "Sign in
with…" on the login page, the provider's own sign-in page, and back in the dashboard with the
role and accounts the person's group maps to. The login page is checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from dashboard.sso.models import GroupMapping
from tests.browser.conftest import assert_accessible
from tests.oidc.fixtures import *  # noqa: F403

pytestmark = pytest.mark.browser


def test_a_person_signs_in_with_the_company_in_the_browser_and_sees_their_account(
    page: Page, live_server: Any, company_login: Any, account_a: Any, account_b: Any
):
    provider = company_login(live_server.url)
    mapping = GroupMapping.objects.create(group="support-team", role="support")
    mapping.accounts.set([account_a])
    provider.add_person("browser-bo", groups=["support-team"])

    page.goto(f"{live_server.url}/login/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in with Example Corp").click()

    expect(page.get_by_role("heading", name="Company sign-in")).to_be_visible()
    assert page.url.startswith(provider.issuer)
    page.get_by_label("User name").fill("browser-bo")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    # Home for a person with one account is that account's overview.
    assert page.url == f"{live_server.url}/a/{account_a.account_id}/"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    answer = page.goto(f"{live_server.url}/a/{account_b.account_id}/")
    assert answer is not None
    assert answer.status == 404
