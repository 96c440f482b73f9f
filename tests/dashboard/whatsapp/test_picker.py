"""The WhatsApp request picker: straight on when one request is active, a list otherwise."""

from __future__ import annotations

from tests.dashboard.whatsapp.helpers import api_calls, base, whatsapp_requests


def test_the_picker_goes_straight_to_the_one_active_whatsapp_request(support_client, account_a):
    active = whatsapp_requests(account_a)["active"]
    response = support_client.get(f"{base(account_a)}/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{base(account_a)}/{active}/"


def test_the_menus_profiles_link_goes_straight_to_the_profiles_of_the_one_request(
    support_client, account_a
):
    active = whatsapp_requests(account_a)["active"]
    response = support_client.get(f"{base(account_a)}/?to=profiles")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{base(account_a)}/{active}/profiles/"
    # Anything else it is asked to go to is the business account.
    elsewhere = support_client.get(f"{base(account_a)}/?to=//evil.example")
    assert elsewhere.headers["Location"] == f"{base(account_a)}/{active}/"


def test_the_picker_lists_every_whatsapp_request_with_its_state_when_asked(
    marketing_client, account_a
):
    ids = whatsapp_requests(account_a)
    response = marketing_client.get(f"{base(account_a)}/?all=1")
    assert response.status_code == 200
    body = response.content.decode()
    listed = [(item.id, item.state_label) for item in response.context["requests"]]
    assert listed == [
        (ids["active"], "Active"),
        (ids["pending"], "Pending"),
        (ids["closed"], "Cancelled"),
    ]
    for request_id in ids.values():
        assert f"{base(account_a)}/{request_id}/" in body


def test_the_picker_lists_the_requests_when_more_than_one_is_active(
    support_client, account_a, sandbox
):
    sandbox.advance(3600)  # the pending WhatsApp request is fulfilled
    response = support_client.get(f"{base(account_a)}/")
    assert response.status_code == 200
    states = [item.state for item in response.context["requests"]]
    assert states.count("active") == 2
    assert "Pick the WhatsApp channel request" in response.content.decode()


def test_a_second_view_of_the_picker_reads_nothing_from_cm_com(support_client, account_a, sandbox):
    support_client.get(f"{base(account_a)}/")
    sandbox.clear_log()
    support_client.get(f"{base(account_a)}/")
    assert api_calls(sandbox, account_a) == []


def test_the_picker_asks_cm_once_for_requests_and_once_for_types(
    support_client, account_a, sandbox
):
    support_client.get(f"{base(account_a)}/?all=1")
    assert sorted(api_calls(sandbox, account_a)) == [
        ("GET", "/channels/requests"),
        ("GET", "/channels/types"),
    ]


def test_an_upstream_failure_shows_in_place_on_the_picker(support_client, account_a, sandbox):
    sandbox.fault(
        "GET", f"/channels/v1/accounts/{account_a.account_id}/channels/requests", status=500
    )
    response = support_client.get(f"{base(account_a)}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your WhatsApp channel requests could not be loaded from CM.com." in body
    assert "CM.com failed on its side (status 500)" in body


def test_an_htmx_picker_with_one_active_request_lets_htmx_load_the_page(support_client, account_a):
    active = whatsapp_requests(account_a)["active"]
    response = support_client.get(f"{base(account_a)}/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == f"{base(account_a)}/{active}/"
