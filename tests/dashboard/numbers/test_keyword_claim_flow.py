"""Claiming a keyword: choose a number and a keyword → dry run → confirm → claimed.

The keyword rule is checked before anything is sent, and agrees with the sandbox's; the
sandbox's request log proves that the real claim comes only after a dry run and a
confirmation, and never when the person backs out.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError

from channels_api.sandbox.operations.keywords import normalise_keyword
from channels_api.sandbox.validation import ApiError
from dashboard.audit.models import AuditEntry
from dashboard.numbers import selectors
from dashboard.numbers.forms import clean_keyword
from tests.dashboard.numbers.helpers import calls, simulated, url


def _token(response) -> str:
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the confirmation page carries a token"
    return match.group(1)


def _claim_posts(sandbox):
    return calls(sandbox, "POST", "/keywords")


def _by_number(seed, number: str):
    return next(n for n in seed["shared"] + seed["owned"] if n.number == number)


def test_the_form_offers_the_numbers_that_can_receive_sms_from_one_read(
    support_client, account_a, seed, sandbox
):
    page = support_client.get(url("keyword_claim", account_a)).content.decode()
    for number in seed["shared_sms"] + seed["owned_sms"]:
        assert f'<option value="{number.id}"' in page
    for number in seed["voice_only"]:
        assert f'<option value="{number.id}"' not in page
    assert "3010 — shared NL short code" in page
    (read,) = calls(sandbox)
    assert read["params"]["take"] == [str(selectors.PICKER_SIZE + 1)]


def test_a_search_narrows_the_numbers_offered(support_client, account_a, sandbox):
    page = support_client.get(url("keyword_claim", account_a), {"q": "0044"}).content.decode()
    (read,) = calls(sandbox)
    assert read["params"]["query"] == ["0044"]
    assert "00447860012345 — shared GB mobile" in page
    assert "3010 — shared" not in page


def test_a_number_chosen_on_the_numbers_page_is_preselected(support_client, account_a, seed):
    number = _by_number(seed, "60777")
    page = support_client.get(
        url("keyword_claim", account_a), {"number": number.id, "keyword": "pizza"}
    ).content.decode()
    assert f'<option value="{number.id}" selected>' in page
    assert 'value="pizza"' in page


def test_the_claim_is_sent_only_after_a_dry_run_and_a_confirmation(
    support_client, account_a, seed, sandbox
):
    number = _by_number(seed, "3010")
    check = support_client.post(
        url("keyword_claim_check", account_a),
        {"phone_number_id": number.id, "keyword": "  pizza2 "},
    )
    page = check.content.decode()
    assert "Claim PIZZA2 on 3010?" in page
    assert "This was a dry run: nothing has been claimed yet." in page
    assert "EUR 50.00" in page
    assert "EUR 25.00" in page
    assert "30 days" in page
    assert "CM.com accepted the dry run." in page
    # A valid check costs exactly one upstream call: the dry run, with the keyword as CM.com
    # stores it (trimmed, upper-cased).
    (dry_run,) = calls(sandbox)
    assert simulated(dry_run)
    assert dry_run["body"] == {"phoneNumberId": number.id, "keyword": "PIZZA2"}

    confirm = support_client.post(url("keyword_claim_confirm", account_a), {"token": _token(check)})
    assert confirm.status_code == 302
    assert confirm["Location"] == url("keywords", account_a) + "?keyword=PIZZA2"
    posts = _claim_posts(sandbox)
    assert [simulated(p) for p in posts] == [True, False]
    assert posts[1]["body"] == {"phoneNumberId": number.id, "keyword": "PIZZA2"}
    assert posts[1]["status"] == 201

    listing = support_client.get(confirm["Location"]).content.decode()
    assert "PIZZA2 is claimed on 3010." in listing
    assert ">PIZZA2<span" in listing


def test_backing_out_of_the_confirmation_claims_nothing_and_keeps_what_was_chosen(
    support_client, account_a, seed, sandbox
):
    number = _by_number(seed, "3010")
    check = support_client.post(
        url("keyword_claim_check", account_a), {"phone_number_id": number.id, "keyword": "taco"}
    )
    back = (
        url("keyword_claim", account_a) + "?" + urlencode({"number": number.id, "keyword": "TACO"})
    )
    assert f'<a href="{back.replace("&", "&amp;")}">Change it or go back</a>' in (
        check.content.decode()
    )
    form = support_client.get(back).content.decode()
    assert f'<option value="{number.id}" selected>' in form
    assert 'value="TACO"' in form
    assert [simulated(p) for p in _claim_posts(sandbox)] == [True]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter a keyword."),
        ("   ", "Enter a keyword."),
        ("A" * 21, "A keyword has at most 20 characters; this one has 21."),
        ("WIN!", "A keyword can only hold the letters A-Z and the digits 0-9: remove “!”."),
        ("two words", "A keyword can only hold the letters A-Z and the digits 0-9: remove spaces."),
        ("CAFÉ", "A keyword can only hold the letters A-Z and the digits 0-9: remove “É”."),
    ],
    ids=["empty", "blank", "too-long", "punctuation", "space", "accent"],
)
def test_a_keyword_sms_cannot_carry_is_refused_at_the_field_before_anything_is_sent(
    support_client, account_a, seed, sandbox, typed, message
):
    number = _by_number(seed, "3010")
    response = support_client.post(
        url("keyword_claim_check", account_a), {"phone_number_id": number.id, "keyword": typed}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page
    if typed.strip():
        assert f'value="{typed}"' in page
    assert _claim_posts(sandbox) == []
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    "typed",
    ["win", " WIN2 ", "a" * 20, "A" * 21, "", "  ", "WIN!", "two words", "CAFÉ", "\uff10\uff11"],
)
def test_the_keyword_rule_agrees_with_the_sandboxs(typed):
    try:
        ours = clean_keyword(typed)
    except ValidationError:
        ours = None
    try:
        theirs = normalise_keyword(typed)
    except ApiError:
        theirs = None
    assert ours == theirs


def test_the_keyword_rule_refuses_what_upper_casing_would_change_into_something_else():
    # "straße".upper() is "STRASSE": the sandbox would store a keyword nobody typed.
    with pytest.raises(ValidationError, match="remove “ß”"):
        clean_keyword("straße")


def test_a_keyword_already_claimed_is_said_at_the_field_and_nothing_can_be_confirmed(
    support_client, account_a, seed, sandbox
):
    number = _by_number(seed, "3010")
    response = support_client.post(
        url("keyword_claim_check", account_a), {"phone_number_id": number.id, "keyword": "win"}
    )
    page = response.content.decode()
    assert "CM.com says: WIN is already claimed on 3010." in page
    assert 'name="token"' not in page
    assert 'value="win"' in page
    assert [simulated(p) for p in _claim_posts(sandbox)] == [True]
    entry = AuditEntry.objects.get(action="keyword_claim.simulate")
    assert (entry.outcome, entry.upstream_status) == ("refused", 409)


def test_a_number_that_cannot_receive_sms_is_refused_by_the_dry_run(
    support_client, account_a, seed, sandbox
):
    number = seed["voice_only"][0]
    response = support_client.post(
        url("keyword_claim_check", account_a), {"phone_number_id": number.id, "keyword": "HELLO"}
    )
    page = response.content.decode()
    assert "cannot receive SMS, so no keyword can be claimed on it." in page
    assert 'name="token"' not in page


def test_an_operator_keyword_is_warned_about_in_the_dry_run(support_client, account_a, seed):
    number = _by_number(seed, "60777")
    page = support_client.post(
        url("keyword_claim_check", account_a), {"phone_number_id": number.id, "keyword": "stop"}
    ).content.decode()
    assert "STOP is a word mobile operators answer themselves" in page
    assert 'name="token"' in page


def test_a_dry_run_that_fails_upstream_shows_in_place_and_keeps_what_was_typed(
    support_client, account_a, seed, sandbox
):
    number = _by_number(seed, "3010")
    sandbox.fault("POST", f"/accounts/{account_a.account_id}/keywords", delay_ms=0, status=504)
    response = support_client.post(
        url("keyword_claim_check", account_a), {"phone_number_id": number.id, "keyword": "pizza"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was claimed." in page
    assert "CM.com failed on its side (status 504)" in page
    assert 'value="pizza"' in page
    assert f'<option value="{number.id}" selected>' in page


def test_a_confirmation_claims_once_however_often_it_is_clicked(
    support_client, account_a, seed, sandbox
):
    number = _by_number(seed, "3010")
    token = _token(
        support_client.post(
            url("keyword_claim_check", account_a),
            {"phone_number_id": number.id, "keyword": "once"},
        )
    )
    support_client.post(url("keyword_claim_confirm", account_a), {"token": token})
    again = support_client.post(url("keyword_claim_confirm", account_a), {"token": token})
    assert again["Location"] == url("keyword_claim", account_a)
    assert "That was already confirmed: it was sent once, and is not sent again." in [
        str(m) for m in get_messages(again.wsgi_request)
    ]
    assert [simulated(p) for p in _claim_posts(sandbox)] == [True, False]


def test_a_number_request_confirmation_cannot_confirm_a_claim(
    support_client, account_a, seed, sandbox
):
    kind = next(t for t in seed["types"] if t.category == "MOBILE")
    check = support_client.post(url("request_check", account_a), {"number_type_id": kind.id})
    response = support_client.post(
        url("keyword_claim_confirm", account_a), {"token": _token(check)}
    )
    assert response.status_code == 302
    assert _claim_posts(sandbox) == []


def test_marketing_can_neither_open_check_nor_confirm_a_claim(
    marketing_client, account_a, seed, sandbox
):
    number = _by_number(seed, "3010")
    statuses = (
        marketing_client.get(url("keyword_claim", account_a)).status_code,
        marketing_client.post(
            url("keyword_claim_check", account_a), {"phone_number_id": number.id, "keyword": "A"}
        ).status_code,
        marketing_client.post(url("keyword_claim_confirm", account_a), {"token": "x"}).status_code,
    )
    assert statuses == (403, 403, 403)
    assert calls(sandbox) == []
