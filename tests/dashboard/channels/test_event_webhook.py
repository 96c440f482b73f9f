"""The event webhook endpoint: one at most, always POST and Json; edit, delete (asking first)
and set again, inline."""

from __future__ import annotations

import json

import pytest

from tests.dashboard.channels.helpers import htmx


@pytest.fixture
def urls(channel_url, ids):
    one = f"{channel_url}configuration/event-webhook/{ids.event_webhook_id}/"
    return {
        "add": f"{channel_url}configuration/event-webhook/add/",
        "show": one,
        "edit": f"{one}edit/",
        "update": f"{one}update/",
        "confirm": f"{one}confirm-delete/",
        "delete": f"{one}delete/",
    }


def _writes(sandbox):
    return [e for e in sandbox.log() if e["method"] in ("POST", "PUT", "DELETE")]


def _fields(prefix, url, method="POST", type_="Json"):
    return {f"{prefix}-url": url, f"{prefix}-method": method, f"{prefix}-type": type_}


def test_editing_the_event_webhook_sends_the_event_webhook_shape(
    support_client, urls, ids, sandbox
):
    form = support_client.get(urls["edit"], headers=htmx()).content.decode()
    assert form.lstrip().startswith('<div id="event-webhook"')
    assert f'value="{ids.event_webhook_url}"' in form
    response = support_client.post(
        urls["update"],
        _fields(f"event-webhook-{ids.event_webhook_id}", "https://events.example.com/cm"),
        headers=htmx(),
    )
    assert "https://events.example.com/cm" in response.content.decode()
    (write,) = _writes(sandbox)
    assert write["method"] == "PUT"
    assert write["path"].endswith(
        f"/channels/{ids.channel_id}/configuration/eventwebhook/{ids.event_webhook_id}"
    )
    assert write["body"] == {
        "endpoint": {"method": "POST", "url": "https://events.example.com/cm", "type": "Json"}
    }
    assert "event-webhook-changed" in json.loads(response.headers["HX-Trigger"])


@pytest.mark.parametrize(
    ("field", "value"), [("method", "PUT"), ("type", "Xml"), ("url", "/relative/path")]
)
def test_the_event_webhook_takes_only_post_json_and_an_absolute_url(
    support_client, urls, ids, sandbox, field, value
):
    data = {"url": "https://events.example.com/cm", "method": "POST", "type": "Json", field: value}
    prefix = f"event-webhook-{ids.event_webhook_id}"
    response = support_client.post(
        urls["update"], {f"{prefix}-{k}": v for k, v in data.items()}, headers=htmx()
    )
    body = response.content.decode()
    assert f'id="id_{prefix}-{field}_error"' in body
    assert _writes(sandbox) == []


def test_deleting_asks_first_then_offers_to_set_one_again(support_client, urls, ids, sandbox):
    question = support_client.get(urls["confirm"], headers=htmx()).content.decode()
    assert "Delete the event webhook" in question
    assert ids.event_webhook_url in question
    response = support_client.post(urls["delete"], {"confirm": "yes"}, headers=htmx())
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="event-webhook"')
    assert "No event webhook endpoint." in body
    assert "Set event webhook" in body
    (write,) = _writes(sandbox)
    assert write["method"] == "DELETE"
    assert write["path"].endswith(
        f"/channel/{ids.channel_id}/configuration/eventwebhook/{ids.event_webhook_id}"
    )
    sandbox.clear_log()
    added = support_client.post(
        urls["add"], _fields("event-webhook-add", "https://events.example.com/new"), headers=htmx()
    )
    assert "https://events.example.com/new" in added.content.decode()
    (write,) = _writes(sandbox)
    assert write["path"].endswith(f"/channel/{ids.channel_id}/configuration/eventwebhook")


def test_cancel_shows_the_endpoint_again(support_client, urls, ids, sandbox):
    body = support_client.get(urls["show"], headers=htmx()).content.decode()
    assert ids.event_webhook_url in body
    assert "Edit <span" in body


def test_marketing_cannot_change_the_event_webhook(marketing_client, urls, sandbox):
    for name in ("add", "update", "delete"):
        assert marketing_client.post(urls[name], {"confirm": "yes"}).status_code == 403
    assert _writes(sandbox) == []


@pytest.mark.parametrize("with_htmx", [True, False])
def test_an_add_from_a_stale_page_that_cm_com_refuses_says_why_next_to_the_endpoint(
    support_client, urls, ids, account_a, sandbox, with_htmx
):
    """The channel has an event webhook, so its add form is not shown; a page loaded before it
    was set still posts the add. CM.com's refusal shows in the section, with what was typed."""
    sandbox.fault(
        "POST",
        f"/accounts/{account_a.account_id}/channel/{ids.channel_id}/configuration/eventwebhook",
        status=409,
        body={"message": "This channel already has an event webhook."},
    )
    response = support_client.post(
        urls["add"],
        _fields("event-webhook-add", "https://stale.example.com/cm"),
        headers=htmx() if with_htmx else {},
    )
    assert response.status_code == 200
    body = response.content.decode()
    section = body[body.index('<div id="event-webhook"') :]
    assert "The event webhook was not added." in section
    assert "This channel already has an event webhook." in section
    assert 'value="https://stale.example.com/cm"' in section
    assert ids.event_webhook_url in section
    assert [e["status"] for e in _writes(sandbox)] == [409]
