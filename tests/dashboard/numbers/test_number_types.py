"""Number types: filtered by country, type and purpose, costs shown with their currency."""

from __future__ import annotations

from dashboard.numbers import selectors
from tests.dashboard.numbers.helpers import calls, url


def test_costs_are_shown_with_their_currency(marketing_client, account_a, sandbox):
    response = marketing_client.get(url("types", account_a), {"country": "gb"})
    page = response.content.decode()
    (call,) = calls(sandbox, "GET", "/numbertypes")
    assert call["params"]["country"] == ["GB"]
    assert call["params"]["take"] == [str(selectors.PAGE_SIZE + 1)]
    assert "A British mobile number" in page
    # GB mobile: 25 * 1.15 start-up, 12.5 * 1.15 a month, in pounds; 5 processing days.
    assert "GBP 28.80" in page
    assert "GBP 14.40" in page
    assert "5 days" in page
    assert "EUR" not in page.split('id="types-panel"')[1]


def test_type_and_purpose_filter_upstream(marketing_client, account_a, sandbox):
    page = marketing_client.get(
        url("types", account_a), {"type": "SHORTCODE", "purpose": "SMS"}
    ).content.decode()
    (call,) = calls(sandbox, "GET", "/numbertypes")
    assert call["params"]["type"] == ["SHORTCODE"]
    assert call["params"]["purpose"] == ["SMS"]
    assert "A Dutch short code" in page
    assert "mobile number" not in page


def test_support_can_check_the_cost_of_a_type_and_marketing_cannot(
    support_client, marketing_client, account_a
):
    check = url("request_check", account_a).encode()
    assert check in support_client.get(url("types", account_a)).content
    assert check not in marketing_client.get(url("types", account_a)).content


def test_an_unknown_type_is_refused_at_the_field(marketing_client, account_a, sandbox):
    page = marketing_client.get(url("types", account_a), {"type": "SATELLITE"}).content.decode()
    assert "Select a valid choice. SATELLITE is not one of the available choices." in page
    assert calls(sandbox) == []


def test_short_code_types_offer_no_cost_check_and_say_why(support_client, account_a, sandbox):
    page = support_client.get(url("types", account_a), {"type": "SHORTCODE"}).content.decode()
    assert "A Dutch short code" in page
    assert "Short codes are not rented here: ask CM.com support." in page
    assert 'name="number_type_id"' not in page
    others = support_client.get(url("types", account_a), {"type": "MOBILE"}).content.decode()
    assert 'name="number_type_id"' in others
    assert "Short codes are not rented here" not in others
