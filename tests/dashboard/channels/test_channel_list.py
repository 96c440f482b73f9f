"""The channels page: everything "Get your channels" returns, grouped by type and category
(whatever the API sends), pending channels marked, "coming soon" apart, read once and cached."""

from __future__ import annotations

from tests.dashboard.channels.helpers import api_calls, htmx


def test_channels_are_grouped_by_type_and_category(support_client, base, sandbox):
    response = support_client.get(f"{base}/channels/")
    assert response.status_code == 200
    body = response.content.decode()
    for heading in ("SMS", "WhatsApp", "Keywords", "Numbers", "Templates", "Profiles"):
        assert f">{heading} <small>" in body
    # A category only the sandbox adds (not in the documentation) shows too, named in words.
    assert ">Business account <small>" in body
    assert "3010|WIN" in body


def test_a_channel_type_the_dashboard_has_never_seen_still_shows_as_cm_spells_it(
    support_client, base, sandbox, caplog
):
    sandbox.fault(
        "GET",
        f"{base.replace('/a/', '/accounts/')}/channels",
        status=200,
        body={
            "available": {
                "rcs": {
                    "agents": [
                        {
                            "id": "6b1f4d1e-8a0b-4d8e-9f7a-2a1c3b4d5e6f",
                            "channelID": "agent-1",
                            "isPending": True,
                        }
                    ]
                },
                "sms": {"keywords": []},
            },
            "comingSoon": ["Apple Messages"],
        },
    )
    with caplog.at_level("WARNING", logger="dashboard.core.labels"):
        body = support_client.get(f"{base}/channels/").content.decode()
    assert ">rcs <small>" in body
    assert ">agents <small>" in body
    assert "No words for channel_category value 'agents'" in caplog.text
    assert "agent-1" in body
    assert "Apple Messages" in body


def test_pending_channels_are_marked(support_client, base, ids, sandbox):
    body = support_client.get(f"{base}/channels/").content.decode()
    # The pending WhatsApp request's business account channel is pending.
    assert "Pending</span>" in body
    assert "1 pending" in body


def test_coming_soon_types_are_shown_apart(support_client, base, sandbox):
    body = support_client.get(f"{base}/channels/").content.decode()
    section = body[body.index('id="coming-soon-title"') :]
    assert "<li>RCS</li>" in section
    assert "<li>Viber</li>" in section


def test_the_page_reads_channels_and_types_once_and_nothing_on_a_repeat_view(
    support_client, base, sandbox
):
    support_client.get(f"{base}/channels/")
    assert sorted(api_calls(sandbox)) == ["GET /channels", "GET /channels/types"]
    sandbox.clear_log()
    support_client.get(f"{base}/channels/")
    assert api_calls(sandbox) == []


def test_a_long_category_pages_in_place_without_asking_cm_again(support_client, base, sandbox):
    first = support_client.get(f"{base}/channels/").content.decode()
    assert "30 channels" in first
    assert "group=whatsApp%3Atemplates&amp;page=2" in first
    sandbox.clear_log()
    response = support_client.get(
        f"{base}/channels/", {"group": "whatsApp:templates", "page": 2}, headers=htmx()
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="group-whatsApp-templates"')
    assert body.count("<tr>") == 1 + 5  # the header and the last 5 of 30
    assert "Page 2" in body
    assert api_calls(sandbox) == []


def test_an_unknown_group_is_not_found(support_client, base, sandbox):
    response = support_client.get(f"{base}/channels/", {"group": "fax:machines"}, headers=htmx())
    assert response.status_code == 404


def test_when_cm_fails_the_page_says_so_in_words(support_client, base, sandbox):
    sandbox.fault("GET", f"{base.replace('/a/', '/accounts/')}/channels", status=500)
    response = support_client.get(f"{base}/channels/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your channels could not be loaded from CM.com." in body
    assert "CM.com failed on its side (status 500)" in body
