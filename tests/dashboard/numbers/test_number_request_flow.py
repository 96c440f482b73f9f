"""Requesting a dedicated number: choose a type → dry run → confirm → the real request.

The sandbox's request log proves the order: the real (non-simulated) POST comes only after a
dry run and a confirmation, and never when the person backs out.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from django.utils.formats import date_format

from dashboard.audit.models import AuditEntry
from dashboard.numbers import confirmations
from tests.dashboard.numbers.helpers import calls, simulated, url


def _type(seed, country: str, category: str):
    return next(t for t in seed["types"] if t.country == country and t.category == category)


def _token(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the confirmation page carries a token"
    return match.group(1)


def _request_posts(sandbox):
    return calls(sandbox, "POST", "/phonenumbers/requests")


# The expected date is five days from the dry run and again from the request: on a stopped
# clock the local day cannot turn between them and the test's own reckoning.
@pytest.mark.usefixtures("still_clock")
def test_the_real_request_is_sent_only_after_a_dry_run_and_a_confirmation(
    support_client, account_a, seed, sandbox
):
    kind = _type(seed, "NL", "MOBILE")
    check = support_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    assert check.status_code == 200
    page = check.content.decode()
    assert "Request A Dutch mobile number?" in page
    assert "This was a dry run: nothing has been requested yet." in page
    assert "EUR 25.00" in page
    assert "EUR 12.50" in page
    assert "5 days" in page
    expected = date_format(timezone.localtime(timezone.now() + timedelta(days=5)), "j M Y")
    assert f"by {expected}" in page
    posts = _request_posts(sandbox)
    assert [simulated(p) for p in posts] == [True]
    assert posts[0]["params"]["numberTypeId"] == [kind.id]

    confirm = support_client.post(url("request_confirm", account_a), {"token": _token(check)})
    assert confirm.status_code == 302
    assert confirm["Location"] == url("requests", account_a) + "?pending=yes"
    posts = _request_posts(sandbox)
    assert [simulated(p) for p in posts] == [True, False]
    assert posts[1]["params"]["numberTypeId"] == [kind.id]
    assert posts[1]["status"] == 201

    listing = support_client.get(confirm["Location"]).content.decode()
    assert f"Requested: A Dutch mobile number. Expected by {expected}." in listing
    assert listing.count('class="badge">Pending<') == 4


def test_backing_out_of_the_confirmation_requests_nothing(support_client, account_a, seed, sandbox):
    kind = _type(seed, "DE", "LANDLINE")
    check = support_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    back = url("types", account_a)
    assert f'<a href="{back}">Back to number types</a> (nothing is requested)' in (
        check.content.decode()
    )
    support_client.get(back)
    assert [simulated(p) for p in _request_posts(sandbox)] == [True]


def test_a_confirmation_is_sent_once_however_often_it_is_clicked(
    support_client, account_a, seed, sandbox
):
    kind = _type(seed, "BE", "MOBILE")
    token = _token(
        support_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    )
    support_client.post(url("request_confirm", account_a), {"token": token})
    again = support_client.post(url("request_confirm", account_a), {"token": token})
    assert again.status_code == 302
    assert "That was already confirmed: it was sent once, and is not sent again." in [
        str(m) for m in get_messages(again.wsgi_request)
    ]
    assert [simulated(p) for p in _request_posts(sandbox)] == [True, False]


@pytest.mark.parametrize(
    "token",
    ["", "not-a-token", "eyJhY2NvdW50IjoiMSJ9:1tamper:forged"],
    ids=["missing", "garbage", "forged"],
)
def test_a_missing_or_altered_token_requests_nothing(support_client, account_a, sandbox, token):
    response = support_client.post(url("request_confirm", account_a), {"token": token})
    assert response.status_code == 302
    assert response["Location"] == url("types", account_a)
    assert "That confirmation is not valid: nothing was sent. Check again." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]
    assert _request_posts(sandbox) == []


def test_an_expired_confirmation_requests_nothing(
    support_client, account_a, seed, sandbox, monkeypatch
):
    kind = _type(seed, "NL", "LANDLINE")
    token = _token(
        support_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    )
    monkeypatch.setattr(confirmations, "MAX_AGE_SECONDS", -1)
    response = support_client.post(url("request_confirm", account_a), {"token": token})
    assert any("expired" in str(m) for m in get_messages(response.wsgi_request))
    assert [simulated(p) for p in _request_posts(sandbox)] == [True]


def test_another_persons_confirmation_requests_nothing(
    support_client, admin_client, account_a, seed, sandbox
):
    kind = _type(seed, "NL", "MOBILE")
    token = _token(
        support_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    )
    response = admin_client.post(url("request_confirm", account_a), {"token": token})
    assert "That confirmation was made for another account or person: nothing was sent." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]
    assert [simulated(p) for p in _request_posts(sandbox)] == [True]


def test_a_short_code_is_refused_before_any_dry_run_is_sent_with_the_reason(
    support_client, account_a, seed, sandbox
):
    """CM.com refuses to rent short codes: a stale page or a forged id naming one is told so
    here, and nothing is sent (no dry run, no audit of one)."""
    kind = _type(seed, "NL", "SHORTCODE")
    response = support_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    page = response.content.decode()
    assert "A short code cannot be rented here: ask CM.com support for one." in page
    assert 'name="token"' not in page
    assert "Check the cost again" not in page
    assert _request_posts(sandbox) == []
    assert not AuditEntry.objects.filter(action="number_request.simulate").exists()


def test_a_short_code_check_reads_the_short_code_types_once_then_from_the_cache(
    support_client, account_a, seed, sandbox
):
    kind = _type(seed, "NL", "SHORTCODE")
    for _ in range(2):
        support_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    (read,) = calls(sandbox, "GET", "/numbertypes")
    assert read["params"]["type"] == ["SHORTCODE"]


def test_another_type_is_still_checked_with_cm_com(support_client, account_a, seed, sandbox):
    kind = _type(seed, "NL", "LANDLINE")
    response = support_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    assert 'name="token"' in response.content.decode()
    (dry_run,) = _request_posts(sandbox)
    assert simulated(dry_run)


def test_a_dry_run_that_fails_upstream_shows_in_place_and_can_be_checked_again(
    support_client, account_a, seed, sandbox
):
    kind = _type(seed, "NL", "MOBILE")
    sandbox.fault("POST", f"/accounts/{account_a.account_id}/phonenumbers/requests", status=503)
    response = support_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The cost could not be checked." in page
    assert "CM.com failed on its side (status 503)" in page
    assert "Check the cost again" in page
    assert f'name="number_type_id" value="{kind.id}"' in page


def test_a_failed_real_request_says_it_was_not_made_and_offers_a_new_check(
    support_client, account_a, seed, sandbox
):
    kind = _type(seed, "NL", "MOBILE")
    token = _token(
        support_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    )
    sandbox.fault("POST", f"/accounts/{account_a.account_id}/phonenumbers/requests", status=503)
    response = support_client.post(url("request_confirm", account_a), {"token": token})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The number was not requested." in page
    assert "a check shows the number request was not saved — you can send it again" in page
    assert "Check the cost again" in page


def test_choosing_no_type_says_so_and_sends_nothing(support_client, account_a, sandbox):
    response = support_client.post(url("request_check", account_a), {"number_type_id": "x"})
    assert b"That is not a number type: choose one from the list." in response.content
    assert calls(sandbox) == []


def test_marketing_can_neither_check_nor_confirm_a_number_request(
    marketing_client, account_a, seed, sandbox
):
    kind = _type(seed, "NL", "MOBILE")
    check = marketing_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    confirm = marketing_client.post(url("request_confirm", account_a), {"token": "x"})
    assert (check.status_code, confirm.status_code) == (403, 403)
    assert calls(sandbox) == []
