"""A profile's page: name, image, number, state with the rejection reason, OTP sent and
processed; the number form and the walk offered to support and admin only."""

from __future__ import annotations

import pytest

from dashboard.whatsapp.selectors import image_src
from tests.dashboard.whatsapp.helpers import (
    HTMX,
    NO_OTP,
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


def test_a_profile_shows_its_name_image_number_and_otp_state(
    marketing_client, account_a, request_id, profiles
):
    sales = profiles[NO_OTP]
    response = marketing_client.get(profile_url(account_a, request_id, sales.id))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<h1 id="profile-title">{sales.name}</h1>' in body
    assert 'src="data:image/svg+xml' in body
    assert f'alt="Profile image of {sales.name}"' in body
    assert "+" + sales.phone_number[2:] in body
    assert '<span class="badge badge-pending">Pending</span>' in body
    assert "<dt>One-time code sent</dt><dd>No</dd>" in body
    assert "<dt>One-time code processed</dt><dd>No</dd>" in body


def test_a_rejected_profile_shows_the_reason(support_client, account_a, request_id, profiles):
    body = support_client.get(
        profile_url(account_a, request_id, profiles[REJECTED].id)
    ).content.decode()
    assert '<span class="badge badge-rejected">Rejected</span>' in body
    assert "<strong>Rejected:</strong> The display name does not follow WhatsApp" in body


def test_marketing_reads_a_profile_but_is_not_offered_to_change_or_verify_it(
    marketing_client, account_a, request_id, profiles
):
    body = marketing_client.get(
        profile_url(account_a, request_id, profiles[NO_OTP].id)
    ).content.decode()
    assert "Change the phone number" not in body
    assert "Verify the phone number" not in body


def test_support_is_offered_to_change_the_number_and_to_verify_it(
    support_client, account_a, request_id, profiles
):
    sales = profiles[NO_OTP]
    body = support_client.get(profile_url(account_a, request_id, sales.id)).content.decode()
    assert "Change the phone number" in body
    assert 'type="tel"' in body
    assert f'href="{profile_url(account_a, request_id, sales.id, "otp/")}"' in body


def test_a_profile_page_makes_one_call_and_none_on_a_repeat_view(
    support_client, account_a, request_id, profiles, sandbox
):
    sales = profiles[NO_OTP]
    sandbox.clear_log()
    support_client.get(profile_url(account_a, request_id, sales.id))
    assert api_calls(sandbox, account_a) == [("GET", f"/whatsapp/{request_id}/profiles/{sales.id}")]
    sandbox.clear_log()
    support_client.get(profile_url(account_a, request_id, sales.id))
    assert api_calls(sandbox, account_a) == []


def test_the_card_reloads_itself_when_the_profile_changed(
    support_client, account_a, request_id, profiles
):
    url = profile_url(account_a, request_id, profiles[NO_OTP].id)
    page = support_client.get(url).content.decode()
    assert f'hx-get="{url}" hx-trigger="whatsapp-profile-changed from:body"' in page
    card = support_client.get(url, headers=HTMX).content.decode()
    assert card.lstrip().startswith('<article id="profile-card"')


def test_an_unknown_profile_is_a_404_that_says_so(support_client, account_a, request_id):
    response = support_client.get(
        profile_url(account_a, request_id, "00000000-0000-4000-8000-000000000000")
    )
    assert response.status_code == 404
    assert "CM.com has no such WhatsApp profile" in response.content.decode()


@pytest.mark.parametrize(
    ("image", "shown"),
    [
        ("data:image/png;base64,iVBORw0KGgo=", "data:image/png;base64,iVBORw0KGgo="),
        ("iVBORw0KGgo=", "data:image/png;base64,iVBORw0KGgo="),
        ("javascript:alert(1)", ""),
        ("data:text/html;base64,PHNjcmlwdD4=", ""),
        (None, ""),
    ],
)
def test_only_an_image_becomes_the_profile_picture(image, shown):
    assert image_src(image) == shown


def test_the_new_number_form_is_blank_again_after_a_refused_number_and_in_each_persons_language(
    support_client, support_user, account_a, request_id, profiles
):
    # The blank form is written once per language and remembered; what was typed is not.
    url = profile_url(account_a, request_id, profiles[NO_OTP].id)
    assert '<label for="id_phone_number">New phone number:</label>' in (
        support_client.get(url).content.decode()
    )
    refused = support_client.post(
        url + "phone-number/", {"phone_number": "06 1234 5678"}
    ).content.decode()
    assert 'value="06 1234 5678"' in refused
    assert "Enter the number in international form" in refused
    again = support_client.get(url).content.decode()
    assert 'name="phone_number"' in again
    assert "06 1234 5678" not in again
    assert "Enter the number in international form" not in again
    support_user.language = "nl"
    support_user.save(update_fields=["language"])
    dutch = support_client.get(url).content.decode()
    assert '<label for="id_phone_number">Nieuw telefoonnummer:</label>' in dutch
    assert "New phone number" not in dutch
