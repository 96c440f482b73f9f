"""Step 3 of the OTP walk: the code. A wrong one says so and the form stays to try again; the
right one finishes the walk and the profile awaits WhatsApp's approval. The code is never kept."""

from __future__ import annotations

import json

import pytest

from dashboard.audit.models import AuditEntry
from tests.dashboard.whatsapp.helpers import (
    HTMX,
    OTP_CODE,
    OTP_SENT,
    live_request_id,
    profile_url,
    seeded_profiles,
)


@pytest.fixture
def request_id(account_a):
    return live_request_id(account_a)


@pytest.fixture
def billing(account_a, request_id):
    """The seeded profile whose code was sent and not entered yet."""
    return seeded_profiles(account_a, request_id)[OTP_SENT]


def _verify(client, account, request_id, profile_id, code, htmx=False):
    return client.post(
        profile_url(account, request_id, profile_id, "otp/verify/"),
        {"code": code},
        headers=HTMX if htmx else {},
    )


def _finishes(sandbox):
    return [e for e in sandbox.log() if e["method"] == "POST" and e["path"].endswith("/otp")]


def test_a_wrong_code_says_so_keeps_it_and_lets_them_try_again(
    support_client, account_a, request_id, billing, sandbox
):
    response = _verify(support_client, account_a, request_id, billing.id, "654321", htmx=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "That code was not accepted (The one-time password is not correct)." in body
    assert 'value="654321"' in body
    assert 'aria-invalid="true"' in body
    assert 'aria-current="step">Enter the code</li>' in body
    retry = _verify(support_client, account_a, request_id, billing.id, OTP_CODE, htmx=True)
    assert 'aria-current="step">Done</li>' in retry.content.decode()
    assert len(_finishes(sandbox)) == 2


def test_the_right_code_finishes_the_walk_and_the_profile_awaits_approval(
    support_client, account_a, request_id, billing, sandbox
):
    url = profile_url(account_a, request_id, billing.id)
    response = _verify(support_client, account_a, request_id, billing.id, "123 456")
    assert response.status_code == 302
    assert response.headers["Location"] == url + "otp/"
    (finish,) = _finishes(sandbox)
    assert finish["params"]["otp"] == [OTP_CODE]
    assert finish["params"]["phoneNumber"] == [billing.phone_number]
    page = support_client.get(url + "otp/")
    assert page.context["wizard"].step == "done"
    body = page.content.decode()
    assert "Code accepted: the number is verified." in body
    assert "it becomes active once approved" in body
    detail = support_client.get(url).content.decode()
    assert "<dt>One-time code processed</dt><dd>Yes</dd>" in detail


def test_once_approved_the_profile_is_active(
    support_client, account_a, request_id, billing, sandbox
):
    _verify(support_client, account_a, request_id, billing.id, OTP_CODE)
    sandbox.advance(3600)
    page = support_client.get(
        profile_url(account_a, request_id, billing.id, "otp/"), {"refresh": "1"}
    )
    assert page.context["profile"].is_active
    assert '<span class="badge badge-active">Active</span>' in (
        support_client.get(profile_url(account_a, request_id, billing.id)).content.decode()
    )


def test_the_code_is_never_recorded(support_client, account_a, request_id, billing):
    _verify(support_client, account_a, request_id, billing.id, "654321")
    _verify(support_client, account_a, request_id, billing.id, OTP_CODE)
    entries = list(AuditEntry.objects.filter(action="profile.otp.finish").order_by("id"))
    assert [e.outcome for e in entries] == ["refused", "ok"]
    for entry in entries:
        assert entry.upstream_status in (400, None)
        recorded = json.dumps(entry.sent) + entry.message
        assert OTP_CODE not in recorded
        assert "654321" not in recorded


@pytest.mark.parametrize(
    ("typed", "message"), [("12ab56", "4 to 10 digits"), ("", "Enter the code")]
)
def test_a_code_that_is_not_digits_is_refused_before_cm_is_asked(
    support_client, account_a, request_id, billing, sandbox, typed, message
):
    response = _verify(support_client, account_a, request_id, billing.id, typed)
    assert message in response.content.decode()
    assert _finishes(sandbox) == []


def test_an_upstream_failure_while_checking_keeps_the_code_and_says_why(
    support_client, account_a, request_id, billing, sandbox
):
    sandbox.fault(
        "POST",
        f"/channels/v1/accounts/{account_a.account_id}/whatsapp/{request_id}/profiles/"
        f"{billing.id}/phonenumber/otp",
        delay_ms=0,
        status=502,
    )
    response = _verify(support_client, account_a, request_id, billing.id, OTP_CODE, htmx=True)
    body = response.content.decode()
    assert (
        "CM.com failed on its side (status 502), and a check shows the verification was not "
        "saved — you can send it again." in body
    )
    assert f'value="{OTP_CODE}"' in body
    assert 'aria-current="step">Enter the code</li>' in body


def test_marketing_cannot_enter_a_code(marketing_client, account_a, request_id, billing, sandbox):
    response = _verify(marketing_client, account_a, request_id, billing.id, OTP_CODE)
    assert response.status_code == 403
    assert _finishes(sandbox) == []
