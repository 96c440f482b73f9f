"""Changing a profile's phone number: typed as people type it, sent as CM.com wants it
(00…), refused at the field when it is not a phone number; support and admin only; audited."""

from __future__ import annotations

import json

import pytest

from dashboard.audit.models import AuditEntry
from tests.dashboard.whatsapp.helpers import (
    ACTIVE,
    HTMX,
    NO_OTP,
    api_calls,
    live_request_id,
    profile_url,
    seeded_profiles,
)


@pytest.fixture
def request_id(account_a):
    return live_request_id(account_a)


@pytest.fixture
def sales(account_a, request_id):
    return seeded_profiles(account_a, request_id)[NO_OTP]


def _puts(sandbox):
    return [e for e in sandbox.log() if e["method"] == "PUT"]


@pytest.mark.parametrize("typed", ["+31 6 1234 5678", "0031612345678", "(+31) 6-12 34 56 78"])
def test_support_changes_a_number_typed_as_people_type_it(
    support_client, account_a, request_id, sales, sandbox, typed
):
    url = profile_url(account_a, request_id, sales.id)
    response = support_client.post(url + "phone-number/", {"phone_number": typed})
    assert response.status_code == 302
    assert response.headers["Location"] == url
    (put,) = _puts(sandbox)
    assert put["params"]["phoneNumber"] == ["0031612345678"]
    page = support_client.get(url).content.decode()
    assert "<dt>Phone number</dt><dd>+31612345678</dd>" in page
    assert "Phone number changed to +31612345678." in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("06 1234 5678", "Enter the number in international form"),
        ("+31 6 12ab 5678", "A phone number may only contain digits"),
        ("+31 61", "An international phone number has 8 to 15 digits"),
        ("", "Enter the new phone number."),
    ],
)
def test_what_is_not_a_phone_number_is_refused_at_the_field_and_kept(
    support_client, account_a, request_id, sales, sandbox, typed, message
):
    response = support_client.post(
        profile_url(account_a, request_id, sales.id, "phone-number/"), {"phone_number": typed}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'aria-invalid="true"' in body
    if typed:
        assert f'value="{typed}"' in body
    assert _puts(sandbox) == []


def test_the_same_number_again_is_refused_at_the_field(
    support_client, account_a, request_id, sales, sandbox
):
    response = support_client.post(
        profile_url(account_a, request_id, sales.id, "phone-number/"),
        {"phone_number": "+" + sales.phone_number[2:]},
    )
    assert "That is the profile&#x27;s number already." in response.content.decode()
    assert _puts(sandbox) == []


def test_marketing_cannot_change_a_number(marketing_client, account_a, request_id, sales, sandbox):
    sandbox.clear_log()
    response = marketing_client.post(
        profile_url(account_a, request_id, sales.id, "phone-number/"),
        {"phone_number": "+31612345678"},
    )
    assert response.status_code == 403
    assert api_calls(sandbox, account_a) == []


def test_with_htmx_the_form_answers_in_place_and_the_card_is_told_to_reload(
    support_client, account_a, request_id, sales
):
    response = support_client.post(
        profile_url(account_a, request_id, sales.id, "phone-number/"),
        {"phone_number": "+31 6 1234 5678"},
        headers=HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="profile-phone"')
    assert "The number is now +31612345678." in body
    assert profile_url(account_a, request_id, sales.id, "otp/") in body
    events = json.loads(response.headers["HX-Trigger"])
    assert "whatsapp-profile-changed" in events
    assert events["toast"]["items"][0]["message"] == "Phone number changed to +31612345678."


def test_changing_the_number_of_an_active_profile_makes_it_pending_again(
    admin_client, account_a, request_id, sandbox
):
    active = seeded_profiles(account_a, request_id)[ACTIVE]
    url = profile_url(account_a, request_id, active.id)
    admin_client.get(url)  # cached as active
    admin_client.post(url + "phone-number/", {"phone_number": "+49 151 23456789"})
    body = admin_client.get(url).content.decode()
    assert '<span class="badge badge-pending">Pending</span>' in body
    assert "+4915123456789" in body


def test_an_upstream_failure_keeps_what_was_typed_and_says_why(
    support_client, account_a, request_id, sales, sandbox
):
    sandbox.fault("PUT", f"/channels/v1/accounts/{account_a.account_id}/*", status=500, count=5)
    response = support_client.post(
        profile_url(account_a, request_id, sales.id, "phone-number/"),
        {"phone_number": "+31 6 1234 5678"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The number was not changed. CM.com failed on its side (status 500)" in body
    assert 'value="+31 6 1234 5678"' in body


def test_a_number_cm_refuses_is_shown_at_the_field(
    support_client, account_a, request_id, sales, sandbox
):
    sandbox.fault(
        "PUT",
        f"/channels/v1/accounts/{account_a.account_id}/*",
        status=400,
        body={"message": "phoneNumber is not a mobile number."},
    )
    response = support_client.post(
        profile_url(account_a, request_id, sales.id, "phone-number/"),
        {"phone_number": "+31 20 123 4567"},
    )
    body = response.content.decode()
    assert "CM.com refused this number: phoneNumber is not a mobile number." in body
    assert 'value="+31 20 123 4567"' in body


def test_a_number_change_is_audited_with_before_and_after(
    support_client, account_a, request_id, sales
):
    support_client.post(
        profile_url(account_a, request_id, sales.id, "phone-number/"),
        {"phone_number": "+31 6 1234 5678"},
    )
    entry = AuditEntry.objects.get(action="profile.phone_number.update")
    assert entry.outcome == "ok"
    assert entry.target == sales.id
    assert entry.sent == {
        "channel_request_id": request_id,
        "before": sales.phone_number,
        "after": "0031612345678",
    }
