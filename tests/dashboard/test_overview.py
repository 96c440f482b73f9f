"""The overview page: channels, pending channel requests and templates by status, fetched
concurrently and cached; a part that fails shows "upstream unavailable" while the others show."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.dashboard.channels.helpers import in_one_round


def _url(account):
    return f"/a/{account.account_id}/"


def _api_paths(sandbox, account):
    prefix = f"/channels/v1/accounts/{account.account_id}"
    return sorted(
        entry["path"].removeprefix(prefix) for entry in sandbox.log() if entry["method"] == "GET"
    )


def test_the_overview_shows_all_three_parts(support_client, account_a):
    response = support_client.get(_url(account_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Upstream unavailable" not in body
    channels, requests, templates = (
        response.context[k] for k in ("channels", "requests", "templates")
    )
    assert {row.channel_type for row in channels.rows} == {"sms", "whatsApp"}
    assert channels.coming_soon == ["RCS", "Viber"]
    assert "Coming soon: RCS, Viber" in body
    assert requests.pending
    assert all(p.type_name in {"SMS", "WhatsApp"} for p in requests.pending)
    assert templates.channel_request_id
    assert templates.total == sum(count for _status, _label, count in templates.counts)
    assert templates.total > 0


def test_the_overview_makes_one_call_per_read_and_none_on_a_repeat_view(
    support_client, account_a, sandbox
):
    support_client.get(_url(account_a))
    first = _api_paths(sandbox, account_a)
    assert first.count("/channels") == 1
    assert first.count("/channels/requests") == 1
    assert first.count("/channels/types") == 1
    assert sum(1 for path in first if path.endswith("/templates")) == 1
    assert len(first) == 4
    sandbox.clear_log()
    support_client.get(_url(account_a))
    assert _api_paths(sandbox, account_a) == []


def test_the_whatsapp_templates_come_from_the_active_whatsapp_channel_request(
    support_client, account_a, sandbox
):
    response = support_client.get(_url(account_a))
    request_id = response.context["templates"].channel_request_id
    assert f"/whatsapp/{request_id}/templates" in _api_paths(sandbox, account_a)


@pytest.mark.parametrize(
    ("failing_path", "broken", "words"),
    [
        ("/channels", "channels", "Your channels could not be loaded"),
        ("/whatsapp/*", "templates", "Your WhatsApp templates could not be loaded"),
    ],
)
def test_one_part_failing_shows_upstream_unavailable_and_the_others_still_show(
    support_client, account_a, sandbox, failing_path, broken, words
):
    sandbox.fault("GET", f"/channels/v1/accounts/{account_a.account_id}{failing_path}", status=500)
    response = support_client.get(_url(account_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert words in body
    assert "CM.com failed on its side (status 500)" in body
    assert body.count("Upstream unavailable") == 1
    for part in {"channels", "requests", "templates"} - {broken}:
        assert not getattr(response.context[part], "is_failure", False)


def test_failed_channel_requests_take_the_requests_and_templates_parts_down_only(
    support_client, account_a, sandbox
):
    sandbox.fault(
        "GET", f"/channels/v1/accounts/{account_a.account_id}/channels/requests", status=500
    )
    response = support_client.get(_url(account_a))
    assert response.status_code == 200
    assert response.context["requests"].is_failure
    assert response.context["templates"].is_failure
    assert response.context["channels"].rows


def test_cm_com_not_answering_in_time_is_said_in_words_not_a_500(
    support_client, account_a, sandbox, settings
):
    settings.UPSTREAM_TIMEOUT_SECONDS = 1
    sandbox.fault("GET", f"/channels/v1/accounts/{account_a.account_id}/*", count=10, delay_ms=1500)
    response = support_client.get(_url(account_a))
    assert response.status_code == 200
    assert "CM.com did not answer in time — try again in a minute." in response.content.decode()


def test_a_refused_token_is_said_in_words(support_client, account_a):
    account_a.set_token("00000000-0000-0000-0000-000000000000")
    account_a.save()
    body = support_client.get(_url(account_a)).content.decode()
    assert "CM.com refused this account&#x27;s product token — an admin should update it." in body


def test_try_again_reloads_only_that_part_with_htmx(support_client, account_a, sandbox):
    sandbox.fault("GET", f"/channels/v1/accounts/{account_a.account_id}/channels", status=500)
    body = support_client.get(_url(account_a)).content.decode()
    assert f'hx-get="/a/{account_a.account_id}/?part=channels"' in body
    response = support_client.get(
        _url(account_a), {"part": "channels"}, headers={"HX-Request": "true"}
    )
    fragment = response.content.decode()
    assert fragment.strip().startswith('<section id="overview-channels"')
    assert "<html" not in fragment
    assert "Upstream unavailable" not in fragment


def test_the_overview_marks_the_current_account_in_the_switcher(admin_client, account_a, account_b):
    body = admin_client.get(_url(account_b)).content.decode()
    assert '<nav aria-label="Accounts"' in body
    assert f'<a href="/a/{account_b.account_id}/" aria-current="page">Account B</a>' in body
    assert f'<a href="/a/{account_a.account_id}/">Account A</a>' in body


def test_home_goes_to_the_first_account(support_client, account_a):
    response = support_client.get("/")
    assert response["Location"] == _url(account_a)


def test_home_says_when_there_is_no_account_yet(outsider_client):
    response = outsider_client.get("/")
    assert response.status_code == 200
    assert "No CM.com account has been shared with you yet." in response.content.decode()


# --- one round trip ----------------------------------------------------------------------------

LATENCY_MS = 300


def _whatsapp_request_remembered(account):
    from dashboard.core import memo

    return (memo.recall(account, memo.WHATSAPP_REQUEST) or {}).get("id")


def test_a_cold_view_reads_the_templates_in_the_same_round_as_everything_else(
    support_client, account_a, sandbox
):
    from django.core.cache import cache

    first = support_client.get(_url(account_a))
    request_id = first.context["templates"].channel_request_id
    cache.clear()  # every cached read gone: only the remembered WhatsApp request is left
    sandbox.clear_log()
    sandbox.settings(latency_ms=LATENCY_MS)
    response = support_client.get(_url(account_a))
    entries = [e for e in sandbox.log() if e["method"] == "GET"]
    assert len(entries) == 4
    assert any(e["path"].endswith(f"/whatsapp/{request_id}/templates") for e in entries)
    assert in_one_round(entries)
    assert response.context["templates"].channel_request_id == request_id
    assert response.context["templates"].total > 0


def test_the_first_view_finds_the_whatsapp_request_then_remembers_it(
    support_client, account_a, sandbox
):
    assert _whatsapp_request_remembered(account_a) is None
    sandbox.settings(latency_ms=LATENCY_MS)
    response = support_client.get(_url(account_a))
    request_id = response.context["templates"].channel_request_id
    assert request_id
    # Not known yet: its templates could only be asked for once the requests had answered.
    entries = [e for e in sandbox.log() if e["method"] == "GET"]
    templates = [e for e in entries if e["path"].endswith("/templates")]
    assert len(entries) == 4
    assert not in_one_round(entries)
    assert in_one_round([e for e in entries if e not in templates])
    assert _whatsapp_request_remembered(account_a) == request_id


def test_a_remembered_request_that_is_not_the_whatsapp_one_is_corrected(
    support_client, account_a, sandbox
):
    from dashboard.core import memo

    wrong = "00000000-0000-4000-8000-000000000000"
    memo.remember(account_a, memo.WHATSAPP_REQUEST, {"id": wrong})
    response = support_client.get(_url(account_a))
    templates = response.context["templates"]
    assert templates.channel_request_id not in (None, wrong)
    assert templates.total > 0
    assert _whatsapp_request_remembered(account_a) == templates.channel_request_id
    paths = _api_paths(sandbox, account_a)
    assert f"/whatsapp/{templates.channel_request_id}/templates" in paths


def test_a_request_remembered_with_another_token_is_not_used(support_client, account_a, sandbox):
    from dashboard.core import memo

    memo.remember(account_a, memo.WHATSAPP_REQUEST, {"id": "00000000-0000-4000-8000-000000000000"})
    account_a.set_token(sandbox.token)  # the same token, set again: a new version of the account
    account_a.token_set_at = account_a.token_set_at + timedelta(seconds=5)
    account_a.save()
    assert memo.recall(account_a, memo.WHATSAPP_REQUEST) is None
    support_client.get(_url(account_a))
    assert not any("/whatsapp/00000000-" in path for path in _api_paths(sandbox, account_a))


def test_the_overview_names_channel_types_and_categories_in_words(support_client, account_a):
    body = support_client.get(_url(account_a)).content.decode()
    assert "<td>WhatsApp · Business account</td>" in body
    assert "<td>SMS · Keywords</td>" in body
    assert "whatsApp · businessAccount" not in body
    assert "sms · keywords" not in body
    # The filter link keeps CM.com's names: they are what the channel list filters by.
    assert "?only=whatsApp:businessAccount&amp;state=live" in body
