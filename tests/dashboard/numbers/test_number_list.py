"""The phone numbers list: search and filters sent upstream, paged with skip/take, cached."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from dashboard.numbers import selectors
from tests.dashboard.numbers.helpers import calls, url


def test_the_list_shows_shared_and_owned_numbers_with_their_type_and_cost(
    marketing_client, account_a, seed
):
    response = marketing_client.get(url("list", account_a))
    assert response.status_code == 200
    page = response.content.decode()
    shared = seed["shared"][0]
    owned = seed["owned"][0]
    assert shared.number in page
    assert owned.number in page
    assert "Shared" in page
    assert "Owned since" in page
    assert "short code" in page
    assert f"{owned.number_type.currency} {owned.number_type.monthly_cost:,.2f}" in page


def test_filters_are_sent_upstream_and_one_more_number_than_shown_is_asked_for(
    support_client, account_a, sandbox
):
    response = support_client.get(
        url("list", account_a),
        {"q": "0031", "country": "nl", "owned": "yes", "shortcode": "no", "shared": "no"},
    )
    assert response.status_code == 200
    (call,) = calls(sandbox, "GET", "/phonenumbers")
    assert call["params"] == {
        "query": ["0031"],
        "country": ["NL"],
        "isOwned": ["true"],
        "isShortcode": ["false"],
        "isShared": ["false"],
        "skip": ["0"],
        "take": [str(selectors.PAGE_SIZE + 1)],
    }
    page = response.content.decode()
    assert "0031694792890" in page or "0031627940588" in page
    assert "3010" not in page


def test_pages_are_read_upstream_one_at_a_time(support_client, account_a, sandbox, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 10)
    first = support_client.get(url("list", account_a), {"country": ""}).content.decode()
    assert "Next page" in first
    assert "Previous page" not in first
    assert "numbers 1 to 10" in first
    last = support_client.get(url("list", account_a), {"page": "3"}).content.decode()
    assert "numbers 21 to 24" in last
    assert "Next page" not in last
    assert 'href="?page=2"' in last
    asked = [(c["params"]["skip"], c["params"]["take"]) for c in calls(sandbox, "GET")]
    assert asked == [(["0"], ["11"]), (["20"], ["11"])]


def test_a_repeat_view_within_the_cache_time_makes_no_upstream_call(
    marketing_client, account_a, sandbox
):
    marketing_client.get(url("list", account_a), {"country": "DE"})
    marketing_client.get(url("list", account_a), {"country": "DE"})
    assert len(calls(sandbox, "GET", "/phonenumbers")) == 1


def test_a_bad_country_is_refused_at_the_field_and_nothing_is_sent(
    marketing_client, account_a, sandbox
):
    response = marketing_client.get(url("list", account_a), {"country": "Netherlands"})
    page = response.content.decode()
    assert "Enter a two-letter country code, such as NL; “Netherlands” is not one." in page
    assert 'value="Netherlands"' in page
    assert calls(sandbox) == []


def test_an_upstream_failure_shows_in_place_with_the_search_kept(
    support_client, account_a, sandbox
):
    sandbox.fault("GET", f"/accounts/{account_a.account_id}/phonenumbers", status=503, count=5)
    response = support_client.get(url("list", account_a), {"q": "0049"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The phone numbers could not be loaded from CM.com." in page
    assert "CM.com failed on its side (status 503)" in page
    assert 'value="0049"' in page
    assert "Try again" in page


def test_filtering_with_htmx_returns_only_the_panel(support_client, account_a):
    response = support_client.get(
        url("list", account_a), {"country": "BE"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="number-panel">')
    assert "<html" not in page


def test_support_may_claim_a_keyword_from_the_list_and_marketing_may_not(
    support_client, marketing_client, account_a
):
    claim_link = url("keyword_claim", account_a) + "?number="
    assert claim_link in support_client.get(url("list", account_a)).content.decode()
    assert claim_link not in marketing_client.get(url("list", account_a)).content.decode()


def test_the_menu_has_numbers_and_keywords_and_the_export_keeps_the_filters(
    marketing_client, account_a
):
    page = marketing_client.get(url("list", account_a), {"country": "nl"}).content.decode()
    assert f'href="{url("list", account_a)}"' in page
    assert f'href="{url("keywords", account_a)}"' in page
    # Relative to the list, as a browser resolves it.
    (href,) = re.findall(r'href="([^"]*export[^"]*)"', page)
    assert urljoin(url("list", account_a), href) == f"{url('export', account_a)}?country=nl"


def test_a_search_that_matches_nothing_says_so_and_still_offers_the_export(
    marketing_client, account_a
):
    page = marketing_client.get(url("list", account_a), {"q": "0099999"}).content.decode()
    assert '<p role="status">No numbers match these filters.</p>' in page
    assert 'class="pager"' not in page
    assert '<a href="export.csv?q=0099999" download>Export these numbers as CSV</a>' in page


def test_the_pager_keeps_the_filters_and_swaps_only_the_results(
    support_client, account_a, monkeypatch
):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 10)
    page = support_client.get(url("list", account_a), {"country": "", "page": "2"})
    body = page.content.decode()
    assert '<nav aria-label="Pages of numbers" class="pager">' in body
    assert "<li>Page 2: numbers 11 to 20</li>" in body
    for number, words in ((1, "Previous page"), (3, "Next page")):
        link = f"?country=&amp;page={number}"
        assert (
            f'<a href="{link}" hx-get="{link}" hx-target="#number-panel" hx-swap="outerHTML" '
            f'hx-push-url="true">{words}</a>'
        ) in body


def test_the_same_bad_filters_are_refused_each_time_and_fixed_ones_list_the_numbers(
    marketing_client, account_a, sandbox
):
    # What a query's filters come to is worked out once and remembered: a refusal must
    # stay a refusal, and must not stand in for the query that fixes it.
    for _ in range(2):
        page = marketing_client.get(url("list", account_a), {"country": "Netherlands"})
        body = page.content.decode()
        assert "Enter a two-letter country code, such as NL; “Netherlands” is not one." in body
        assert "Fix the filters above to see numbers." in body
    assert calls(sandbox) == []
    fixed = marketing_client.get(url("list", account_a), {"country": "nl"}).content.decode()
    assert "is not one." not in fixed
    (call,) = calls(sandbox, "GET", "/phonenumbers")
    assert call["params"]["country"] == ["NL"]
