"""The overview page: channels by type and category, channel requests and templates by status,
each counted from what the poller stored, with when it read them (issue 19: never a whole list
read on a page view, so a view makes no call to CM.com, and CM.com failing does not blank it)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from channels_api.pagination import MAX_PAGE_SIZE, fetch_all
from dashboard.core.freshness import exact
from dashboard.search.models import EntryKind, IndexedList
from dashboard.tracker import services
from dashboard.tracker.models import ChannelCount
from dashboard.upstream import client_for


def _url(account):
    return f"/a/{account.account_id}/"


def _api_paths(sandbox, account):
    prefix = f"/channels/v1/accounts/{account.account_id}"
    return sorted(
        entry["path"].removeprefix(prefix) for entry in sandbox.log() if entry["method"] == "GET"
    )


def _polled(account, sandbox):
    """The account as the poller leaves it: its lists stored; the sandbox's log cleared."""
    services.account_poll(account=account, run_key="test:overview")
    sandbox.clear_log()


def test_the_overview_shows_all_three_parts(support_client, account_a, sandbox):
    _polled(account_a, sandbox)
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
    assert {p.title for p in requests.pending} <= {
        "SMS channel request",
        "WhatsApp channel request",
    }
    assert templates.channel_request_id
    assert templates.total == sum(count for _status, _label, count in templates.counts)
    assert templates.total > 0


def test_with_the_poller_s_counts_stored_the_overview_reads_nothing_from_cm_com(
    support_client, account_a, sandbox
):
    _polled(account_a, sandbox)
    cache.clear()  # not even a cached read of the channel list stands in
    response = support_client.get(_url(account_a))
    assert response.status_code == 200
    assert response.context["channels"].total > 0
    assert _api_paths(sandbox, account_a) == []


def test_the_channel_counts_are_the_channels_cm_com_lists(support_client, account_a, sandbox):
    _polled(account_a, sandbox)
    channels = support_client.get(_url(account_a)).context["channels"]
    with client_for(account_a) as client:
        listed = client.channels.list()
    expected = {
        (kind, category): (
            sum(1 for c in items if not c.is_pending),
            sum(1 for c in items if c.is_pending),
        )
        for kind, category, items in listed.available.groups()
    }
    shown = {(r.channel_type, r.category): (r.active, r.pending) for r in channels.rows}
    assert shown == expected
    assert channels.total == sum(len(items) for _k, _c, items in listed.available.groups())


def test_the_template_counts_are_the_templates_cm_com_lists_by_status(
    support_client, account_a, sandbox
):
    _polled(account_a, sandbox)
    templates = support_client.get(_url(account_a)).context["templates"]
    with client_for(account_a) as client:
        listed = fetch_all(
            client.templates.list, templates.channel_request_id, page_size=MAX_PAGE_SIZE
        )
    by_status = Counter(str(t.status) for t in listed)
    assert templates.total == len(listed)
    assert {status: n for status, _label, n in templates.counts if n} == dict(by_status)


def test_the_request_counts_are_the_requests_cm_com_lists(support_client, account_a, sandbox):
    _polled(account_a, sandbox)
    requests = support_client.get(_url(account_a)).context["requests"]
    with client_for(account_a) as client:
        listed = fetch_all(client.channels.list_requests, page_size=MAX_PAGE_SIZE)
    assert requests.total == len(listed)
    assert requests.active == sum(1 for r in listed if r.is_active)
    pending = {r.id for r in listed if r.is_pending and not r.is_active}
    assert {p.id for p in requests.pending} == pending


def test_the_counts_say_when_the_poller_listed_them(support_client, account_a, sandbox):
    _polled(account_a, sandbox)
    # Three days before the test's clock (whatever day it is): the age says "ago".
    moment = (timezone.now() - timedelta(days=3)).replace(microsecond=0)
    IndexedList.objects.filter(account=account_a).update(read_at=moment)
    ChannelCount.objects.filter(account=account_a).update(read_at=moment)
    body = support_client.get(_url(account_a)).content.decode()
    shown = f'Counted at <time datetime="{moment.isoformat()}">{exact(moment)}</time> ('
    assert body.count(shown) == 3  # channels, requests and templates
    assert " ago) from the poller's last list." in body


def test_a_pending_request_links_to_its_page(support_client, account_a, sandbox):
    _polled(account_a, sandbox)
    response = support_client.get(_url(account_a))
    body = response.content.decode()
    for pending in response.context["requests"].pending:
        assert f'href="/a/{account_a.account_id}/requests/{pending.id}/"' in body


def test_before_the_first_poll_the_overview_says_so_and_reads_no_list(
    support_client, account_a, sandbox
):
    response = support_client.get(_url(account_a))
    body = response.content.decode()
    assert response.status_code == 200
    assert "the poller has not counted this account's channels" in body
    assert f'<a href="/a/{account_a.account_id}/channels/">See the channels</a>' in body
    assert "the poller has not listed this account's channel requests" in body
    assert "the poller has not listed this account's templates" in body
    assert f'<a href="/a/{account_a.account_id}/requests/">See the channel requests</a>' in body
    assert f'<a href="/a/{account_a.account_id}/whatsapp/">See WhatsApp</a>' in body
    assert _api_paths(sandbox, account_a) == []


def test_before_the_first_poll_a_remembered_whatsapp_request_links_to_its_templates(
    support_client, account_a, sandbox
):
    from dashboard.core import memo

    request_id = "00000000-0000-4000-8000-000000000001"
    memo.remember(account_a, memo.WHATSAPP_REQUEST, {"id": request_id})
    body = support_client.get(_url(account_a)).content.decode()
    templates_url = f"/a/{account_a.account_id}/whatsapp/{request_id}/templates/"
    assert f'<a href="{templates_url}">See the templates</a>' in body


def test_a_poll_that_failed_keeps_the_counts_the_last_good_one_stored(
    support_client, account_a, sandbox
):
    _polled(account_a, sandbox)
    before = support_client.get(_url(account_a)).context
    channels, templates = before["channels"].total, before["templates"].total
    sandbox.fault("GET", f"/channels/v1/accounts/{account_a.account_id}/*", count=100, status=500)
    cache.clear()  # the poll reads every list again, and fails
    with pytest.raises(Exception):  # noqa: B017, PT011  (the task retries; not this test's point)
        services.account_poll(account=account_a, run_key="test:overview:failed")
    assert IndexedList.objects.filter(account=account_a, kind=EntryKind.TEMPLATE).exists()
    response = support_client.get(_url(account_a))
    assert response.status_code == 200
    # CM.com failing takes nothing off the overview: every part is the last good count.
    assert response.context["channels"].total == channels
    assert response.context["templates"].total == templates
    assert "Upstream unavailable" not in response.content.decode()


def test_cm_com_not_answering_does_not_slow_or_blank_the_overview(
    support_client, account_a, sandbox, settings
):
    _polled(account_a, sandbox)
    settings.UPSTREAM_TIMEOUT_SECONDS = 1
    sandbox.fault("GET", f"/channels/v1/accounts/{account_a.account_id}/*", count=10, delay_ms=1500)
    cache.clear()
    response = support_client.get(_url(account_a))
    assert response.status_code == 200
    body = response.content.decode()
    assert "did not answer in time" not in body
    assert response.context["channels"].total > 0
    assert _api_paths(sandbox, account_a) == []


def test_a_token_the_poller_found_refused_is_said_in_words(support_client, account_a, sandbox):
    account_a.set_token("00000000-0000-0000-0000-000000000000")
    account_a.save()
    services.account_poll(account=account_a, run_key="test:overview:refused")
    body = support_client.get(_url(account_a)).content.decode()
    assert "CM.com refused this account&#x27;s product token — an admin should update it." in body


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


def test_the_overview_names_channel_types_and_categories_in_words(
    support_client, account_a, sandbox
):
    _polled(account_a, sandbox)
    body = support_client.get(_url(account_a)).content.decode()
    assert "<td>WhatsApp · Business account</td>" in body
    assert "<td>SMS · Keywords</td>" in body
    assert "whatsApp · businessAccount" not in body
    assert "sms · keywords" not in body
    # The filter link keeps CM.com's names: they are what the channel list filters by.
    assert "?only=whatsApp:businessAccount&amp;state=live" in body


def test_many_pending_requests_list_five_and_link_to_the_rest(support_client, account_a):
    from dashboard.search import services as search
    from dashboard.search.index import Listed

    listed = [
        Listed(
            kind=EntryKind.CHANNEL_REQUEST,
            upstream_id=f"00000000-0000-4000-8000-0000000000{n:02}",
            title=f"Request {n:02}",
            status="pending",
        )
        for n in range(15)
    ] + [
        Listed(
            kind=EntryKind.CHANNEL_REQUEST,
            upstream_id="00000000-0000-4000-8000-000000000099",
            title="Live",
            status="active",
        )
    ]
    search.index_replace(
        account=account_a, listed=listed, read_at={EntryKind.CHANNEL_REQUEST: timezone.now()}
    )
    response = support_client.get(_url(account_a))
    body = response.content.decode()
    assert [p.title for p in response.context["requests"].pending] == [
        f"Request {n:02}" for n in range(5)
    ]
    assert '<strong class="big-number">15</strong> pending</a> of' in body
    assert "16 requests</a>" in body
    more = (
        f'<a href="/a/{account_a.account_id}/requests/?status=pending">10 more pending requests</a>'
    )
    assert more in body


def test_the_counts_are_the_poller_s_as_it_stored_them(support_client, account_a, sandbox):
    # Not counted again from the rows on a view: a large account's overview reads one row a
    # list, whatever the list's length.
    _polled(account_a, sandbox)
    IndexedList.objects.filter(account=account_a, kind=EntryKind.CHANNEL_REQUEST).update(
        counts={"": {"active": 40, "pending": 2}}
    )
    requests = support_client.get(_url(account_a)).context["requests"]
    assert (requests.total, requests.active, requests.pending_count) == (42, 40, 2)
