"""Request a channel: first a confirmation that states what it will cost, then the request is
created (audited with the costs confirmed) and the new request is shown."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry
from tests.dashboard.channels.helpers import htmx


def _creates(sandbox):
    return [e for e in sandbox.log() if e["method"] == "POST"]


def test_the_confirmation_states_what_the_channel_will_cost(support_client, base, ids, sandbox):
    response = support_client.get(f"{base}/channel-types/{ids.whatsapp_type_id}/request/")
    body = response.content.decode()
    assert "Request a WhatsApp channel?" in body
    assert "This costs <strong>EUR 250.00</strong> to start" in body
    assert "<strong>EUR 50.00 a month</strong>" in body
    assert "The notice period is 30 days." in body
    assert _creates(sandbox) == []


def test_with_htmx_the_confirmation_opens_on_the_types_page(support_client, base, ids, sandbox):
    types_page = support_client.get(f"{base}/channel-types/").content.decode()
    assert 'hx-target="#request-confirm"' in types_page
    assert '<div id="request-confirm"></div>' in types_page
    fragment = support_client.get(
        f"{base}/channel-types/{ids.whatsapp_type_id}/request/", headers=htmx()
    ).content.decode()
    assert fragment.lstrip().startswith('<section id="request-confirm"')


def test_confirming_creates_the_request_and_shows_it(support_client, base, ids, sandbox):
    response = support_client.post(
        f"{base}/channel-types/{ids.whatsapp_type_id}/request/create/", {"confirm": "yes"}
    )
    assert response.status_code == 302
    (create,) = _creates(sandbox)
    assert create["path"].endswith("/channels/requests")
    assert create["params"]["channelTypeId"] == [ids.whatsapp_type_id]
    page = support_client.get(response["Location"])
    body = page.content.decode()
    assert "WhatsApp requested." in body
    assert "<h1>WhatsApp channel request</h1>" in body
    assert ">Pending</span>" in body
    entry = AuditEntry.objects.get(action="channel_request.create")
    assert entry.sent["confirmed_costs"] == {"startup": "250", "monthly": "50", "currency": "EUR"}
    assert entry.sent["after"]["id"] in response["Location"]
    # The new request shows in the list at once: the cached list was dropped.
    assert entry.sent["after"]["id"] in support_client.get(f"{base}/requests/").content.decode()


def test_an_unconfirmed_post_asks_again_and_requests_nothing(support_client, base, ids, sandbox):
    response = support_client.post(f"{base}/channel-types/{ids.whatsapp_type_id}/request/create/")
    body = response.content.decode()
    assert "Confirm first: nothing was changed." in body
    assert "This costs <strong>EUR 250.00</strong>" in body
    assert _creates(sandbox) == []


def test_a_refused_request_says_so_on_the_confirmation(support_client, base, ids, sandbox):
    # A 5xx is a lost answer, checked before anything else is said: test_post_writes_checked.
    sandbox.fault("POST", "/accounts/*", status=400)
    response = support_client.post(
        f"{base}/channel-types/{ids.whatsapp_type_id}/request/create/", {"confirm": "yes"}
    )
    assert response.status_code == 200
    assert (
        "The channel was not requested. CM.com refused the request: Injected fault: HTTP 400."
        in response.content.decode()
    )
    assert AuditEntry.objects.get(action="channel_request.create").outcome == "refused"


def test_marketing_cannot_request_a_channel(marketing_client, base, ids, sandbox):
    url = f"{base}/channel-types/{ids.whatsapp_type_id}/request/"
    assert marketing_client.get(url).status_code == 403
    assert marketing_client.post(f"{url}create/", {"confirm": "yes"}).status_code == 403
    assert _creates(sandbox) == []
