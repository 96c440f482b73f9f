"""A channel's inbound configuration: both path forms, every element, statefulness."""

from __future__ import annotations

import pytest


@pytest.fixture
def channel(api):
    return api.any_channel("templates")["id"]


def test_all_configurations_have_the_documented_shape(api, channel):
    data = api.ok("GET", f"/channels/{channel}/configuration")
    group = data["channelGroup"]
    assert group["channels"][0]["id"] == channel
    state = group["channels"][0]["requestState"]
    assert set(state) == {"completeness", "nextStage", "progression", "hasPendingOrder"}
    assert state["progression"]["current"] in state["progression"]["stages"]
    assert state["nextStage"]["type"] in ("UNKNOWN", "PROCESSING", "ACTION_REQUIRED")
    inbound = data["inbound"]
    assert set(inbound) == {"messagingLog", "customerContact", "email", "webhook", "eventWebhook"}
    assert "endpoints" in inbound["webhook"]
    assert "addresses" in inbound["email"]
    assert "endpoint" in inbound["eventWebhook"]


def test_a_pending_whatsapp_request_shows_its_stage_in_the_business_account_channel(api):
    channels = api.ok("GET", "/channels")["available"]["whatsApp"]["businessAccount"]
    pending = next(c for c in channels if c["isPending"])
    state = api.ok("GET", f"/channels/{pending['id']}/configuration")["channelGroup"]["channels"][
        0
    ]["requestState"]
    assert state["progression"]["current"] == "DOCUMENTS"
    assert state["nextStage"]["type"] == "ACTION_REQUIRED"
    assert 0 < state["completeness"] < 100


@pytest.mark.parametrize("form", ["channel", "channels"])
def test_every_configuration_route_answers_on_both_path_forms(api, channel, form):
    base = f"/{form}/{channel}/configuration"
    data = api.ok("GET", base)
    log_id = data["inbound"]["messagingLog"]["id"]
    assert api.ok("GET", f"{base}/{log_id}")["id"] == log_id
    assert api.ok("PUT", f"{base}/{log_id}", params={"enabled": "false"})["enabled"] is False
    api.ok("POST", f"{base}/messaginglog", json={"enabled": True})
    api.ok("POST", f"{base}/customercontact", json={"endpoint": {"url": "https://a.example/c"}})
    email = api.ok("POST", f"{base}/email", json={"email": {"address": "x@a.example"}})
    address = next(a for a in email["addresses"] if a["address"] == "x@a.example")["id"]
    api.ok("PUT", f"{base}/email/{address}", json={"email": {"address": "y@a.example"}})
    assert api.delete(f"{base}/email/{address}").status_code == 200
    hook = api.ok("POST", f"{base}/webhook", json={"endpoint": {"url": "https://a.example/w"}})
    hook_id = hook["endpoints"][-1]["id"]
    api.ok("PUT", f"{base}/webhook/{hook_id}", json={"endpoint": {"url": "https://a.example/v"}})
    assert api.delete(f"{base}/webhook/{hook_id}").status_code == 200
    events = api.ok(
        "POST", f"{base}/eventwebhook", json={"endpoint": {"url": "https://a.example/e"}}
    )
    event_id = events["endpoint"]["id"]
    api.ok(
        "PUT", f"{base}/eventwebhook/{event_id}", json={"endpoint": {"url": "https://a.example/f"}}
    )
    assert api.delete(f"{base}/eventwebhook/{event_id}").status_code == 200


def test_enabling_a_configuration_shows_in_later_reads(api, channel):
    data = api.ok("GET", f"/channels/{channel}/configuration")
    webhook = data["inbound"]["webhook"]
    flipped = not webhook["enabled"]
    api.ok("PUT", f"/channels/{channel}/configuration/{webhook['id']}", params={"enabled": flipped})
    again = api.ok("GET", f"/channels/{channel}/configuration")["inbound"]["webhook"]
    assert again["enabled"] is flipped


def test_adding_a_webhook_shows_in_later_reads(api, channel):
    added = api.ok(
        "POST",
        f"/channel/{channel}/configuration/webhook",
        json={"endpoint": {"method": "put", "url": "https://hooks.example/in", "type": "xml"}},
    )
    endpoint = added["endpoints"][-1]
    assert (endpoint["method"], endpoint["url"], endpoint["type"]) == (
        "PUT",
        "https://hooks.example/in",
        "Xml",
    )
    listed = api.ok("GET", f"/channels/{channel}/configuration")["inbound"]["webhook"]["endpoints"]
    assert endpoint in listed


def test_deleting_an_email_address_answers_200_with_an_empty_body(api, channel):
    email = api.ok(
        "POST", f"/channel/{channel}/configuration/email", json={"address": "a@b.example"}
    )
    address = email["addresses"][-1]["id"]
    answer = api.delete(f"/channel/{channel}/configuration/email/{address}")
    assert (answer.status_code, answer.content) == (200, b"")
    remaining = api.ok("GET", f"/channels/{channel}/configuration")["inbound"]["email"]["addresses"]
    assert address not in {a["id"] for a in remaining}
    assert api.delete(f"/channel/{channel}/configuration/email/{address}").status_code == 404


def test_email_accepts_every_documented_spelling(api, channel):
    base = f"/channel/{channel}/configuration/email"
    bodies = [
        {"email": {"address": "one@x.example"}},
        {"email": "two@x.example"},
        {"Address": "three@x.example"},
        {"EMAIL": {"ADDRESS": "four@x.example"}},
    ]
    for body in bodies:
        api.ok("POST", base, json=body)
    inbound = api.ok("GET", f"/channels/{channel}/configuration")["inbound"]
    addresses = {a["address"] for a in inbound["email"]["addresses"]}
    assert {"one@x.example", "two@x.example", "three@x.example", "four@x.example"} <= addresses


def test_a_duplicate_email_address_is_409(api, channel):
    base = f"/channel/{channel}/configuration/email"
    api.ok("POST", base, json={"email": {"address": "dup@x.example"}})
    assert api.post(base, json={"email": {"address": "DUP@x.example"}}).status_code == 409


def test_the_event_webhook_answers_one_endpoint_object(api, channel):
    data = api.ok(
        "POST",
        f"/channel/{channel}/configuration/eventwebhook",
        json={"endpoint": {"method": "POST", "url": "https://ev.example/x", "type": "Json"}},
    )
    assert isinstance(data["endpoint"], dict)
    assert data["endpoint"]["url"] == "https://ev.example/x"
    assert "channelsOneId" in data["endpoint"]
    assert "endpoints" not in data


def test_the_event_webhook_accepts_an_endpoints_list_of_one(api, channel):
    data = api.ok(
        "POST",
        f"/channel/{channel}/configuration/eventwebhook",
        json={"endpoints": [{"url": "https://ev.example/list"}]},
    )
    assert data["endpoint"]["method"] == "POST"
    assert data["endpoint"]["type"] == "Json"


def test_deleting_the_event_webhook_clears_it(api, channel):
    data = api.ok(
        "POST", f"/channel/{channel}/configuration/eventwebhook", json={"url": "https://e.example"}
    )
    api.delete(f"/channel/{channel}/configuration/eventwebhook/{data['endpoint']['id']}")
    inbound = api.ok("GET", f"/channels/{channel}/configuration")["inbound"]
    assert inbound["eventWebhook"]["endpoint"] is None


def test_body_field_names_are_case_insensitive(api, channel):
    data = api.ok(
        "POST",
        f"/channel/{channel}/configuration/customercontact",
        json={"ENDPOINT": {"Method": "POST", "URL": "https://crm.example/in", "Type": "Json"}},
    )
    assert data["endpoints"][0]["url"] == "https://crm.example/in"
    log = api.ok("POST", f"/channel/{channel}/configuration/messagingLog", json={"Enabled": False})
    assert log["enabled"] is False


def test_a_new_channel_starts_with_an_empty_disabled_configuration(api):
    template = api.create_template("fresh_channel_template")
    channels = api.ok("GET", "/channels")["available"]["whatsApp"]["templates"]
    channel = next(c for c in channels if c["channelID"] == template)
    inbound = api.ok("GET", f"/channels/{channel['id']}/configuration")["inbound"]
    assert not any(e["enabled"] for e in inbound.values())
    assert inbound["webhook"]["endpoints"] == []
    assert inbound["eventWebhook"]["endpoint"] is None
