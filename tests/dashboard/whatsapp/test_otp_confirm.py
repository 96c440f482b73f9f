"""Step 1 of the OTP walk: confirming the number moves on to sending the code."""

from __future__ import annotations

import pytest

from tests.dashboard.whatsapp.helpers import (
    ACTIVE,
    HTMX,
    NO_OTP,
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


def test_confirming_the_number_moves_on_to_sending_the_code(
    support_client, account_a, request_id, profiles, sandbox
):
    sales = profiles[NO_OTP]
    url = profile_url(account_a, request_id, sales.id, "otp/")
    response = support_client.post(url + "confirm/", {"phone_number": sales.phone_number})
    assert response.status_code == 302
    assert response.headers["Location"] == url
    page = support_client.get(url)
    assert page.context["wizard"].step == "send"
    assert "Send the code by" in page.content.decode()
    # Confirming is the dashboard's own step: nothing was sent to CM.com.
    assert [e for e in sandbox.log() if e["path"].endswith("/otp")] == []


def test_confirming_with_htmx_answers_the_next_step_in_place(
    support_client, account_a, request_id, profiles
):
    sales = profiles[NO_OTP]
    response = support_client.post(
        profile_url(account_a, request_id, sales.id, "otp/confirm/"),
        {"phone_number": sales.phone_number},
        headers=HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="otp-wizard"')
    assert 'aria-current="step">Send the code</li>' in body
    assert '<input type="radio" name="method" value="voice"' in body


def test_a_number_that_changed_meanwhile_is_not_confirmed(
    support_client, account_a, request_id, profiles
):
    sales = profiles[NO_OTP]
    response = support_client.post(
        profile_url(account_a, request_id, sales.id, "otp/confirm/"),
        {"phone_number": "0031699999999"},
    )
    assert response.status_code == 200
    assert response.context["wizard"].step == "number"
    assert "The profile&#x27;s number changed meanwhile: it is now +" in response.content.decode()


def test_an_empty_confirmation_says_what_to_do(support_client, account_a, request_id, profiles):
    response = support_client.post(
        profile_url(account_a, request_id, profiles[NO_OTP].id, "otp/confirm/"), {}
    )
    assert response.status_code == 200
    assert "Confirm the number shown, or change it." in response.content.decode()


def test_confirming_an_active_profile_changes_nothing(
    support_client, account_a, request_id, profiles
):
    support = profiles[ACTIVE]
    response = support_client.post(
        profile_url(account_a, request_id, support.id, "otp/confirm/"),
        {"phone_number": support.phone_number},
    )
    assert response.status_code == 200
    assert response.context["wizard"].step == "done"


def test_marketing_cannot_confirm_a_number(marketing_client, account_a, request_id, profiles):
    sales = profiles[NO_OTP]
    response = marketing_client.post(
        profile_url(account_a, request_id, sales.id, "otp/confirm/"),
        {"phone_number": sales.phone_number},
    )
    assert response.status_code == 403
