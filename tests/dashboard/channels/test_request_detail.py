"""One channel request, read the way a person reads progress: a progress bar, the stages as a
stepper with the current one marked, the next stage (ACTION_REQUIRED stands out), pending
order, fulfilled and cancelled dates, the expected date and whether it is overdue.

The request state lives on the request's channels: the page reads the request and "Get your
channels" at once, then the type and the configuration of one of the request's channels at
once: four reads, none on a repeat view."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from dashboard.upstream import client_for
from tests.dashboard.channels.helpers import api_calls, in_one_round


def test_a_pending_request_shows_its_progress_and_that_action_is_required(
    support_client, base, ids, sandbox
):
    response = support_client.get(f"{base}/requests/{ids.pending_whatsapp_request_id}/")
    assert response.status_code == 200
    detail = response.context["detail"]
    body = response.content.decode()
    assert "<h1>WhatsApp channel request</h1>" in body
    assert f'<progress value="{detail.progress.completeness}" max="100"' in body
    assert 30 <= detail.progress.completeness < 60
    stepper = body[body.index('class="ch-stepper"') :]
    for stage in ("Requested", "Documents", "Verification", "Configuration", "Live"):
        assert stage in stepper
    current = stepper[stepper.index('aria-current="step"') :]
    assert "Documents" in current[:150]
    assert 'Requested</span><span class="visually-hidden"> (done)' in stepper
    assert (
        '<p class="ch-action-required"><strong>Action required:</strong> Upload documents.' in body
    )
    assert "Pending order: <strong>yes</strong>" in body
    assert "Fulfilled</dt><dd>not yet" in body


def test_the_expected_date_is_the_request_date_plus_the_processing_days(
    support_client, base, ids, sandbox
):
    response = support_client.get(f"{base}/requests/{ids.pending_whatsapp_request_id}/")
    detail = response.context["detail"]
    assert detail.expected == detail.request.created_on_utc + timedelta(days=7)
    assert detail.overdue is False
    assert "requested + 7 processing days" in response.content.decode()


def test_a_pending_request_past_its_expected_date_is_overdue(support_client, base, ids, sandbox):
    response = support_client.get(f"{base}/requests/{ids.pending_sms_request_id}/")
    detail = response.context["detail"]
    assert detail.expected < timezone.now()
    assert ">Overdue</span>" in response.content.decode()
    # No channel carries this request yet, so there is no stepper, and the page says why.
    assert "this request has no channel yet" in response.content.decode()


def test_a_live_request_shows_it_is_complete_and_when_it_was_fulfilled(
    support_client, base, ids, sandbox
):
    response = support_client.get(f"{base}/requests/{ids.live_whatsapp_request_id}/")
    detail = response.context["detail"]
    assert detail.progress.completeness == 100
    assert detail.request.fulfilled_on_utc is not None
    body = response.content.decode()
    assert "Overdue" not in body
    assert "Action required" not in body
    assert (
        detail.request.fulfilled_on_utc.astimezone(timezone.get_current_timezone()).strftime("%Y")
        in body[body.index("Fulfilled</dt>") :][:60]
    )
    assert "Channels of this request" in body


def test_a_cancelled_request_shows_when_it_was_cancelled(support_client, account_a, base, sandbox):
    with client_for(account_a) as client:
        cancelled = next(
            r for r in client.channels.list_requests() if not r.is_active and not r.is_pending
        )
    body = support_client.get(f"{base}/requests/{cancelled.id}/").content.decode()
    assert "Inactive" in body
    assert "Cancelled</dt><dd>no" not in body


def test_the_page_makes_four_reads_and_none_on_a_repeat_view(support_client, base, ids, sandbox):
    url = f"{base}/requests/{ids.pending_whatsapp_request_id}/"
    response = support_client.get(url)
    state_channel = response.context["detail"].state_channel
    assert sorted(api_calls(sandbox)) == sorted(
        [
            f"GET /channels/requests/{ids.pending_whatsapp_request_id}",
            "GET /channels",
            f"GET /channels/types/{ids.whatsapp_type_id}",
            f"GET /channels/{state_channel.id}/configuration",
        ]
    )
    sandbox.clear_log()
    # The type is remembered now: the channels are read narrowed to it, once.
    support_client.get(url)
    assert api_calls(sandbox) == ["GET /channels"]
    sandbox.clear_log()
    support_client.get(url)
    assert api_calls(sandbox) == []


def test_after_the_channels_page_the_request_page_reuses_its_read(
    support_client, base, ids, sandbox
):
    support_client.get(f"{base}/channels/")
    sandbox.clear_log()
    support_client.get(f"{base}/requests/{ids.pending_whatsapp_request_id}/")
    assert "GET /channels" not in api_calls(sandbox)
    assert len(api_calls(sandbox)) == 3


def test_when_the_progress_cannot_be_read_the_rest_still_shows(support_client, base, ids, sandbox):
    sandbox.fault("GET", f"{base.replace('/a/', '/accounts/')}/channels", status=503, count=10)
    response = support_client.get(f"{base}/requests/{ids.pending_whatsapp_request_id}/")
    body = response.content.decode()
    assert "The request's progress could not be loaded from CM.com." in body
    assert "<h1>WhatsApp channel request</h1>" in body
    assert "Expected by" in body


def test_a_request_cm_does_not_know_is_a_404_that_says_so(support_client, base, sandbox):
    response = support_client.get(f"{base}/requests/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert "CM.com has no such channel request" in response.content.decode()


def _gets(sandbox):
    return [e for e in sandbox.log() if e["method"] == "GET"]


def test_the_first_view_asks_twice_and_every_later_cold_view_once(
    support_client, account_a, base, ids, sandbox
):
    from django.core.cache import cache

    url = f"{base}/requests/{ids.pending_whatsapp_request_id}/"
    sandbox.settings(latency_ms=300)
    first = support_client.get(url)
    # The type and the channel are only known from the first answers.
    assert len(_gets(sandbox)) == 4
    assert not in_one_round(_gets(sandbox))
    cache.clear()  # every cached read gone; what the page remembered is not a cached read
    sandbox.clear_log()
    again = support_client.get(url)
    assert len(_gets(sandbox)) == 4
    assert in_one_round(_gets(sandbox))
    assert again.context["detail"].progress == first.context["detail"].progress
    assert again.context["detail"].expected == first.context["detail"].expected


def test_once_its_type_is_known_the_page_reads_only_that_type_s_channels(
    support_client, base, ids, sandbox
):
    from django.core.cache import cache

    url = f"{base}/requests/{ids.pending_whatsapp_request_id}/"
    first = support_client.get(url)
    cache.clear()
    sandbox.clear_log()
    again = support_client.get(url)
    # "Get your channels" has no paging: narrowed to the request's type, an SMS account's
    # keywords and numbers are not downloaded to find a WhatsApp request's channels.
    reads = [e for e in _gets(sandbox) if e["path"].endswith("/channels")]
    assert [e["params"].get("channelTypeId") for e in reads] == [[ids.whatsapp_type_id]]
    assert again.context["detail"].channels == first.context["detail"].channels
    assert again.context["detail"].progress == first.context["detail"].progress


def test_a_remembered_channel_that_is_not_the_requests_is_not_trusted(
    support_client, account_a, base, ids, sandbox
):
    from dashboard.core import memo

    key = memo.channel_request_key(ids.pending_whatsapp_request_id)
    memo.remember(
        account_a,
        key,
        {"type_id": ids.whatsapp_type_id, "channel_id": "00000000-0000-4000-8000-000000000000"},
    )
    response = support_client.get(f"{base}/requests/{ids.pending_whatsapp_request_id}/")
    detail = response.context["detail"]
    assert detail.progress is not None
    assert not getattr(detail.progress, "is_failure", False)
    assert memo.recall(account_a, key)["channel_id"] == detail.state_channel.id


def _toast_waiting(client, text):
    """A message left for the next page, as a form's redirect leaves it."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpRequest, HttpResponse

    storage = CookieStorage(HttpRequest())
    storage.add(constants.SUCCESS, text)
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value


def test_a_toast_waiting_is_shown_on_the_request_page(support_client, base, ids, sandbox):
    _toast_waiting(support_client, "Request sent to CM.com.")
    response = support_client.get(f"{base}/requests/{ids.pending_whatsapp_request_id}/")
    assert re.search(
        r'<div class="toast toast-success" role="status">\s*<span>Request sent to CM.com.</span>',
        response.content.decode(),
    )


def test_a_toast_waiting_is_shown_on_the_404_of_a_request_cm_does_not_know(
    support_client, base, sandbox
):
    _toast_waiting(support_client, "Request sent to CM.com.")
    response = support_client.get(f"{base}/requests/00000000-0000-4000-8000-000000000000/")
    assert response.status_code == 404
    assert "<span>Request sent to CM.com.</span>" in response.content.decode()


def _same_page(html):
    """The page without what changes between two views: tokens and the times it was read."""
    html = re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*', r"\1", html)
    return re.sub(r"<time [^>]*>[^<]*</time>", "<time>", html)


@pytest.mark.parametrize(
    "request_id",
    ["pending_whatsapp_request_id", "live_whatsapp_request_id", "pending_sms_request_id"],
)
def test_the_page_written_around_its_content_is_the_page_written_whole(
    support_client, base, ids, sandbox, monkeypatch, request_id
):
    from dashboard.channels.views import requests as views

    url = f"{base}/requests/{getattr(ids, request_id)}/"
    around = support_client.get(url).content.decode()
    cache.clear()
    monkeypatch.setattr(views, "_layout", lambda *args: None)
    whole = support_client.get(url).content.decode()
    assert " channel request</h1>" in around
    assert _same_page(around) == _same_page(whole)
