"""A channel's page: the channel (with a link to CM.com's page), its onboarding progress, and
its five inbound configuration elements side by side, each with its switch and when it
changed; two reads at once, none on a repeat view; a failing part shows in place."""

from __future__ import annotations

from tests.dashboard.channels.helpers import api_calls


def test_the_page_shows_the_channel_and_links_to_cm(support_client, channel_url, sandbox):
    response = support_client.get(channel_url)
    assert response.status_code == 200
    body = response.content.decode()
    channel = response.context["channel"]
    assert f'href="{channel.channel_url}"' in body
    assert "Open this channel at CM.com" in body
    assert "View the request" in body


def test_the_five_elements_show_side_by_side_with_their_switch_and_change_date(
    support_client, channel_url, ids, sandbox
):
    body = support_client.get(channel_url).content.decode()
    for slug, title in [
        ("messaging-log", "Messaging log"),
        ("customer-contact", "Customer contact"),
        ("email", "E-mail addresses"),
        ("webhook", "Webhooks"),
        ("event-webhook", "Event webhook"),
    ]:
        section = body[body.index(f'id="element-{slug}"') :]
        assert f">{title}</h3>" in section[:300]
        assert f'id="switch-{slug}"' in section[:1500]
        assert "changed <time" in section[:2500]
    assert ids.address in body
    assert ids.webhook_url in body
    assert ids.event_webhook_url in body


def test_the_page_reads_the_channel_and_its_configuration_once(
    support_client, channel_url, ids, sandbox
):
    support_client.get(channel_url)
    assert sorted(api_calls(sandbox)) == [
        f"GET /channels/{ids.channel_id}",
        f"GET /channels/{ids.channel_id}/configuration",
    ]
    sandbox.clear_log()
    support_client.get(channel_url)
    assert api_calls(sandbox) == []


def test_a_channel_of_a_pending_request_shows_its_progress_and_the_action_required(
    support_client, account_a, base, ids, sandbox
):
    from dashboard.upstream import client_for

    with client_for(account_a) as client:
        channels = client.channels.list().available.channels()
    pending = next(c for c in channels if ids.pending_whatsapp_request_id in (c.channel_url or ""))
    body = support_client.get(f"{base}/channels/{pending.id}/").content.decode()
    assert "<progress" in body
    assert 'aria-current="step"' in body
    current = body[body.index('aria-current="step"') :]
    assert "Documents" in current[:200]
    assert "Action required:</strong> Upload documents" in body
    assert "Pending order: <strong>yes</strong>" in body


def test_a_failing_configuration_shows_in_place_and_the_channel_still_shows(
    support_client, channel_url, ids, base, sandbox
):
    account_path = base.replace("/a/", "/accounts/")
    sandbox.fault(
        "GET", f"{account_path}/channels/{ids.channel_id}/configuration", status=502, count=10
    )
    response = support_client.get(channel_url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "The inbound configuration could not be loaded from CM.com." in body
    assert "CM.com failed on its side (status 502)" in body
    assert "Open this channel at CM.com" in body
    assert 'id="element-webhook"' not in body


def test_marketing_reads_the_configuration_but_gets_no_edit_controls(
    marketing_client, channel_url, ids, sandbox
):
    body = marketing_client.get(channel_url).content.decode()
    assert ids.webhook_url in body
    assert "Add webhook" not in body
    assert "/enabled/" not in body
    assert ">Disable <span" not in body
    assert ">Enable <span" not in body
    assert "/edit/" not in body
    assert "/confirm-delete/" not in body


def test_a_channel_url_that_is_not_http_is_not_made_a_link(
    support_client, channel_url, ids, base, sandbox
):
    account_path = base.replace("/a/", "/accounts/")
    sandbox.fault(
        "GET",
        f"{account_path}/channels/{ids.channel_id}",
        status=200,
        body={"id": ids.channel_id, "channelID": "x", "channelUrl": "javascript:alert(1)"},
    )
    body = support_client.get(channel_url).content.decode()
    assert "javascript:" not in body
    assert "Open this channel at CM.com" not in body
