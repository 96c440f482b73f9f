"""Step 1, the other way: changing the number inside the OTP walk, then on to sending the code
to the new number; a rejected profile starts over this way."""

from __future__ import annotations

import pytest

from dashboard.audit.models import AuditEntry
from tests.dashboard.whatsapp.helpers import (
    HTMX,
    NO_OTP,
    REJECTED,
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


def test_changing_the_number_moves_on_to_sending_to_the_new_number(
    support_client, account_a, request_id, profiles
):
    url = profile_url(account_a, request_id, profiles[NO_OTP].id, "otp/")
    response = support_client.post(
        url + "number/", {"phone_number": "+31 6 1234 5678"}, headers=HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-current="step">Send the code</li>' in body
    assert 'CM.com sends a one-time code to <strong class="phone">+31612345678</strong>' in body
    assert "whatsapp-profile-changed" in response.headers["HX-Trigger"]
    assert AuditEntry.objects.filter(action="profile.phone_number.update").count() == 1


def test_a_rejected_profile_starts_over_with_a_new_number(
    support_client, account_a, request_id, profiles
):
    url = profile_url(account_a, request_id, profiles[REJECTED].id, "otp/")
    response = support_client.post(url + "number/", {"phone_number": "0049 151 2345 6789"})
    assert response.status_code == 302
    page = support_client.get(url)
    assert page.context["profile"].state == "pending"
    assert page.context["wizard"].step == "send"
    assert "+4915123456789" in page.content.decode()


def test_a_bad_number_in_the_walk_is_refused_at_the_field_and_kept(
    support_client, account_a, request_id, profiles, sandbox
):
    url = profile_url(account_a, request_id, profiles[NO_OTP].id, "otp/")
    response = support_client.post(url + "number/", {"phone_number": "612345678"}, headers=HTMX)
    body = response.content.decode()
    assert "Enter the number in international form" in body
    assert 'value="612345678"' in body
    assert "<details open>" in body
    assert [e for e in sandbox.log() if e["method"] == "PUT"] == []


def test_marketing_cannot_change_the_number_in_the_walk(
    marketing_client, account_a, request_id, profiles
):
    url = profile_url(account_a, request_id, profiles[NO_OTP].id, "otp/number/")
    assert marketing_client.post(url, {"phone_number": "+31612345678"}).status_code == 403
