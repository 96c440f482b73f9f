"""Number requests: by country and pending, paged; pending ones with their expected date."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format

from dashboard.upstream import client_for
from tests.dashboard.numbers.helpers import calls, url


def test_pending_requests_show_when_their_number_is_expected(marketing_client, account_a, sandbox):
    with client_for(account_a) as client:
        pending = client.numbers.list_requests(is_pending=True)
    sandbox.clear_log()
    response = marketing_client.get(url("requests", account_a), {"pending": "yes"})
    page = response.content.decode()
    (call,) = calls(sandbox, "GET", "/phonenumbers/requests")
    assert call["params"]["isPending"] == ["true"]
    assert len(pending) == 3
    for request in pending:
        days = request.number_type.number_request_processing_days
        expected = timezone.localtime(request.created_on_utc + timedelta(days=days))
        assert f"by {date_format(expected, 'j M Y')}" in page
    assert page.count("Not assigned yet") == 3
    assert page.count('class="badge">Pending<') == 3


def test_requests_filter_by_country(marketing_client, account_a, sandbox):
    page = marketing_client.get(url("requests", account_a), {"country": "de"}).content.decode()
    (call,) = calls(sandbox, "GET", "/phonenumbers/requests")
    assert call["params"]["country"] == ["DE"]
    assert "A German" in page
    assert "A Dutch" not in page


def test_fulfilled_and_cancelled_requests_say_so(marketing_client, account_a):
    page = marketing_client.get(url("requests", account_a), {"pending": "no"}).content.decode()
    assert "Assigned " in page
    assert 'badge-bad">Cancelled<' in page
    assert 'badge-ok">Active<' in page


def test_a_failure_shows_in_place_with_the_filters_kept(support_client, account_a, sandbox):
    sandbox.fault("GET", f"/accounts/{account_a.account_id}/phonenumbers/requests", status=500)
    response = support_client.get(url("requests", account_a), {"country": "BE"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The number requests could not be loaded from CM.com." in page
    assert 'value="BE"' in page
