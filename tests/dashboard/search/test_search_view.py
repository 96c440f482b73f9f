"""GET /search/: what each person finds across their accounts, from the index the poller
filled (a real poll of the sandbox), never from CM.com; grouped by account, each row a link
to the item's own page, each account saying how fresh its index is."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from dashboard.accounts.models import CMAccount
from dashboard.core.freshness import ago
from dashboard.search.forms import MAX_LENGTH
from dashboard.search.models import EntryKind, IndexedList, SearchEntry
from dashboard.tracker import services as tracker


@pytest.fixture
def polled(account_a: CMAccount, account_b: CMAccount, sandbox: Any) -> Any:
    """Both accounts polled once (the index filled), and the sandbox's log emptied."""
    tracker.account_poll(account=account_a, run_key="manual:1")
    tracker.account_poll(account=account_b, run_key="manual:1")
    sandbox.clear_log()
    return sandbox


def groups(page: str) -> list[str]:
    """The account names heading the groups of results, in order."""
    return re.findall(r'<h2 id="search-account-\d+">([^<]*)</h2>', page)


def links(page: str) -> list[str]:
    """The results' link targets."""
    return re.findall(r'<li><span class="badge">[^<]*</span> <a href="([^"]+)">', page)


def search(client: Client, q: str, **headers: str) -> str:
    response = client.get("/search/", {"q": q}, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_support_finds_a_template_of_their_account_by_part_of_its_name(
    support_client: Client, account_a: CMAccount, polled: Any
):
    page = search(support_client, "order confirm")

    assert groups(page) == ["Account A"]
    template = SearchEntry.objects.get(account=account_a, title="order_confirmation")
    params = template.params
    assert links(page) == [
        f"/a/{account_a.account_id}/whatsapp/{params['whatsapp_request_id']}/templates/"
        f"{params['template_id']}/"
    ]
    assert support_client.get(links(page)[0]).status_code == 200


def test_nobody_finds_anything_of_an_account_not_granted_to_them(
    support_client: Client, marketing_client: Client, outsider_client: Client, polled: Any
):
    # "Tulip Logistics" names only account B's profiles; "tulip" is also a keyword in both.
    assert "Tulip Logistics" not in search(support_client, "tulip")
    assert groups(search(support_client, "tulip")) == ["Account A"]
    assert groups(search(marketing_client, "welcome")) == ["Account A"]
    outsider = search(outsider_client, "welcome")
    assert groups(outsider) == []
    assert "Nothing in your accounts matches" in outsider


def test_an_admin_finds_the_same_template_in_every_account_grouped_by_account(
    admin_client: Client, polled: Any
):
    page = search(admin_client, "welcome_message")

    assert groups(page) == ["Account A", "Account B"]
    assert len(links(page)) == 2
    assert "Tulip Logistics Support" in search(admin_client, "logistics support")


def test_numbers_keywords_requests_and_profiles_each_link_to_their_page(
    support_client: Client, account_a: CMAccount, polled: Any
):
    base = f"/a/{account_a.account_id}/"
    number = SearchEntry.objects.filter(account=account_a, kind=EntryKind.NUMBER).first()
    assert number is not None
    typed = "+" + number.title[2:5] + " " + number.title[5:]  # "+316 27940588"
    assert links(search(support_client, typed)) == [
        f"{base}numbers/{number.params['phone_number_id']}/"
    ]
    claim = SearchEntry.objects.get(account=account_a, kind=EntryKind.KEYWORD, title="SUSHI")
    assert links(search(support_client, "sushi")) == [
        f"{base}keywords/{claim.params['keyword_claim_id']}/"
    ]
    requests = links(search(support_client, "whatsapp channel request"))
    assert requests
    assert all(link.startswith(f"{base}requests/") for link in requests)
    profile = SearchEntry.objects.get(account=account_a, title="Northwind Traders Sales")
    assert links(search(support_client, "traders sales")) == [
        f"{base}whatsapp/{profile.params['whatsapp_request_id']}/profiles/"
        f"{profile.params['profile_id']}/"
    ]
    for link in [*requests, *links(search(support_client, "sushi"))]:
        assert support_client.get(link).status_code == 200


def test_each_account_says_how_fresh_its_index_is(
    admin_client: Client, account_a: CMAccount, polled: Any, still_clock: Any
):
    read = IndexedList.objects.get(account=account_a, kind=EntryKind.TEMPLATE).read_at

    page = search(admin_client, "welcome_message")

    assert f'indexed <time datetime="{read.isoformat()}"' in page
    assert f">{ago(read)}</time>" in page


def test_a_search_asks_cm_com_nothing(admin_client: Client, polled: Any):
    search(admin_client, "order")
    search(admin_client, "order", **{"HX-Request": "true"})

    assert polled.log() == []


def test_htmx_gets_only_the_results(admin_client: Client, polled: Any):
    fragment = search(admin_client, "welcome_message", **{"HX-Request": "true"})

    assert fragment.lstrip().startswith('<section id="search-results"')
    assert groups(fragment) == ["Account A", "Account B"]
    assert "<html" not in fragment


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "Type what to look for"),
        ("   ", "Type what to look for"),
        ("x", "Type at least 2 characters."),
        ("q" * (MAX_LENGTH + 1), f"keep it to {MAX_LENGTH} characters or fewer"),
    ],
)
def test_a_query_search_cannot_answer_says_why_and_keeps_what_was_typed(
    admin_client: Client, polled: Any, typed: str, said: str
):
    page = search(admin_client, typed)

    assert said in page
    assert f'name="q" id="id_q" value="{typed}"' in page
    assert 'aria-invalid="true"' in page
    assert said in search(admin_client, typed, **{"HX-Request": "true"})


def test_the_page_without_a_query_shows_the_box_and_no_error(admin_client: Client, polled: Any):
    response = admin_client.get("/search/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="search"' in page
    assert "Type a template name" in page
    assert 'aria-invalid="true"' not in page
