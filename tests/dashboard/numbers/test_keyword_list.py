"""Claimed keywords: filtered by phone number, keyword and country, paged upstream, cached."""

from __future__ import annotations

from dashboard.numbers import selectors
from tests.dashboard.numbers.helpers import calls, url


def test_filters_are_normalised_and_sent_upstream(marketing_client, account_a, sandbox):
    response = marketing_client.get(
        url("keywords", account_a),
        {"number": "+31 6 2794 0588", "keyword": " join ", "country": "nl"},
    )
    page = response.content.decode()
    (call,) = calls(sandbox, "GET", "/keywords")
    assert call["params"] == {
        "phoneNumber": ["0031627940588"],
        "keyword": ["JOIN"],
        "country": ["NL"],
        "skip": ["0"],
        "take": [str(selectors.PAGE_SIZE + 1)],
    }
    assert ">JOIN<span" in page
    assert "0031627940588" in page


def test_a_short_code_can_be_the_number_filtered_on(marketing_client, account_a, sandbox):
    page = marketing_client.get(url("keywords", account_a), {"number": "3010"}).content.decode()
    (call,) = calls(sandbox, "GET", "/keywords")
    assert call["params"]["phoneNumber"] == ["3010"]
    for keyword in ("WIN", "INFO", "TULIP"):
        assert f">{keyword}<span" in page
    assert ">QUIZ<span" not in page


def test_a_keyword_filter_with_bad_characters_is_refused_at_the_field(
    marketing_client, account_a, sandbox
):
    page = marketing_client.get(url("keywords", account_a), {"keyword": "wín!"}).content.decode()
    assert "A keyword can only hold the letters A-Z and the digits 0-9: remove “í”, “!”." in page
    assert 'value="wín!"' in page
    assert calls(sandbox) == []


def test_a_number_that_is_not_one_is_refused_at_the_field(marketing_client, account_a, sandbox):
    page = marketing_client.get(url("keywords", account_a), {"number": "06-abc"}).content.decode()
    assert "Enter a phone number in international form (+31 6 1234 5678) or a short code" in page
    assert calls(sandbox) == []


def test_pages_are_read_upstream_one_at_a_time(marketing_client, account_a, sandbox, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 5)
    first = marketing_client.get(url("keywords", account_a)).content.decode()
    assert "keywords 1 to 5" in first
    assert "Next page" in first
    last = marketing_client.get(url("keywords", account_a), {"page": "3"}).content.decode()
    assert "keywords 11 to 12" in last
    assert "Next page" not in last
    asked = [(c["params"]["skip"], c["params"]["take"]) for c in calls(sandbox, "GET")]
    assert asked == [(["0"], ["6"]), (["10"], ["6"])]


def test_a_repeat_view_makes_no_upstream_call(marketing_client, account_a, sandbox):
    marketing_client.get(url("keywords", account_a), {"country": "GB"})
    marketing_client.get(url("keywords", account_a), {"country": "GB"})
    assert len(calls(sandbox, "GET", "/keywords")) == 1


def test_a_failure_shows_in_place(marketing_client, account_a, sandbox):
    sandbox.fault("GET", f"/accounts/{account_a.account_id}/keywords", status=429, retry_after="30")
    response = marketing_client.get(url("keywords", account_a), {"keyword": "win"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The keywords could not be loaded from CM.com." in page
    assert "Too many requests to CM.com — try again at" in page
    assert 'value="win"' in page


def test_support_sees_the_claim_button_and_marketing_does_not(
    support_client, marketing_client, account_a
):
    claim = url("keyword_claim", account_a).encode()
    assert claim in support_client.get(url("keywords", account_a)).content
    assert claim not in marketing_client.get(url("keywords", account_a)).content
