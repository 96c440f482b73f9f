"""The profile list: name, number, state and verification; searched with q and paged at
CM.com (take = a page and one more), cached per page and search."""

from __future__ import annotations

import pytest

from dashboard.whatsapp import selectors
from tests.dashboard.whatsapp.helpers import HTMX, api_calls, base, live_request_id


@pytest.fixture
def request_id(account_a):
    return live_request_id(account_a)


def _list(account, request_id):
    return f"{base(account)}/{request_id}/profiles/"


def test_the_profile_list_shows_name_number_state_and_verification(
    marketing_client, account_a, request_id
):
    response = marketing_client.get(_list(account_a, request_id))
    assert response.status_code == 200
    rows = {p.name.rsplit(" ", 1)[-1]: p for p in response.context["result"].items}
    assert {label: p.state_label for label, p in rows.items()} == {
        "Support": "Active",
        "Sales": "Pending",
        "Billing": "Pending",
        "Deliveries": "Pending",
        "Promotions": "Rejected",
    }
    assert rows["Sales"].otp_label == "No code sent yet"
    assert rows["Billing"].otp_label == "Code sent, not entered yet"
    assert rows["Deliveries"].otp_label == "Code accepted"
    body = response.content.decode()
    assert rows["Sales"].phone_display.startswith("+")
    assert rows["Sales"].phone_display in body
    assert f'href="{_list(account_a, request_id)}{rows["Sales"].id}/"' in body


def test_searching_profiles_asks_cm_with_q_and_shows_the_matches(
    support_client, account_a, request_id, sandbox
):
    response = support_client.get(_list(account_a, request_id), {"q": "billing"})
    names = [p.name for p in response.context["result"].items]
    assert len(names) == 1
    assert names[0].endswith("Billing")
    (entry,) = [e for e in sandbox.log() if e["path"].endswith("/profiles")]
    assert entry["params"]["q"] == ["billing"]
    assert 'value="billing"' in response.content.decode()


def test_a_search_without_matches_says_so(support_client, account_a, request_id):
    response = support_client.get(_list(account_a, request_id), {"q": "nobody here"})
    assert "No profile matches “nobody here”." in response.content.decode()


def test_the_list_is_paged_upstream_with_one_more_than_a_page(
    support_client, account_a, request_id, sandbox, monkeypatch
):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    first = support_client.get(_list(account_a, request_id))
    assert len(first.context["result"].items) == 2
    assert "Next page" in first.content.decode()
    assert "Previous page" not in first.content.decode()
    third = support_client.get(_list(account_a, request_id), {"page": "3"})
    assert len(third.context["result"].items) == 1
    body = third.content.decode()
    assert "Next page" not in body
    assert "Previous page" in body
    asked = [
        (e["params"]["skip"], e["params"]["take"])
        for e in sandbox.log()
        if e["path"].endswith("/profiles")
    ]
    assert asked == [(["0"], ["3"]), (["4"], ["3"])]


def test_the_pager_keeps_the_search(support_client, account_a, request_id, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 1)
    body = support_client.get(_list(account_a, request_id), {"q": "a"}).content.decode()
    assert f'href="{_list(account_a, request_id)}?q=a&amp;page=2"' in body


def test_a_repeat_view_of_a_page_makes_no_call(support_client, account_a, request_id, sandbox):
    support_client.get(_list(account_a, request_id))
    sandbox.clear_log()
    support_client.get(_list(account_a, request_id))
    assert api_calls(sandbox, account_a) == []


def test_an_htmx_search_answers_only_the_list(support_client, account_a, request_id):
    response = support_client.get(_list(account_a, request_id), {"q": "sales"}, headers=HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="profile-list"')
    assert "Sales" in body
    assert "<h1>" not in body


def test_an_upstream_failure_shows_in_place_and_keeps_the_search(
    support_client, account_a, request_id, sandbox
):
    sandbox.fault(
        "GET",
        f"/channels/v1/accounts/{account_a.account_id}/whatsapp/{request_id}/profiles",
        status=429,
        retry_after="600",
    )
    response = support_client.get(_list(account_a, request_id), {"q": "sales"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "The profiles could not be loaded from CM.com." in body
    assert "Too many requests to CM.com — try again at" in body
    assert 'value="sales"' in body
