"""A number's page: its type, costs with their currency, owner and since when."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format

from tests.dashboard.numbers.helpers import calls, url


def test_an_owned_number_shows_its_type_costs_owner_and_since_when(
    marketing_client, account_a, seed
):
    number = seed["owned"][0]
    kind = number.number_type
    response = marketing_client.get(url("detail", account_a, phone_number_id=number.id))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h1 id="number-title">{number.number}</h1>' in page
    assert kind.description in page
    assert f"{kind.currency} {kind.startup_cost:,.2f}" in page
    assert f"{kind.currency} {kind.monthly_cost:,.2f}" in page
    assert f"{kind.notice_period_days} days" in page
    assert f"This account ({account_a.name})" in page
    since = date_format(timezone.localtime(number.owned_since_utc), "j M Y, H:i")
    assert since in page


def test_a_shared_number_says_so_and_cannot_be_cancelled(support_client, account_a, seed):
    number = seed["shared"][0]
    page = support_client.get(url("detail", account_a, phone_number_id=number.id)).content
    assert b"Shared by CM.com" in page
    assert b"Not owned" in page
    assert url("cancel", account_a, phone_number_id=number.id).encode() not in page


def test_support_may_cancel_an_owned_number_and_marketing_may_not(
    support_client, marketing_client, account_a, seed
):
    number = seed["owned"][0]
    detail = url("detail", account_a, phone_number_id=number.id)
    cancel = url("cancel", account_a, phone_number_id=number.id).encode()
    assert cancel in support_client.get(detail).content
    assert cancel not in marketing_client.get(detail).content


def test_a_number_cm_does_not_know_is_a_404_that_says_so(support_client, account_a):
    response = support_client.get(url("detail", account_a, phone_number_id="1234567890"))
    assert response.status_code == 404
    assert b"CM.com has no such phone number" in response.content


def test_a_repeat_view_is_served_from_the_cache(marketing_client, account_a, seed, sandbox):
    number = seed["owned"][1]
    marketing_client.get(url("detail", account_a, phone_number_id=number.id))
    marketing_client.get(url("detail", account_a, phone_number_id=number.id))
    assert len(calls(sandbox, "GET", f"/phonenumbers/{number.id}")) == 1
