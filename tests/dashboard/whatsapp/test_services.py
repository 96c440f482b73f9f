"""The WhatsApp services on their own: what each write drops from the cache, the resend wait,
a code request that CM.com fails is tried once, and a write's stored words read in the
reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from dashboard import upstream
from dashboard.audit.models import AuditEntry
from dashboard.whatsapp import selectors, services
from tests.dashboard.whatsapp.helpers import (
    NO_OTP,
    OTP_CODE,
    OTP_SENT,
    api_calls,
    live_request_id,
    seeded_profiles,
)


@pytest.fixture
def request_id(account_a):
    return live_request_id(account_a)


@pytest.fixture
def profiles(account_a, request_id):
    return seeded_profiles(account_a, request_id)


def test_a_number_change_that_failed_still_drops_the_cached_profile(
    support_user, account_a, request_id, profiles, sandbox
):
    sales = profiles[NO_OTP]
    selectors.profile(account_a, request_id, sales.id)
    sandbox.fault("PUT", f"/channels/v1/accounts/{account_a.account_id}/*", status=500)
    result = services.profile_phone_number_update(
        actor=support_user,
        account=account_a,
        channel_request_id=request_id,
        profile_id=sales.id,
        phone_number="+31612345678",
    )
    assert not result.ok
    sandbox.clear_log()
    selectors.profile(account_a, request_id, sales.id)
    assert api_calls(sandbox, account_a) == [("GET", f"/whatsapp/{request_id}/profiles/{sales.id}")]


def test_a_second_code_within_the_wait_raises_with_the_seconds_left(
    support_user, account_a, request_id, profiles
):
    sales = profiles[NO_OTP]
    kwargs = {
        "actor": support_user,
        "account": account_a,
        "channel_request_id": request_id,
        "profile_id": sales.id,
        "phone_number": sales.phone_number,
        "method": "sms",
    }
    sent = services.profile_otp_send(**kwargs)
    assert sent.value.sent_by == support_user
    with pytest.raises(services.ResendTooSoon) as refused:
        services.profile_otp_send(**kwargs)
    assert 29 <= refused.value.seconds_left <= 30


def test_the_wait_is_a_setting(support_user, account_a, request_id, profiles, settings):
    settings.WHATSAPP_OTP_RESEND_SECONDS = 0
    sales = profiles[NO_OTP]
    for method in ("sms", "voice"):
        services.profile_otp_send(
            actor=support_user,
            account=account_a,
            channel_request_id=request_id,
            profile_id=sales.id,
            phone_number=sales.phone_number,
            method=method,
        )


def test_a_code_request_cm_fails_with_503_is_sent_once(
    support_user, account_a, request_id, profiles, sandbox
):
    sales = profiles[NO_OTP]
    sandbox.fault(
        "GET",
        f"/channels/v1/accounts/{account_a.account_id}/whatsapp/{request_id}/profiles/"
        f"{sales.id}/phonenumber/otp",
        status=503,
        count=3,
    )
    result = services.profile_otp_send(
        actor=support_user,
        account=account_a,
        channel_request_id=request_id,
        profile_id=sales.id,
        phone_number=sales.phone_number,
        method="sms",
    )
    assert result.state == upstream.WriteState.NOT_DONE
    starts = [c for c in api_calls(sandbox, account_a) if c[1].endswith("/otp")]
    assert starts == [("GET", f"/whatsapp/{request_id}/profiles/{sales.id}/phonenumber/otp")]


def test_the_right_code_drops_the_cached_profile_and_answers_it_processed(
    support_user, account_a, request_id, profiles, sandbox
):
    billing = profiles[OTP_SENT]
    assert not selectors.profile(account_a, request_id, billing.id).is_otp_processed
    answered = services.profile_otp_verify(
        actor=support_user,
        account=account_a,
        channel_request_id=request_id,
        profile_id=billing.id,
        phone_number=billing.phone_number,
        code=OTP_CODE,
    ).value
    assert answered.is_otp_processed
    assert selectors.profile(account_a, request_id, billing.id).is_otp_processed


def _otp_path(account, request_id, profile_id):
    return (
        f"/channels/v1/accounts/{account.account_id}/whatsapp/{request_id}/profiles/"
        f"{profile_id}/phonenumber/otp"
    )


def test_a_lost_answer_to_a_verification_stored_in_english_says_the_verification_in_dutch(
    support_user, account_a, request_id, profiles, sandbox
):
    billing = profiles[OTP_SENT]
    sandbox.fault("POST", _otp_path(account_a, request_id, billing.id), delay_ms=0, status=502)
    with translation.override("en"):
        services.profile_otp_verify(
            actor=support_user,
            account=account_a,
            channel_request_id=request_id,
            profile_id=billing.id,
            phone_number=billing.phone_number,
            code=OTP_CODE,
        )
    entry = AuditEntry.objects.get(action="profile.otp.finish")
    assert "a check shows the verification was not saved" in entry.message

    with translation.override("nl"):
        shown = entry.display_message

    assert shown == (
        "CM.com faalde aan zijn kant (status 502), en een controle toont dat de "
        "verificatie niet is opgeslagen — je kunt het opnieuw versturen."
    )


def test_a_code_that_may_have_been_sent_stored_in_english_says_so_in_dutch(
    support_user, account_a, request_id, profiles, sandbox
):
    """A lost answer to sending a code, where the check cannot tell a new code from the old."""
    billing = profiles[OTP_SENT]
    sandbox.fault("GET", _otp_path(account_a, request_id, billing.id), delay_ms=0, status=502)
    with translation.override("en"):
        services.profile_otp_send(
            actor=support_user,
            account=account_a,
            channel_request_id=request_id,
            profile_id=billing.id,
            phone_number=billing.phone_number,
            method="sms",
        )
    entry = AuditEntry.objects.get(action="profile.otp.start")
    assert "so a code may have been sent" in entry.message

    with translation.override("nl"):
        shown = entry.display_message

    assert shown.endswith(
        ", dus er is misschien een code verstuurd: wacht daarop voordat je om een nieuwe vraagt."
    )
    assert "code may have been sent" not in shown
