"""The messaging log: set on or off ("Update a messaging log configuration"), inline; the
form refreshes itself after the element's switch changed."""

from __future__ import annotations

import json

from tests.dashboard.channels.helpers import api_calls, htmx


def test_support_turns_the_messaging_log_off_and_on(support_client, channel_url, ids, sandbox):
    url = f"{channel_url}configuration/messaging-log/set/"
    response = support_client.post(url, {"messaging-log-enabled": "false"}, headers=htmx())
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="messaging-log"')
    assert "<strong>not logged</strong>" in body
    posts = [e for e in sandbox.log() if e["method"] == "POST"]
    assert [(p["path"].rsplit("/", 1)[-1], p["body"]) for p in posts] == [
        ("messaginglog", {"enabled": False})
    ]
    assert "messaging-log-changed" in json.loads(response.headers["HX-Trigger"])
    response = support_client.post(url, {"messaging-log-enabled": "true"}, headers=htmx())
    assert "<strong>logged</strong>" in response.content.decode()


def test_no_choice_is_refused_at_the_field(support_client, channel_url, sandbox):
    response = support_client.post(
        f"{channel_url}configuration/messaging-log/set/", {}, headers=htmx()
    )
    body = response.content.decode()
    assert "Choose whether messages are logged: on or off." in body
    assert [e for e in sandbox.log() if e["method"] == "POST"] == []


def test_the_form_reloads_after_the_switch_with_one_read(support_client, channel_url, ids, sandbox):
    body = support_client.get(channel_url).content.decode()
    assert 'hx-trigger="messaging-log-switched from:body"' in body
    sandbox.clear_log()
    response = support_client.get(f"{channel_url}configuration/messaging-log/", headers=htmx())
    assert response.content.decode().lstrip().startswith('<div id="messaging-log"')
    assert api_calls(sandbox) == []  # the page's read is still fresh


def test_marketing_cannot_set_the_messaging_log(marketing_client, channel_url, sandbox):
    response = marketing_client.post(
        f"{channel_url}configuration/messaging-log/set/", {"messaging-log-enabled": "true"}
    )
    assert response.status_code == 403
