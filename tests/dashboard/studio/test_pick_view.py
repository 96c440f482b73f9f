"""/a/<account>/templates/: straight to the templates when the account has one WhatsApp
channel request; a short list (and the WhatsApp page's picker) when it has several."""

from __future__ import annotations


def _pick(account):
    return f"/a/{account.account_id}/templates/"


def test_several_whatsapp_requests_are_listed_active_first_with_their_state_in_words(
    marketing_client, studio
):
    response = marketing_client.get(_pick(studio.account))
    assert response.status_code == 200
    body = response.content.decode()
    body = body[body.index("<main") :]
    assert body.count("Templates of request") == 3
    assert body.index(">Active<") < body.index(">Pending<") < body.index(">Cancelled<")
    assert body.index(f"<code>{studio.request_id}</code>") < body.index(">Active<")
    assert f'href="/a/{studio.account.account_id}/whatsapp/{studio.request_id}/templates/"' in body
    assert f'href="/a/{studio.account.account_id}/whatsapp/"' in body


def test_one_whatsapp_request_goes_straight_to_its_templates(marketing_client, studio):
    whatsapp_type = next(entry for entry in _types(studio) if entry["description"] == "WhatsApp")[
        "id"
    ]
    studio.sandbox.fault(
        "GET",
        f"/channels/v1/accounts/{studio.account.account_id}/channels/requests",
        status=200,
        body=[{"id": studio.request_id, "channelTypeId": whatsapp_type, "isActive": True}],
    )
    response = marketing_client.get(_pick(studio.account))
    assert response.status_code == 302
    assert response["Location"] == studio.url("list")


def test_an_account_without_whatsapp_says_so(marketing_client, studio):
    studio.sandbox.fault(
        "GET",
        f"/channels/v1/accounts/{studio.account.account_id}/channels/requests",
        status=200,
        body=[],
    )
    response = marketing_client.get(_pick(studio.account))
    assert response.status_code == 200
    assert "no WhatsApp channel request yet" in response.content.decode()


def test_an_upstream_failure_shows_in_words_in_place(support_client, studio):
    studio.sandbox.fault(
        "GET",
        f"/channels/v1/accounts/{studio.account.account_id}/channels/requests",
        status=500,
    )
    response = support_client.get(_pick(studio.account))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your WhatsApp channel requests could not be loaded from CM.com." in body
    assert "CM.com failed on its side (status 500)" in body


def _types(studio):
    from dashboard.upstream import client_for

    with client_for(studio.account) as client:
        return [{"id": t.id, "description": t.description} for t in client.channels.list_types()]
