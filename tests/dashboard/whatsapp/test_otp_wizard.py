"""The OTP walk's page: the step comes from the profile's own state at CM.com (isOtpSent,
isOtpProcessed, isActive), the session only remembers a confirmed number; support and admin."""

from __future__ import annotations

import pytest

from dashboard import upstream
from tests.dashboard.whatsapp.helpers import (
    ACTIVE,
    HTMX,
    NO_OTP,
    OTP_PROCESSED,
    OTP_SENT,
    REJECTED,
    api_calls,
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


def _otp(client, account, request_id, profile_id, **params):
    return client.get(profile_url(account, request_id, profile_id, "otp/"), params)


@pytest.mark.parametrize(
    ("label", "step", "heading"),
    [
        (NO_OTP, "number", "Confirm the number"),
        (OTP_SENT, "code", "Enter the code"),
        (OTP_PROCESSED, "done", "Done"),
        (ACTIVE, "done", "Done"),
        (REJECTED, "number", "Confirm the number"),
    ],
)
def test_the_walk_starts_at_the_step_the_profile_is_at(
    support_client, account_a, request_id, profiles, label, step, heading
):
    response = _otp(support_client, account_a, request_id, profiles[label].id)
    assert response.status_code == 200
    assert response.context["wizard"].step == step
    body = response.content.decode()
    assert 'id="otp-step-title" tabindex="-1"' in body
    assert f">{heading}</h2>" in body
    assert f'aria-current="step">{heading}</li>' in body


def test_a_profile_without_a_code_asks_to_confirm_its_number(
    support_client, account_a, request_id, profiles
):
    sales = profiles[NO_OTP]
    body = _otp(support_client, account_a, request_id, sales.id).content.decode()
    assert f'The code goes to <strong class="phone">+{sales.phone_number[2:]}</strong>' in body
    assert "Yes, send the code to this number" in body
    assert "Change the number" in body


def test_a_rejected_profile_must_change_its_number_before_a_code(
    support_client, account_a, request_id, profiles
):
    body = _otp(support_client, account_a, request_id, profiles[REJECTED].id).content.decode()
    assert "This profile was rejected: The display name does not follow" in body
    assert "Change the number to start the verification again." in body
    assert "Yes, send the code to this number" not in body
    assert "<details open>" in body


def test_a_rejected_profile_says_its_state_in_the_readers_language(
    support_client, support_user, account_a, request_id, profiles
):
    support_user.language = "nl"
    support_user.save(update_fields=["language"])
    body = _otp(support_client, account_a, request_id, profiles[REJECTED].id).content.decode()
    assert "Dit profiel is afgekeurd: The display name does not follow" in body
    assert "rejected" not in body.split("Dit profiel is")[1][:40]


def test_a_processed_code_says_the_profile_awaits_approval(
    support_client, account_a, request_id, profiles
):
    body = _otp(support_client, account_a, request_id, profiles[OTP_PROCESSED].id).content.decode()
    assert "WhatsApp now reviews the profile; it becomes active once approved." in body
    assert "Check whether it is active yet" in body


def test_checking_again_after_approval_shows_the_profile_active(
    support_client, account_a, request_id, profiles, sandbox
):
    deliveries = profiles[OTP_PROCESSED]
    _otp(support_client, account_a, request_id, deliveries.id)  # cached: awaiting approval
    sandbox.advance(3600)
    cached = _otp(support_client, account_a, request_id, deliveries.id)
    assert not cached.context["profile"].is_active
    fresh = _otp(support_client, account_a, request_id, deliveries.id, refresh="1")
    assert fresh.context["profile"].is_active
    assert "is verified and the profile is active." in fresh.content.decode()


def test_after_a_reload_the_step_comes_from_cm_not_from_the_session(
    support_client, account_a, request_id, profiles, sandbox
):
    sales = profiles[NO_OTP]
    url = profile_url(account_a, request_id, sales.id, "otp/")
    support_client.post(url + "confirm/", {"phone_number": sales.phone_number})
    assert _otp(support_client, account_a, request_id, sales.id).context["wizard"].step == "send"
    # Someone sends the code from elsewhere (another browser, CM.com's own tools).
    with upstream.client_for(account_a) as client:
        client.profiles.start_otp(request_id, sales.id, "voice")
    reloaded = _otp(support_client, account_a, request_id, sales.id, refresh="1")
    assert reloaded.context["wizard"].step == "code"


def test_a_confirmed_number_that_changed_since_is_asked_again(
    support_client, account_a, request_id, profiles
):
    sales = profiles[NO_OTP]
    url = profile_url(account_a, request_id, sales.id, "otp/")
    support_client.post(url + "confirm/", {"phone_number": sales.phone_number})
    with upstream.client_for(account_a) as client:
        client.profiles.update_phone_number(request_id, sales.id, "+31612345678")
    reloaded = _otp(support_client, account_a, request_id, sales.id, refresh="1")
    assert reloaded.context["wizard"].step == "number"
    assert "+31612345678" in reloaded.content.decode()


def test_the_walk_page_makes_one_call_and_none_on_a_repeat_view(
    support_client, account_a, request_id, profiles, sandbox
):
    sales = profiles[NO_OTP]
    sandbox.clear_log()
    _otp(support_client, account_a, request_id, sales.id)
    assert api_calls(sandbox, account_a) == [("GET", f"/whatsapp/{request_id}/profiles/{sales.id}")]
    sandbox.clear_log()
    _otp(support_client, account_a, request_id, sales.id)
    assert api_calls(sandbox, account_a) == []


def test_htmx_gets_only_the_wizard(support_client, account_a, request_id, profiles):
    response = support_client.get(
        profile_url(account_a, request_id, profiles[NO_OTP].id, "otp/"), headers=HTMX
    )
    assert response.content.decode().lstrip().startswith('<section id="otp-wizard"')


def test_marketing_cannot_open_the_otp_walk(marketing_client, account_a, request_id, profiles):
    assert _otp(marketing_client, account_a, request_id, profiles[NO_OTP].id).status_code == 403


def test_a_profile_that_cannot_be_read_shows_in_words(
    support_client, account_a, request_id, profiles, sandbox
):
    sandbox.fault("GET", f"/channels/v1/accounts/{account_a.account_id}/whatsapp/*", status=500)
    response = _otp(support_client, account_a, request_id, profiles[NO_OTP].id)
    assert response.status_code == 200
    assert "This profile could not be loaded from CM.com." in response.content.decode()
