"""The enabled switch of each configuration element: it switches with the enable/disable
operation, refreshes itself from "Get a configuration for a channel", and when CM.com
refuses, says so where the person clicked."""

from __future__ import annotations

import json

import pytest

from dashboard.audit.models import AuditEntry
from tests.dashboard.channels.helpers import api_calls, htmx


def _switch_url(base, ids, slug, suffix=""):
    return (
        f"{base}/channels/{ids.channel_id}/configuration/elements/{slug}/"
        f"{ids.configuration_ids[slug]}/{suffix}"
    )


def _current(support_client, channel_url, slug):
    configuration = support_client.get(channel_url).context["configuration"]
    return getattr(configuration.inbound, slug.replace("-", "_")).enabled


@pytest.mark.parametrize(
    "slug", ["messaging-log", "customer-contact", "email", "webhook", "event-webhook"]
)
def test_support_switches_each_element_and_the_switch_swaps_in_place(
    support_client, base, ids, channel_url, sandbox, slug
):
    was = _current(support_client, channel_url, slug)
    sandbox.clear_log()
    response = support_client.post(
        _switch_url(base, ids, slug, "enabled/"),
        {"enabled": "false" if was else "true"},
        headers=htmx(),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<div id="switch-{slug}"')
    assert ("Disabled" if was else "Enabled") in body
    assert ("Enable" if was else "Disable") + " <span" in body
    calls = sandbox.log()
    assert [(c["method"], c["params"].get("enabled")) for c in calls if c["method"] == "PUT"] == [
        ("PUT", ["false" if was else "true"])
    ]
    events = json.loads(response.headers["HX-Trigger"])
    assert f"{slug}-switched" in events
    assert "switched" in events["toast"]["items"][0]["message"]


def test_without_htmx_the_switch_redirects_to_the_channel_showing_the_new_state(
    support_client, base, ids, channel_url, sandbox
):
    was = _current(support_client, channel_url, "webhook")
    response = support_client.post(
        _switch_url(base, ids, "webhook", "enabled/"), {"enabled": "false" if was else "true"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/channels/{ids.channel_id}/#element-webhook")
    page = support_client.get(response["Location"])
    assert f"Webhooks: switched {'off' if was else 'on'}." in page.content.decode()
    assert _current(support_client, channel_url, "webhook") is (not was)


def test_the_switch_refreshes_itself_with_one_read_of_that_element(
    support_client, base, ids, sandbox
):
    response = support_client.get(_switch_url(base, ids, "webhook"), headers=htmx())
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="switch-webhook"')
    assert api_calls(sandbox) == [
        f"GET /channels/{ids.channel_id}/configuration/{ids.configuration_ids['webhook']}"
    ]
    sandbox.clear_log()
    support_client.get(_switch_url(base, ids, "webhook"), headers=htmx())
    assert api_calls(sandbox) == []


def test_the_element_page_without_htmx_shows_its_dates(support_client, base, ids, sandbox):
    body = support_client.get(_switch_url(base, ids, "email")).content.decode()
    assert "<h1>E-mail addresses</h1>" in body
    assert "<dt>Created</dt>" in body
    assert ids.configuration_ids["email"] in body


def test_an_unknown_element_is_not_found(support_client, base, ids, sandbox):
    config_id = ids.configuration_ids["email"]
    url = f"{base}/channels/{ids.channel_id}/configuration/elements/fax/{config_id}/"
    assert support_client.get(url).status_code == 404


def test_a_refused_switch_says_why_in_place(support_client, base, ids, channel_url, sandbox):
    was = _current(support_client, channel_url, "webhook")
    sandbox.fault("PUT", "/accounts/*", status=503, count=10)
    response = support_client.post(
        _switch_url(base, ids, "webhook", "enabled/"),
        {"enabled": "false" if was else "true"},
        headers=htmx(),
    )
    assert response.status_code == 200
    body = response.content.decode()
    word = "off" if was else "on"
    assert f"The webhook configuration was not switched {word}." in body
    assert "CM.com failed on its side (status 503)" in body
    # The switch still shows the state CM.com has, and can be tried again.
    assert ("Disable <span" if was else "Enable <span") in body
    entry = AuditEntry.objects.get(
        action="configuration.disable" if was else "configuration.enable"
    )
    assert (entry.outcome, entry.upstream_status) == ("refused", 503)


def test_a_switch_post_without_a_value_sends_nothing(support_client, base, ids, sandbox):
    response = support_client.post(_switch_url(base, ids, "webhook", "enabled/"), headers=htmx())
    assert response.status_code == 200
    assert "Say whether to switch this on or off" in response.content.decode()
    assert api_calls(sandbox, "PUT") == []


def test_marketing_cannot_disable_a_webhook(marketing_client, base, ids, sandbox):
    response = marketing_client.post(
        _switch_url(base, ids, "webhook", "enabled/"), {"enabled": "false"}
    )
    assert response.status_code == 403
    assert api_calls(sandbox, "PUT") == []
    assert not AuditEntry.objects.exists()
