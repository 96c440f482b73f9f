"""The pending tracker in a real browser: the board with "Poll now" swapped in place, the bell
that counts and clears, and the subscriptions form. Every page visited is checked with axe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from dashboard.celery import app as celery_app
from dashboard.tracker import services
from dashboard.tracker.models import Notification, PollRun
from tests.browser.conftest import assert_accessible
from tests.dashboard_fixtures import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """ "Poll now" runs its poll inline in the live server's thread."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def log_in(page: Page, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The bell shows once logged in, on a phone too ("Log out" is then inside "Menu").
    expect(page.locator("#bell")).to_be_visible()


def test_support_polls_an_account_now_and_sees_what_is_pending(
    page: Page,
    live_server: Any,
    account_a: Any,
    support_user: Any,
    sandbox: Any,
    eager_celery: None,
) -> None:
    log_in(page, live_server, support_user.username)
    page.get_by_role("navigation", name="Main").locator("summary", has_text="All accounts").click()
    page.get_by_role("link", name="All pending").click()
    expect(page.get_by_role("heading", name="Pending in your accounts")).to_be_visible()
    expect(page.get_by_text("Nothing is pending.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Poll now Account A").click()

    # The panel is swapped in place and the board, told by the event, reloads itself.
    expect(page.locator("#toasts").get_by_text("Polling Account A now")).to_be_visible()
    expect(page.get_by_role("heading", name="Number requests")).to_be_visible()
    expect(page.get_by_role("cell", name="A Dutch mobile number (NL)")).to_be_visible()
    expect(page.get_by_text("Action required", exact=True)).to_be_visible()
    assert page.url == f"{live_server.url}/pending/"
    assert PollRun.objects.filter(account=account_a).count() == 1
    assert_accessible(page)

    page.get_by_role("button", name="Poll now Account A").click()
    refused = page.locator(f"#poll-{account_a.account_id}").get_by_role("status")
    expect(refused).to_contain_text("was polled by hand less than a minute ago — try again at")
    assert_accessible(page)


def test_the_bell_counts_new_notifications_and_clears_when_read(
    page: Page, live_server: Any, account_a: Any, marketing_user: Any, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    sandbox.advance(120)
    services.account_poll(account=account_a, run_key="manual:2")
    unread = Notification.objects.filter(person=marketing_user).count()
    assert unread > 0

    log_in(page, live_server, marketing_user.username)
    bell = page.locator("#bell")
    expect(bell).to_contain_text(f"{unread} unread")
    assert_accessible(page)
    bell.click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    expect(page.get_by_text("Validation requested → Approved").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name=f"Mark all {unread} as read").click()
    expect(page.get_by_role("button", name=f"Mark all {unread} as read")).to_have_count(0)
    expect(bell).not_to_contain_text("unread")  # refreshed by the tracker-changed event
    assert not Notification.objects.filter(person=marketing_user, read_at=None).exists()
    assert Notification.objects.filter(read_at__lte=timezone.now()).count() >= unread


def test_a_person_subscribes_to_template_emails(
    page: Page, live_server: Any, account_a: Any, marketing_user: Any
) -> None:
    log_in(page, live_server, marketing_user.username)
    page.goto(f"{live_server.url}/notifications/subscriptions/")
    expect(page.get_by_role("heading", name="E-mail subscriptions")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Account A: WhatsApp templates").check()
    page.get_by_role("button", name="Save subscriptions").click()

    expect(page.get_by_text("Subscriptions saved (1 added, 0 removed).")).to_be_visible()
    expect(page.get_by_label("Account A: WhatsApp templates")).to_be_checked()
    assert_accessible(page)


def test_the_board_and_the_notifications_fit_a_phone(
    page: Page, live_server: Any, account_a: Any, support_user: Any, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, support_user.username)
    for path in ("pending/", f"a/{account_a.account_id}/pending/", "notifications/"):
        page.goto(f"{live_server.url}/{path}")
        fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"/{path} is wider than a phone"
        assert_accessible(page)
