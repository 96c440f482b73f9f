"""The shortcuts that make long lists cheap to read: remembered key spellings and key orders,
and datetime.fromisoformat for the two timestamp forms the API writes. They must read every
answer exactly as the full reading does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from channels_api._parsing import parse_timestamp
from channels_api.models import ApiChannelRequestBase, _timestamp, parse_schema

EXACT = {"id": "a", "channelTypeId": "t1", "isActive": True, "createdOnUtc": "2024-05-01T10:00:00Z"}


def test_items_of_one_list_in_other_spellings_after_an_exact_one_still_land_in_their_fields():
    items = parse_schema(
        "array[ApiChannelRequestBase]",
        [
            EXACT,
            {"ID": "b", "channel_type_id": "t2", "ISACTIVE": False},
            dict(EXACT, id="c"),
            {"id": "d", "channelTypeID": "t4", "isActive": True},
        ],
    )
    assert [(i.id, i.channel_type_id, i.is_active) for i in items] == [
        ("a", "t1", True),
        ("b", "t2", False),
        ("c", "t1", True),
        ("d", "t4", True),
    ]


def test_after_an_exact_item_a_field_in_two_spellings_still_takes_the_exact_alias():
    ApiChannelRequestBase.model_validate(EXACT)
    item = ApiChannelRequestBase.model_validate(
        {"channelTypeID": "wrong", "channelTypeId": "right"}
    )
    assert item.channel_type_id == "right"
    item = ApiChannelRequestBase.model_validate({"channelTypeId": "right", "CHANNELTYPEID": "no"})
    assert item.channel_type_id == "right"


def test_every_item_of_a_list_in_another_spelling_lands_its_own_values_in_their_fields():
    # The second and later items are renamed the way the first one was worked out.
    items = parse_schema(
        "array[ApiChannelRequestBase]",
        [
            {"ID": str(n), "junk": n, "channelTypeID": f"t{n}", "CreatedOnUtc": f"2024-05-0{n}"}
            for n in range(1, 5)
        ],
    )
    assert [(i.id, i.channel_type_id, i.created_on_utc) for i in items] == [
        (str(n), f"t{n}", datetime(2024, 5, n, tzinfo=UTC)) for n in range(1, 5)
    ]


def test_every_item_with_a_field_in_two_spellings_takes_the_exact_alias_not_only_the_first():
    items = parse_schema(
        "array[ApiChannelRequestBase]",
        [{"channelTypeID": "wrong", "id": str(n), "channelTypeId": f"right{n}"} for n in range(3)],
    )
    assert [(i.id, i.channel_type_id) for i in items] == [(str(n), f"right{n}") for n in range(3)]


@pytest.mark.parametrize(
    "text",
    [
        "2019-07-24T13:43:58.3329114",
        "2019-07-24T13:43:58.709Z",
        "2019-07-24t13:43:58z",
        "2019-07-24 13:43:58",
        "2019-07-24T13:43+01",
        "2019-07-24T13:43:58.123456789-05:30",
        "2019-07-24T23:59:59.9999999Z",
        " 2019-07-24T13:43:58Z ",
        "2019-07-24",
    ],
)
def test_the_quick_timestamp_reading_gives_what_the_full_reading_gives(text):
    assert _timestamp(text) == parse_timestamp(text)
    assert _timestamp(text).tzinfo is UTC


@pytest.mark.parametrize("text", ["2019-07-24T24:00", "2019-07-24T25:00:00Z", "yesterday"])
def test_a_timestamp_the_full_reading_refuses_is_refused_by_the_model_too(text):
    with pytest.raises(ValueError, match=r"timestamp|hour|month|day|isoformat"):
        parse_timestamp(text)
    with pytest.raises(ValidationError):
        ApiChannelRequestBase.model_validate({"createdOnUtc": text})


def test_a_list_of_many_items_reads_every_timestamp_as_utc():
    items = parse_schema(
        "array[ApiChannelRequestBase]",
        [
            dict(EXACT, id=str(n), createdOnUtc=f"2024-05-01T10:00:{n:02d}.1234567")
            for n in range(60)
        ],
    )
    assert [i.created_on_utc for i in items] == [
        datetime(2024, 5, 1, 10, 0, n, 123456, tzinfo=UTC) for n in range(60)
    ]
