"""The channels services: every configuration write is audited with the element's state
before and after (and how it ended), and drops the cached configuration it changed."""

from __future__ import annotations

import pytest

from dashboard import upstream
from dashboard.audit.models import AuditEntry
from dashboard.channels import selectors, services
from tests.dashboard.channels.helpers import api_calls


@pytest.fixture
def write(account_a, support_user, ids):
    """Call a service as support on account A's seeded channel."""

    def call(name, **kwargs):
        return getattr(services, name)(
            actor=support_user, account=account_a, channel_id=ids.channel_id, **kwargs
        )

    return call


def _entry(action):
    return AuditEntry.objects.get(action=action)


def test_adding_a_webhook_records_what_was_sent_and_the_new_endpoint(write, ids, sandbox):
    write("webhook_add", url="https://a.example.com/in", method="GET", type="Custom")
    entry = _entry("webhook.add")
    assert entry.actor_username == "sam"
    assert entry.outcome == "ok"
    assert entry.sent["endpoint"] == {
        "method": "GET",
        "url": "https://a.example.com/in",
        "type": "Custom",
    }
    assert entry.sent["before"] is None
    assert entry.sent["after"]["url"] == "https://a.example.com/in"
    assert entry.sent["after"]["id"]
    assert entry.target == f"{ids.channel_id}/webhook"


def test_updating_a_webhook_records_it_before_and_after(write, ids, sandbox):
    write(
        "webhook_update",
        webhook_id=ids.webhook_id,
        url="https://b.example.com/in",
        method="POST",
        type="Json",
    )
    entry = _entry("webhook.update")
    assert entry.sent["before"]["url"] == ids.webhook_url
    assert entry.sent["after"]["url"] == "https://b.example.com/in"


def test_deleting_a_webhook_records_what_was_deleted(write, ids, sandbox):
    write("webhook_delete", webhook_id=ids.webhook_id)
    entry = _entry("webhook.delete")
    assert entry.sent["before"]["url"] == ids.webhook_url
    assert entry.sent["after"] is None


def test_email_writes_record_before_and_after(write, ids, sandbox):
    write("email_add", address="new@example.com")
    assert _entry("email.add").sent["after"]["address"] == "new@example.com"
    write("email_update", address_id=ids.address_id, address="changed@example.com")
    updated = _entry("email.update")
    assert (updated.sent["before"]["address"], updated.sent["after"]["address"]) == (
        ids.address,
        "changed@example.com",
    )
    write("email_delete", address_id=ids.address_id)
    assert _entry("email.delete").sent["before"]["address"] == "changed@example.com"


def test_event_webhook_writes_record_before_and_after(write, ids, sandbox):
    write(
        "event_webhook_update", event_webhook_id=ids.event_webhook_id, url="https://e.example.com"
    )
    entry = _entry("event_webhook.update")
    assert entry.sent["before"]["url"] == ids.event_webhook_url
    assert entry.sent["after"]["url"] == "https://e.example.com"
    write("event_webhook_delete", event_webhook_id=ids.event_webhook_id)
    assert _entry("event_webhook.delete").sent["after"] is None
    write("event_webhook_add", url="https://f.example.com")
    added = _entry("event_webhook.add")
    assert added.sent["before"] is None
    assert added.sent["after"]["url"] == "https://f.example.com"


def test_customer_contact_and_messaging_log_record_before_and_after(write, sandbox):
    write("customer_contact_set", url="https://crm.example.com/c", type="Json")
    contact = _entry("customer_contact.set")
    assert isinstance(contact.sent["before"], list)
    assert contact.sent["after"][0]["url"] == "https://crm.example.com/c"
    write("messaging_log_set", enabled=False)
    log = _entry("messaging_log.set")
    assert log.sent["after"] == {"enabled": False}
    assert "enabled" in log.sent["before"]


def test_switching_an_element_records_its_state_before_and_after(write, ids, sandbox):
    write(
        "configuration_set_enabled",
        element="email",
        configuration_id=ids.configuration_ids["email"],
        enabled=True,
    )
    entry = _entry("configuration.enable")
    assert entry.sent["after"] == {"enabled": True}
    assert entry.sent["before"] in ({"enabled": True}, {"enabled": False})


def test_a_refused_write_is_audited_with_cm_status_and_message(write, ids, sandbox):
    result = write("email_add", address=ids.address)  # already there: 409
    assert (result.state, result.status) == (upstream.WriteState.REFUSED, 409)
    entry = _entry("email.add")
    assert (entry.outcome, entry.upstream_status) == ("refused", 409)
    assert ids.address in entry.message


def test_a_write_drops_the_cached_configuration_so_the_next_read_is_fresh(
    write, account_a, ids, sandbox
):
    selectors.configuration(account_a, ids.channel_id)
    write("webhook_add", url="https://c.example.com/in", method="POST", type="Json")
    sandbox.clear_log()
    fresh = selectors.configuration(account_a, ids.channel_id)
    assert api_calls(sandbox) == [f"GET /channels/{ids.channel_id}/configuration"]
    assert "https://c.example.com/in" in [e.url for e in fresh.inbound.webhook.endpoints]


def test_a_failed_write_drops_the_cache_too(write, account_a, ids, sandbox):
    selectors.configuration(account_a, ids.channel_id)
    sandbox.fault("PUT", "/channels/v1/accounts/*", status=400)
    result = write(
        "webhook_update",
        webhook_id=ids.webhook_id,
        url="https://d.example.com/in",
        method="POST",
        type="Json",
    )
    assert (result.state, result.status) == (upstream.WriteState.REFUSED, 400)
    sandbox.clear_log()
    selectors.configuration(account_a, ids.channel_id)
    assert api_calls(sandbox) == [f"GET /channels/{ids.channel_id}/configuration"]


def test_requesting_a_channel_drops_the_cached_channel_lists(account_a, support_user, ids, sandbox):
    before = selectors.requests_page(account_a, None, 1)["requests"]
    created = services.channel_request_create(
        actor=support_user,
        account=account_a,
        channel_type_id=ids.sms_type_id,
        type_name="SMS",
        startup_cost=None,
        monthly_cost=None,
        currency="EUR",
    )
    after = selectors.requests_page(account_a, None, 1)["requests"]
    assert len(after.items) == len(before.items) + 1
    assert created.value.id in [row.request.id for row in after.items]


def test_what_a_lost_channel_request_was_about_is_said_in_the_readers_language(
    account_a, support_user, ids, sandbox
):
    """A reviewer sends the request; its outcome is read by the author: the name of what was
    sent is said in the author's language, not in the language of who sent it."""
    from django.utils import translation

    from dashboard.core import wording

    sandbox.fault("POST", f"/accounts/{account_a.account_id}/channels/requests", status=503)
    with translation.override("en"):
        created = services.channel_request_create(
            actor=support_user,
            account=account_a,
            channel_type_id=ids.sms_type_id,
            type_name="SMS",
            startup_cost=None,
            monthly_cost=None,
            currency="EUR",
        )
    assert "the channel request was not saved" in created.message

    with translation.override("nl"):
        said = wording.compose({}, wording.part(created.message))

    assert "de kanaalaanvraag niet is opgeslagen" in said
