"""Channels, channel types and channel requests: shapes, filters and writes."""

from __future__ import annotations

import re

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def test_channel_types_are_sms_and_whatsapp_with_integer_costs(api):
    types = api.ok("GET", "/channels/types")
    assert [t["description"] for t in types] == ["SMS", "WhatsApp"]
    for item in types:
        assert set(item) == {
            "id",
            "currency",
            "description",
            "startupCost",
            "monthlyCost",
            "channelRequestProcessingDays",
        }
        assert isinstance(item["startupCost"], int)
        assert isinstance(item["monthlyCost"], int)


def test_a_channel_type_by_id_has_its_categories(api):
    whatsapp = api.channel_types()["WhatsApp"]
    item = api.ok("GET", f"/channels/types/{whatsapp}")
    assert item["noticePeriodDays"] == 30
    assert [c["name"] for c in item["categories"]] == ["templates", "profiles", "businessAccount"]
    categories = api.ok("GET", f"/channels/types/{whatsapp}/categories")
    assert categories == item["categories"]
    sms = api.ok("GET", f"/channels/types/{api.channel_types()['SMS']}/categories")
    assert [c["name"] for c in sms] == ["keywords", "numbers"]


def test_channel_requests_are_seeded_in_several_states(api):
    requests_ = api.ok("GET", "/channels/requests")
    assert {(r["isPending"], r["isActive"]) for r in requests_} == {
        (False, True),
        (True, False),
        (False, False),
    }
    detail = api.ok("GET", f"/channels/requests/{requests_[0]['id']}")
    assert set(detail) == {
        "id",
        "channelTypeId",
        "isPending",
        "isActive",
        "cancelledOnUtc",
        "fulfilledOnUtc",
        "createdOnUtc",
    }
    assert ISO_Z.match(detail["createdOnUtc"])
    assert ISO_Z.match(detail["fulfilledOnUtc"])


def test_channel_requests_filter_on_channel_type_and_page(api):
    types = api.channel_types()
    sms = api.ok("GET", "/channels/requests", params={"channelTypeId": types["SMS"]})
    assert sms
    assert all(r["channelTypeId"] == types["SMS"] for r in sms)
    everything = api.ok("GET", "/channels/requests")
    page = api.ok("GET", "/channels/requests", params={"skip": 1, "take": 2})
    assert page == everything[1:3]


def test_requesting_a_channel_shows_in_later_reads(api):
    whatsapp = api.channel_types()["WhatsApp"]
    created = api.ok("POST", "/channels/requests", 201, params={"channelTypeId": whatsapp})
    assert created["isPending"] is True
    assert created["isActive"] is False
    assert created["id"] in {r["id"] for r in api.ok("GET", "/channels/requests")}
    business = api.ok("GET", f"/whatsapp/{created['id']}/businessaccount")
    assert business["isPending"] is True
    assert business["channelRequestId"] == created["id"]


def test_requesting_a_channel_needs_a_known_channel_type(api):
    assert api.post("/channels/requests").status_code == 400
    unknown = "0b3a8c4e-1111-4222-8333-944455556666"
    assert api.post("/channels/requests", params={"channelTypeId": unknown}).status_code == 404


def test_get_your_channels_has_the_documented_structure(api):
    channels = api.ok("GET", "/channels")
    assert channels["comingSoon"] == ["RCS", "Viber"]
    available = channels["available"]
    assert set(available["sms"]) == {"keywords", "numbers"}
    assert {"templates", "profiles"} <= set(available["whatsApp"])
    keyword = available["sms"]["keywords"][0]
    assert set(keyword) == {"id", "channelID", "channelUrl", "isPending", "createdOnUtc"}
    assert re.fullmatch(r"\d+\|[A-Z0-9]+", keyword["channelID"])
    assert all(available[g][c] for g in ("sms", "whatsApp") for c in available[g])


def test_channels_filter_on_channel_type(api):
    sms = api.channel_types()["SMS"]
    channels = api.ok("GET", "/channels", params={"channelTypeId": sms})["available"]
    assert channels["sms"]["keywords"]
    assert channels["sms"]["numbers"]
    assert not any(channels["whatsApp"].values())


def test_a_channel_by_id_is_an_api_channel(api):
    listed = api.any_channel("profiles")
    assert api.ok("GET", f"/channels/{listed['id']}") == listed


def test_a_new_template_gets_a_channel(api):
    before = len(api.ok("GET", "/channels")["available"]["whatsApp"]["templates"])
    api.create_template("brand_new_template")
    after = api.ok("GET", "/channels")["available"]["whatsApp"]["templates"]
    assert len(after) == before + 1
    assert after[-1]["isPending"] is True
