"""Step 2 of the OTP walk: CM.com sends the code by SMS or voice; a new code only after the
wait (shown as a countdown, enforced on the server); a send is never repeated by itself."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dashboard.audit.models import AuditEntry
from dashboard.whatsapp.models import OtpSend
from tests.dashboard.whatsapp.helpers import (
    ACTIVE,
    HTMX,
    NO_OTP,
    OTP_SENT,
    live_request_id,
    profile_url,
    seeded_profiles,
)


@pytest.fixture
def request_id(account_a):
    return live_request_id(account_a)


@pytest.fixture
def profiles(account_a, request_id):
    return seeded_profiles(account_a, request_id)


def _starts(sandbox):
    return [e for e in sandbox.log() if e["method"] == "GET" and e["path"].endswith("/otp")]


def _send(client, account, request_id, profile_id, method="sms", htmx=False):
    return client.post(
        profile_url(account, request_id, profile_id, "otp/send/"),
        {"method": method} if method else {},
        headers=HTMX if htmx else {},
    )


@pytest.mark.parametrize("method", ["sms", "voice"])
def test_sending_asks_cm_once_and_moves_on_to_the_code(
    support_client, account_a, request_id, profiles, sandbox, method
):
    sales = profiles[NO_OTP]
    response = _send(support_client, account_a, request_id, sales.id, method)
    assert response.status_code == 302
    (start,) = _starts(sandbox)
    assert start["params"]["otpMethod"] == [method]
    page = support_client.get(profile_url(account_a, request_id, sales.id, "otp/"))
    assert page.context["wizard"].step == "code"
    how = "by SMS" if method == "sms" else "by a voice call"
    body = page.content.decode()
    assert f"Code sent {how} to +{sales.phone_number[2:]}." in body
    assert f"A code was sent {how} to" in body
    assert "by sam." in body


@pytest.mark.usefixtures("still_clock")
def test_with_htmx_the_code_step_comes_with_a_countdown_to_resend(
    support_client, account_a, request_id, profiles
):
    response = _send(support_client, account_a, request_id, profiles[NO_OTP].id, htmx=True)
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="otp-wizard"')
    assert 'aria-current="step">Enter the code</li>' in body
    assert 'data-countdown="30"' in body
    assert "data-countdown-enable disabled>Send a new code</button>" in body
    assert "You can ask for a new code in <span data-countdown-text>30</span> s." in body


@pytest.mark.usefixtures("still_clock")
def test_a_new_code_within_the_wait_is_refused_and_cm_is_not_asked(
    support_client, account_a, request_id, profiles, sandbox
):
    sales = profiles[NO_OTP]
    _send(support_client, account_a, request_id, sales.id)
    response = _send(support_client, account_a, request_id, sales.id, "voice", htmx=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "A code was sent less than 30 seconds ago: wait 30 more seconds" in body
    assert 'aria-current="step">Enter the code</li>' in body
    assert len(_starts(sandbox)) == 1
    assert OtpSend.objects.count() == 1


def test_the_wait_holds_for_everyone_on_that_profile(
    support_client, admin_client, account_a, request_id, profiles, sandbox
):
    sales = profiles[NO_OTP]
    _send(support_client, account_a, request_id, sales.id)
    response = _send(admin_client, account_a, request_id, sales.id)
    assert "A code was sent less than 30 seconds ago" in response.content.decode()
    assert len(_starts(sandbox)) == 1


def test_a_new_code_can_be_sent_once_the_wait_is_over(
    support_client, account_a, request_id, profiles, sandbox
):
    sales = profiles[NO_OTP]
    _send(support_client, account_a, request_id, sales.id)
    OtpSend.objects.update(sent_at=OtpSend.objects.get().sent_at - timedelta(seconds=31))
    page = support_client.get(profile_url(account_a, request_id, sales.id, "otp/"))
    assert 'data-countdown="0"' in page.content.decode()
    assert "data-countdown-enable>Send a new code</button>" in page.content.decode()
    response = _send(support_client, account_a, request_id, sales.id, "voice")
    assert response.status_code == 302
    assert [s["params"]["otpMethod"] for s in _starts(sandbox)] == [["sms"], ["voice"]]


def test_a_code_sent_before_the_dashboard_knew_may_be_sent_again_at_once(
    support_client, account_a, request_id, profiles, sandbox
):
    billing = profiles[OTP_SENT]
    page = support_client.get(profile_url(account_a, request_id, billing.id, "otp/"))
    assert page.context["wizard"].resend_in == 0
    assert _send(support_client, account_a, request_id, billing.id).status_code == 302
    assert len(_starts(sandbox)) == 1


def test_an_upstream_failure_is_not_retried_and_shows_in_words(
    support_client, account_a, request_id, profiles, sandbox
):
    sales = profiles[NO_OTP]
    # The transport retries a GET on 503; a retried start could send a second text.
    sandbox.fault(
        "GET",
        f"/channels/v1/accounts/{account_a.account_id}/whatsapp/{request_id}/profiles/"
        f"{sales.id}/phonenumber/otp",
        status=503,
    )
    response = _send(support_client, account_a, request_id, sales.id, "voice")
    assert response.status_code == 200
    body = response.content.decode()
    assert "No code was sent. CM.com failed on its side (status 503)" in body
    assert len(_starts(sandbox)) == 1
    assert OtpSend.objects.count() == 0
    assert 'value="voice" required id="id_method_1" checked' in body
    # Nothing sent, so no wait: trying again goes through.
    assert _send(support_client, account_a, request_id, sales.id, "voice").status_code == 302


def test_sending_is_audited_with_the_method(support_client, account_a, request_id, profiles):
    sales = profiles[NO_OTP]
    _send(support_client, account_a, request_id, sales.id, "voice")
    entry = AuditEntry.objects.get(action="profile.otp.start")
    assert entry.outcome == "ok"
    assert entry.sent == {
        "channel_request_id": request_id,
        "phone_number": sales.phone_number,
        "method": "voice",
    }


def test_without_a_method_the_form_says_to_choose_one(
    support_client, account_a, request_id, profiles, sandbox
):
    response = _send(support_client, account_a, request_id, profiles[NO_OTP].id, method="")
    assert response.status_code == 200
    assert "Choose SMS or a voice call." in response.content.decode()
    assert _starts(sandbox) == []


def test_no_code_is_sent_to_an_active_profile(
    support_client, account_a, request_id, profiles, sandbox
):
    response = _send(support_client, account_a, request_id, profiles[ACTIVE].id)
    assert "No code can be sent now" in response.content.decode()
    assert _starts(sandbox) == []


def test_marketing_cannot_send_a_code(marketing_client, account_a, request_id, profiles, sandbox):
    assert _send(marketing_client, account_a, request_id, profiles[NO_OTP].id).status_code == 403
    assert _starts(sandbox) == []
