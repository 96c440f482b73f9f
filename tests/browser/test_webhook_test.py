""" "Send a test event" in a real browser: support tests a webhook that answers 200 and one that
times out; each result shows in place, with the endpoint's last tests, and the page stays
accessible (axe)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from dashboard.upstream import client_for
from tests.browser.conftest import assert_accessible
from tests.browser.test_channels import log_in, open_channel
from tests.dashboard.channels.helpers import seeded
from tests.dashboard.core.outbound_servers import running

pytestmark = pytest.mark.browser


def test_support_tests_a_webhook_that_answers_and_one_that_times_out(
    page: Page, live_server, account_a, support_user, sandbox, settings
):
    ids = seeded(account_a)
    with running(slow_seconds=4) as receiver:
        settings.WEBHOOK_TEST_ALLOWED = [f"127.0.0.1:{receiver.server_address[1]}"]
        settings.WEBHOOK_TEST_TIMEOUT_SECONDS = 1
        with client_for(account_a) as client:
            client.configuration.update_webhook(
                ids.channel_id, ids.webhook_id, url=receiver.url("/cm/inbound")
            )
            client.configuration.update_event_webhook(
                ids.channel_id, ids.event_webhook_id, url=receiver.url("/slow")
            )
        log_in(page, live_server, support_user.username)
        open_channel(page, live_server, account_a, ids.channel_id)
        channel_page = page.url

        row = page.locator(f"#webhook-{ids.webhook_id}")
        row.get_by_role("button", name="Send a test event").click()
        result = page.locator(f"#probe-webhook-{ids.webhook_id}")
        expect(result).to_contain_text("Answered 200")
        expect(result).to_contain_text("the demo webhook receiver")
        expect(result).to_contain_text(support_user.username)
        assert page.url == channel_page  # in place, no reload
        assert_accessible(page)

        events = page.locator("#event-webhook")
        events.get_by_role("button", name="Send a test event").click()
        slow = page.locator(f"#probe-event-webhook-{ids.event_webhook_id}")
        expect(slow).to_contain_text("No answer within 1 s (timeout)", timeout=10_000)
        assert_accessible(page)
        assert [r.path for r in receiver.received] == ["/cm/inbound", "/slow"]
