"""The nine item writes (add, change, delete an e-mail address, a webhook, the event webhook):
each service sends its one client call and leaves one audit entry, and each write through the
pages reads the channel's configuration once, cache or no cache."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.audit.models import AuditEntry
from dashboard.channels import services
from dashboard.upstream import client_for
from tests.dashboard.channels.helpers import api_calls, htmx


@pytest.fixture
def on_channel(account_a, support_user, ids) -> dict[str, Any]:
    """What every service call takes: support acting on account A's seeded channel."""
    return {"actor": support_user, "account": account_a, "channel_id": ids.channel_id}


def _writes(sandbox) -> list[str]:
    return [call for call in api_calls(sandbox) if not call.startswith("GET ")]


def _audited(action: str) -> list[str]:
    return [entry.outcome for entry in AuditEntry.objects.filter(action=action)]


def test_adding_an_email_address_calls_add_email_once_and_audits_it(on_channel, ids, sandbox):
    result = services.email_add(**on_channel, address="one@example.com")
    assert result.ok
    assert "one@example.com" in [a.address for a in result.value.addresses]
    assert _writes(sandbox) == [f"POST /channel/{ids.channel_id}/configuration/email"]
    assert _audited("email.add") == ["ok"]


def test_changing_an_email_address_calls_update_email_once_and_audits_it(on_channel, ids, sandbox):
    result = services.email_update(
        **on_channel, address_id=ids.address_id, address="two@example.com"
    )
    assert "two@example.com" in [a.address for a in result.value.addresses]
    assert _writes(sandbox) == [
        f"PUT /channels/{ids.channel_id}/configuration/email/{ids.address_id}"
    ]
    assert _audited("email.update") == ["ok"]


def test_deleting_an_email_address_calls_delete_email_once_and_audits_it(on_channel, ids, sandbox):
    services.email_delete(**on_channel, address_id=ids.address_id)
    assert _writes(sandbox) == [
        f"DELETE /channel/{ids.channel_id}/configuration/email/{ids.address_id}"
    ]
    assert _audited("email.delete") == ["ok"]


def test_adding_a_webhook_calls_add_webhook_once_and_audits_it(on_channel, ids, sandbox):
    result = services.webhook_add(
        **on_channel, url="https://one.example.com/in", method="PUT", type="Xml"
    )
    assert result.ok
    assert "https://one.example.com/in" in [e.url for e in result.value.endpoints]
    assert _writes(sandbox) == [f"POST /channel/{ids.channel_id}/configuration/webhook"]
    assert _audited("webhook.add") == ["ok"]


def test_changing_a_webhook_calls_update_webhook_once_and_audits_it(on_channel, ids, sandbox):
    result = services.webhook_update(
        **on_channel,
        webhook_id=ids.webhook_id,
        url="https://two.example.com/in",
        method="GET",
        type="Custom",
    )
    assert "https://two.example.com/in" in [e.url for e in result.value.endpoints]
    assert _writes(sandbox) == [
        f"PUT /channels/{ids.channel_id}/configuration/webhook/{ids.webhook_id}"
    ]
    assert _audited("webhook.update") == ["ok"]


def test_deleting_a_webhook_calls_delete_webhook_once_and_audits_it(on_channel, ids, sandbox):
    services.webhook_delete(**on_channel, webhook_id=ids.webhook_id)
    assert _writes(sandbox) == [
        f"DELETE /channel/{ids.channel_id}/configuration/webhook/{ids.webhook_id}"
    ]
    assert _audited("webhook.delete") == ["ok"]


def test_setting_the_event_webhook_calls_add_event_webhook_once_and_audits_it(
    on_channel, account_a, ids, sandbox
):
    with client_for(account_a) as client:
        client.configuration.delete_event_webhook(ids.channel_id, ids.event_webhook_id)
    sandbox.clear_log()
    result = services.event_webhook_add(**on_channel, url="https://one.example.com/events")
    assert result.ok
    assert result.value.endpoint.url == "https://one.example.com/events"
    assert _writes(sandbox) == [f"POST /channel/{ids.channel_id}/configuration/eventwebhook"]
    assert _audited("event_webhook.add") == ["ok"]


def test_changing_the_event_webhook_calls_update_event_webhook_once_and_audits_it(
    on_channel, ids, sandbox
):
    result = services.event_webhook_update(
        **on_channel, event_webhook_id=ids.event_webhook_id, url="https://two.example.com/events"
    )
    assert result.value.endpoint.url == "https://two.example.com/events"
    assert _writes(sandbox) == [
        f"PUT /channels/{ids.channel_id}/configuration/eventwebhook/{ids.event_webhook_id}"
    ]
    assert _audited("event_webhook.update") == ["ok"]


def test_deleting_the_event_webhook_calls_delete_event_webhook_once_and_audits_it(
    on_channel, ids, sandbox
):
    services.event_webhook_delete(**on_channel, event_webhook_id=ids.event_webhook_id)
    assert _writes(sandbox) == [
        f"DELETE /channel/{ids.channel_id}/configuration/eventwebhook/{ids.event_webhook_id}"
    ]
    assert _audited("event_webhook.delete") == ["ok"]


def test_a_service_given_the_configuration_read_does_not_read_it_again(
    on_channel, account_a, ids, sandbox, settings
):
    settings.UPSTREAM_CACHE_SECONDS = 0
    with client_for(account_a) as client:
        known = client.configuration.get_all(ids.channel_id)
    sandbox.clear_log()
    services.webhook_delete(**on_channel, webhook_id=ids.webhook_id, known=known)
    assert api_calls(sandbox, "GET") == []
    assert AuditEntry.objects.get(action="webhook.delete").sent["before"]["url"] == ids.webhook_url


def _endpoint(prefix: str, url: str) -> dict[str, str]:
    return {f"{prefix}-url": url, f"{prefix}-method": "POST", f"{prefix}-type": "Json"}


def _item_writes(ids) -> list[tuple[str, dict[str, str]]]:
    """(path under the channel's configuration, form) of each item write, as the page posts."""
    email, hook, event = ids.address_id, ids.webhook_id, ids.event_webhook_id
    return [
        ("emails/add/", {"email-add-address": "read@example.com"}),
        (f"emails/{email}/update/", {f"email-{email}-address": "read2@example.com"}),
        (f"emails/{email}/delete/", {"confirm": "yes"}),
        ("webhooks/add/", _endpoint("webhook-add", "https://read.example.com/in")),
        (f"webhooks/{hook}/update/", _endpoint(f"webhook-{hook}", "https://r2.example.com")),
        (f"webhooks/{hook}/delete/", {"confirm": "yes"}),
        (f"event-webhook/{event}/update/", _endpoint(f"event-webhook-{event}", "https://e.test")),
        (f"event-webhook/{event}/delete/", {"confirm": "yes"}),
    ]


@pytest.mark.parametrize("with_htmx", [True, False], ids=["htmx", "without-htmx"])
def test_every_item_write_reads_the_channels_configuration_once_even_without_a_cache(
    support_client, channel_url, ids, sandbox, settings, with_htmx
):
    # With the cache on the other reads are hits and the log could not tell one read from
    # four; without it every read goes to CM.com and shows in the log.
    settings.UPSTREAM_CACHE_SECONDS = 0
    reads = {}
    for path, form in _item_writes(ids):
        sandbox.reset()
        sandbox.clear_log()
        response = support_client.post(
            f"{channel_url}configuration/{path}", form, headers=htmx() if with_htmx else {}
        )
        assert response.status_code == (200 if with_htmx else 302), path
        assert len(_writes(sandbox)) == 1, path
        reads[path] = api_calls(sandbox, "GET")
    once = [f"GET /channels/{ids.channel_id}/configuration"]
    assert reads == {path: once for path, _form in _item_writes(ids)}


def test_setting_the_event_webhook_from_the_page_reads_the_configuration_once(
    support_client, channel_url, account_a, ids, sandbox, settings
):
    settings.UPSTREAM_CACHE_SECONDS = 0
    with client_for(account_a) as client:
        client.configuration.delete_event_webhook(ids.channel_id, ids.event_webhook_id)
    sandbox.clear_log()
    response = support_client.post(
        f"{channel_url}configuration/event-webhook/add/",
        _endpoint("event-webhook-add", "https://read.example.com/events"),
        headers=htmx(),
    )
    assert response.status_code == 200
    assert _writes(sandbox) == [f"POST /channel/{ids.channel_id}/configuration/eventwebhook"]
    assert api_calls(sandbox, "GET") == [f"GET /channels/{ids.channel_id}/configuration"]
