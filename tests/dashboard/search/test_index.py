"""The search index is filled by a real poll against the sandbox, from the lists the poll
reads anyway: every template, number, keyword claim, channel request and profile of the
account (not only the pending ones), kept up to date and emptied of what is gone."""

from __future__ import annotations

from typing import Any

import pytest

from channels_api import errors
from dashboard.accounts.models import CMAccount
from dashboard.search.models import EntryKind, IndexedList, SearchEntry
from dashboard.tracker import services as tracker
from dashboard.upstream import client_for
from tests.dashboard.security.helpers import api_prefix


def indexed(account: CMAccount, kind: str) -> set[str]:
    return set(
        SearchEntry.objects.filter(account=account, kind=kind).values_list("upstream_id", flat=True)
    )


def whatsapp_request_id(account: CMAccount) -> str:
    ids = {
        entry["params"]["whatsapp_request_id"]
        for entry in SearchEntry.objects.filter(account=account, kind=EntryKind.TEMPLATE).values(
            "params"
        )
    }
    assert len(ids) == 1
    return ids.pop()


def test_a_poll_indexes_every_item_of_each_list_it_reads(account_a: CMAccount, sandbox: Any):
    tracker.account_poll(account=account_a, run_key="manual:1")

    request_id = whatsapp_request_id(account_a)
    with client_for(account_a) as client:
        templates = {t.id for t in client.templates.list(request_id, take=500)}
        profiles = {p.id for p in client.profiles.list(request_id, take=500)}
        requests = {r.id for r in client.channels.list_requests(take=500)}
        numbers = {str(n.id) for n in client.numbers.list(is_owned=True, take=500)}
        claims = {c.id for c in client.keywords.list(take=500)}
    for listed in (templates, profiles, requests, numbers, claims):
        assert listed
    assert indexed(account_a, EntryKind.TEMPLATE) == templates
    assert indexed(account_a, EntryKind.PROFILE) == profiles
    assert indexed(account_a, EntryKind.CHANNEL_REQUEST) == requests
    assert indexed(account_a, EntryKind.NUMBER) == numbers
    assert indexed(account_a, EntryKind.KEYWORD) == claims
    lists = set(IndexedList.objects.filter(account=account_a).values_list("kind", flat=True))
    assert lists == set(EntryKind.values)


def test_a_template_no_longer_listed_leaves_the_index_and_a_renamed_one_changes(
    account_a: CMAccount, sandbox: Any
):
    tracker.account_poll(account=account_a, run_key="manual:1")
    request_id = whatsapp_request_id(account_a)
    path = f"{api_prefix(account_a)}/whatsapp/{request_id}/templates"
    with client_for(account_a) as client:
        raw = client.templates.list(request_id, take=500)
    gone, renamed = raw[0], raw[1]
    body = [t.model_dump(by_alias=True, mode="json", exclude_none=True) for t in raw[1:]]
    body[0]["name"] = "renamed_by_cm_com"
    sandbox.fault("GET", path, count=100, status=200, body=body)

    tracker.account_poll(account=account_a, run_key="manual:2")

    assert gone.id not in indexed(account_a, EntryKind.TEMPLATE)
    assert SearchEntry.objects.get(account=account_a, upstream_id=renamed.id).title == (
        "renamed_by_cm_com"
    )
    assert indexed(account_a, EntryKind.TEMPLATE) == {t.id for t in raw[1:]}


def test_a_failed_poll_leaves_the_index_as_it_was(account_a: CMAccount, sandbox: Any):
    tracker.account_poll(account=account_a, run_key="manual:1")
    before = set(SearchEntry.objects.values_list("kind", "upstream_id"))
    request_id = whatsapp_request_id(account_a)
    profiles = f"{api_prefix(account_a)}/whatsapp/{request_id}/profiles"
    sandbox.fault("GET", profiles, count=10, status=500)

    with pytest.raises(errors.ChannelsAPIError):  # the task retries it
        tracker.account_poll(account=account_a, run_key="manual:2")

    assert set(SearchEntry.objects.values_list("kind", "upstream_id")) == before


def test_numbers_and_keywords_are_read_once_per_ten_minutes_not_each_poll(
    account_a: CMAccount, sandbox: Any
):
    tracker.account_poll(account=account_a, run_key="manual:1")
    sandbox.clear_log()

    tracker.account_poll(account=account_a, run_key="manual:2")

    read = [entry["path"].removeprefix(api_prefix(account_a)) for entry in sandbox.log()]
    assert "/phonenumbers" not in read
    assert "/keywords" not in read
    assert indexed(account_a, EntryKind.NUMBER)


def test_a_poll_stores_each_list_s_items_counted_by_state(account_a: CMAccount, sandbox: Any):
    tracker.account_poll(account=account_a, run_key="index:counts")

    requests = IndexedList.objects.get(account=account_a, kind=EntryKind.CHANNEL_REQUEST)
    stored = SearchEntry.objects.filter(account=account_a, kind=EntryKind.CHANNEL_REQUEST)
    assert requests.counts == {
        "": {
            s: stored.filter(status=s).count() for s in set(stored.values_list("status", flat=True))
        }
    }
    templates = IndexedList.objects.get(account=account_a, kind=EntryKind.TEMPLATE)
    per_request = {group: sum(by_status.values()) for group, by_status in templates.counts.items()}
    listed = SearchEntry.objects.filter(account=account_a, kind=EntryKind.TEMPLATE)
    assert sum(per_request.values()) == listed.count() > 0
    assert all(group for group in per_request)  # a template belongs to a WhatsApp request
