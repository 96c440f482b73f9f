"""A Retry-After longer than a person should wait answers "try again at …" on the page, at once,
end to end from CM.com's 429 to the page's words; a nonsensical one does not break the page."""

from __future__ import annotations

import time
from datetime import timedelta
from email.utils import format_datetime

from django.utils import timezone

from tests.dashboard.channels.helpers import seeded
from tests.dashboard.security.helpers import api_prefix, calls_for, channels_url, shown_times


def _channels(account):
    return f"{api_prefix(account)}/channels"


def _try_again_at(page: str) -> str:
    marker = "Too many requests to CM.com — try again at "
    assert marker in page
    return page.split(marker, 1)[1][:5]


def test_a_long_retry_after_says_try_again_at_without_waiting(support_client, account_a, sandbox):
    sandbox.fault("GET", _channels(account_a), status=429, retry_after="120")
    started = time.monotonic()

    response = support_client.get(channels_url(account_a))

    assert time.monotonic() - started < 3  # not the two minutes CM.com asked for
    assert response.status_code == 200
    assert _try_again_at(response.content.decode()) in shown_times(120)
    channel_calls = [e for e in calls_for(sandbox, account_a) if e["path"] == _channels(account_a)]
    assert len(channel_calls) == 1  # asked once; a wait that does not fit is not waited for


def test_a_retry_after_given_as_a_date_says_the_same(support_client, account_a, sandbox):
    when = timezone.now() + timedelta(minutes=10)
    sandbox.fault(
        "GET", _channels(account_a), status=429, retry_after=format_datetime(when, usegmt=True)
    )
    page = support_client.get(channels_url(account_a)).content.decode()
    assert _try_again_at(page) in shown_times(600)


def test_the_rest_of_the_page_still_shows(support_client, account_a, sandbox):
    request_id = seeded(account_a).live_whatsapp_request_id
    business = f"{api_prefix(account_a)}/whatsapp/{request_id}/businessaccount"
    sandbox.fault("GET", business, status=429, retry_after="120")
    page = support_client.get(f"/a/{account_a.account_id}/whatsapp/{request_id}/").content.decode()
    assert "The business account could not be loaded from CM.com" in page
    assert _try_again_at(page) in shown_times(120)
    assert "Active (" in page  # the languages, read at the same time, still show


def test_a_reload_before_then_does_not_ask_cm_com_again(support_client, account_a, sandbox):
    sandbox.fault("GET", _channels(account_a), status=429, retry_after="120")
    support_client.get(channels_url(account_a))
    sandbox.clear_log()

    page = support_client.get(channels_url(account_a)).content.decode()

    assert _try_again_at(page) in shown_times(120)
    assert calls_for(sandbox, account_a) == []


def test_a_retry_after_of_centuries_is_capped_and_the_page_still_answers(
    support_client, account_a, sandbox
):
    sandbox.fault("GET", _channels(account_a), status=429, retry_after="99999999999999999")
    response = support_client.get(channels_url(account_a))
    assert response.status_code == 200
    assert _try_again_at(response.content.decode()) in shown_times(86_400)
