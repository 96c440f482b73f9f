"""Keyword claims and dedicated phone numbers: filters, simulate, writes."""

from __future__ import annotations

import pytest


def shared_number(api, number="3010"):
    return next(n for n in api.ok("GET", "/phonenumbers") if n["number"] == number)


def test_claims_answer_both_phone_number_fields(api):
    claim = api.ok("GET", "/keywords")[0]
    assert {"phoneNumberId", "phoneNumber", "channelId", "country", "claimedOnUtc"} <= set(claim)
    assert isinstance(claim["startupCost"], int)


@pytest.mark.parametrize("field", ["phoneNumberId", "phoneNumber", "PHONENUMBERID"])
def test_a_keyword_claim_accepts_either_phone_number_field(api, field):
    number = shared_number(api)
    claim = api.ok("POST", "/keywords", 201, json={field: number["id"], "keyword": " hello1 "})
    assert claim["keyword"] == "HELLO1"
    assert (claim["phoneNumberId"], claim["phoneNumber"]) == (number["id"], "3010")
    assert api.ok("GET", f"/keywords/{claim['id']}") == claim


def test_a_claim_may_name_the_number_itself(api):
    owned = next(
        n
        for n in api.ok("GET", "/phonenumbers", params={"isOwned": "true"})
        if "SMS" in n["numberType"]["purpose"]
    )
    plus = "+" + owned["number"][2:]
    claim = api.ok("POST", "/keywords", 201, json={"phoneNumber": plus, "keyword": "MINE"})
    assert claim["phoneNumberId"] == owned["id"]
    assert claim["startupCost"] == 0  # your own number: no keyword costs


def test_simulate_answers_the_would_be_claim_and_changes_nothing(api):
    number = shared_number(api)
    before = api.ok("GET", "/keywords")
    channels_before = api.ok("GET", "/channels")
    answer = api.ok(
        "POST",
        "/keywords",
        201,
        params={"simulate": "true"},
        json={"phoneNumberId": number["id"], "keyword": "DRYRUN"},
    )
    assert answer["keyword"] == "DRYRUN"
    assert api.ok("GET", "/keywords") == before
    assert api.ok("GET", "/channels") == channels_before
    assert api.get(f"/keywords/{answer['id']}").status_code == 404


def test_simulate_still_validates(api):
    claim = api.ok("GET", "/keywords")[0]
    answer = api.post(
        "/keywords",
        params={"simulate": "true"},
        json={"phoneNumberId": claim["phoneNumberId"], "keyword": claim["keyword"]},
    )
    assert answer.status_code == 409


def test_claimed_keywords_filter_on_repeated_numbers_and_keywords_and_country(api):
    claims = api.ok("GET", "/keywords")
    assert {
        c["keyword"] for c in api.ok("GET", "/keywords", params={"keyword": ["quiz", "WIN"]})
    } == {
        "QUIZ",
        "WIN",
    }
    first, other = (
        claims[0],
        next(c for c in claims if c["phoneNumber"] != claims[0]["phoneNumber"]),
    )
    found = api.ok(
        "GET", "/keywords", params={"phoneNumber": [first["phoneNumber"], other["phoneNumberId"]]}
    )
    assert {c["phoneNumberId"] for c in found} == {first["phoneNumberId"], other["phoneNumberId"]}
    dutch = api.ok("GET", "/keywords", params={"country": "nl"})
    assert dutch
    assert all(c["country"] == "NL" for c in dutch)
    assert api.ok("GET", "/keywords", params={"skip": 2, "take": 3}) == claims[2:5]


def test_cancelling_a_claim_answers_204_and_removes_it(api):
    claim = api.ok("GET", "/keywords")[0]
    answer = api.delete(f"/keywords/{claim['id']}")
    assert (answer.status_code, answer.content) == (204, b"")
    assert api.get(f"/keywords/{claim['id']}").status_code == 404
    channel_ids = {c["id"] for c in api.ok("GET", "/channels")["available"]["sms"]["keywords"]}
    assert claim["channelId"] not in channel_ids


def test_verify_answers_an_array_of_strings(api):
    claims = api.ok("GET", "/keywords")
    reserved = next(c for c in claims if c["keyword"] == "INFO")
    issues = api.ok("GET", f"/keywords/{reserved['id']}/verify")
    assert isinstance(issues, list)
    assert issues
    assert all(isinstance(i, str) for i in issues)
    fine = next(c for c in claims if c["keyword"] == "WIN")
    assert api.ok("GET", f"/keywords/{fine['id']}/verify") == []


def test_phone_numbers_are_shared_and_owned_in_several_countries(api):
    numbers = api.ok("GET", "/phonenumbers")
    shared = [n for n in numbers if n["isShared"]]
    owned = [n for n in numbers if not n["isShared"]]
    assert len({n["numberType"]["country"] for n in shared}) >= 4
    assert len({n["numberType"]["country"] for n in owned}) >= 4
    assert all(n["id"].isdigit() for n in numbers)
    assert all("accountId" not in n and "ownedSinceUtc" not in n for n in shared)
    assert all(n["accountId"] == api.sandbox.account_id and n["ownedSinceUtc"] for n in owned)
    assert any(isinstance(n["numberType"]["monthlyCost"], float) for n in numbers)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"isOwned": "true"}, lambda n: not n["isShared"]),
        ({"isShared": "true"}, lambda n: n["isShared"]),
        ({"isShortcode": "true"}, lambda n: n["numberType"]["category"] == "SHORTCODE"),
        ({"isShortcode": "false"}, lambda n: n["numberType"]["category"] != "SHORTCODE"),
        ({"country": "de"}, lambda n: n["numberType"]["country"] == "DE"),
        ({"query": "3010"}, lambda n: "3010" in n["number"]),
        ({"query": "+31"}, lambda n: n["number"].startswith("0031")),
    ],
)
def test_phone_numbers_filter(api, params, check):
    found = api.ok("GET", "/phonenumbers", params=params)
    assert found
    assert all(check(n) for n in found)


def test_a_phone_number_by_id(api):
    number = api.ok("GET", "/phonenumbers")[3]
    assert api.ok("GET", f"/phonenumbers/{number['id']}") == number


def test_number_types_filter_on_country_type_and_purpose(api):
    everything = api.ok("GET", "/phonenumbers/numbertypes")
    assert len({t["country"] for t in everything}) >= 4
    sms = api.ok("GET", "/phonenumbers/numbertypes", params={"purpose": "sms", "country": "GB"})
    assert sms
    assert all("SMS" in t["purpose"] and t["country"] == "GB" for t in sms)
    mobile = api.ok("GET", "/phonenumbers/numbertypes", params={"type": "MOBILE"})
    assert mobile
    assert all(t["category"] == "MOBILE" for t in mobile)
    assert api.ok("GET", "/phonenumbers/numbertypes", params={"take": 2}) == everything[:2]
    assert api.get("/phonenumbers/numbertypes", params={"purpose": "FAX"}).status_code == 400


def test_requesting_a_number_shows_as_a_pending_request(api):
    kind = api.ok("GET", "/phonenumbers/numbertypes", params={"country": "BE", "type": "MOBILE"})[0]
    request = api.ok("POST", "/phonenumbers/requests", 201, params={"numberTypeId": kind["id"]})
    assert request["isPending"] is True
    assert "phoneNumberId" not in request
    pending = api.ok("GET", "/phonenumbers/requests", params={"isPending": "true", "country": "BE"})
    assert request["id"] in {r["id"] for r in pending}


def test_simulating_a_number_request_changes_nothing(api):
    kind = api.ok("GET", "/phonenumbers/numbertypes", params={"type": "LANDLINE"})[0]
    before = api.ok("GET", "/phonenumbers/requests")
    answer = api.ok(
        "POST",
        "/phonenumbers/requests",
        201,
        params={"numberTypeId": kind["id"], "simulate": "true"},
    )
    assert answer["numberType"]["id"] == kind["id"]
    assert api.ok("GET", "/phonenumbers/requests") == before


def test_number_requests_filter_on_pending_and_country(api):
    pending = api.ok("GET", "/phonenumbers/requests", params={"isPending": "true"})
    done = api.ok("GET", "/phonenumbers/requests", params={"isPending": "false"})
    assert pending
    assert done
    assert all(r["isPending"] for r in pending)
    assert not any(r["isPending"] for r in done)
    assert all("phoneNumberId" in r for r in done)
    assert any(r["cancelledOnUtc"] for r in done)


def test_cancelling_ownership_answers_204_and_hides_the_number(api):
    owned = api.ok("GET", "/phonenumbers", params={"isOwned": "true"})[0]
    answer = api.delete(f"/phonenumbers/{owned['id']}")
    assert (answer.status_code, answer.content) == (204, b"")
    assert api.get(f"/phonenumbers/{owned['id']}").status_code == 404
    requests_ = api.ok("GET", "/phonenumbers/requests")
    cancelled = next(r for r in requests_ if r.get("phoneNumberId") == owned["id"])
    assert cancelled["cancelledOnUtc"]
    assert cancelled["isActive"] is False
