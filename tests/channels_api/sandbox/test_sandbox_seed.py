"""The seed: deterministic per account id, and as rich as the dashboard needs."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from channels_api.sandbox import serialize
from channels_api.sandbox.seed import DEMO_ACCOUNT_ID, parse_scale, seed_account

OTHER = "5b0a3c1d-7e2f-4a9b-8c6d-1e2f3a4b5c6d"


def summary(account):
    business = next(iter(account.business_accounts.values()))
    return (
        list(account.channel_requests),
        [
            (t.id, t.name, [(lang.name, lang.state) for lang in t.languages.values()])
            for t in business.templates.values()
        ],
        [(n.id, n.number) for n in account.phone_numbers.values()],
        [(c.id, c.keyword) for c in account.keyword_claims.values()],
        list(account.channels),
    )


def test_the_same_account_id_gives_the_same_data():
    now = datetime.now(UTC)
    assert summary(seed_account(DEMO_ACCOUNT_ID, "t", now)) == summary(
        seed_account(DEMO_ACCOUNT_ID, "t", now)
    )


def test_another_account_id_gives_other_ids():
    now = datetime.now(UTC)
    one, two = seed_account(DEMO_ACCOUNT_ID, "t", now), seed_account(OTHER, "u", now)
    assert set(one.channel_requests).isdisjoint(two.channel_requests)
    assert set(one.keyword_claims).isdisjoint(two.keyword_claims)


def test_seeding_a_large_account_is_quick():
    started = time.monotonic()
    account = seed_account(
        DEMO_ACCOUNT_ID,
        "t",
        datetime.now(UTC),
        {"templates": 2000, "numbers": 1000, "keywords": 500},
    )
    assert time.monotonic() - started < 2
    assert len(account.keyword_claims) == 500
    assert len(account.available_numbers()) == 1000


def test_every_number_in_the_seed_is_a_valid_00_number_or_a_short_code():
    from channels_api.phone import normalise_phone_number

    account = seed_account(DEMO_ACCOUNT_ID, "t", datetime.now(UTC), {"numbers": 300})
    for number in account.phone_numbers.values():
        if account.number_types[number.number_type_id].category == "SHORTCODE":
            assert number.number.isdigit()
            assert len(number.number) <= 6
        else:
            assert normalise_phone_number(number.number) == number.number


def test_timestamps_are_iso_utc_with_milliseconds_and_z():
    moment = datetime(2019, 7, 29, 9, 30, 1, 709123, tzinfo=UTC)
    assert serialize.ts(moment) == "2019-07-29T09:30:01.709Z"


def test_parse_scale_reads_the_cli_format():
    assert parse_scale("templates=2000, numbers=1000,keywords=500") == {
        "templates": 2000,
        "numbers": 1000,
        "keywords": 500,
    }
    with pytest.raises(ValueError, match="key=count"):
        parse_scale("widgets=3")
