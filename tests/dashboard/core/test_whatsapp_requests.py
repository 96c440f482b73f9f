"""The WhatsApp channel requests as both pickers list them (``core.selectors.whatsapp_requests``):
the studio's and the WhatsApp pages' use the one function, so they agree on order and words."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from channels_api.models import ApiChannelRequestBase, ApiChannelTypeBaseResponse
from dashboard.core.selectors import WhatsAppRequest, whatsapp_requests

TYPES = [
    ApiChannelTypeBaseResponse(id="wa", description="WhatsApp"),
    ApiChannelTypeBaseResponse(id="sms", description="SMS"),
]


def _request(id: str, day: int, **state: Any) -> ApiChannelRequestBase:
    return ApiChannelRequestBase(
        id=id,
        channel_type_id=state.pop("type", "wa"),
        created_on_utc=f"2024-01-{day:02}T00:00:00Z",
        **state,
    )


def test_only_whatsapp_requests_are_listed_active_then_pending_then_cancelled():
    found = whatsapp_requests(
        [
            _request("gone", 1, is_active=False, is_pending=False),
            _request("waiting", 2, is_active=False, is_pending=True),
            _request("sms", 3, type="sms", is_active=True),
            _request("live", 4, is_active=True, is_pending=False),
        ],
        TYPES,
    )
    assert [(r.id, r.state, r.state_label) for r in found] == [
        ("live", "active", "Active"),
        ("waiting", "pending", "Pending"),
        ("gone", "cancelled", "Cancelled"),
    ]


def test_the_request_the_rest_of_the_dashboard_uses_comes_first():
    # With none active, the overview's request is the oldest one not pending: a picker puts
    # it first, so the first request listed has the templates the overview shows.
    found = whatsapp_requests(
        [
            _request("waiting", 1, is_active=False, is_pending=True),
            _request("gone", 2, is_active=False, is_pending=False),
        ],
        TYPES,
    )
    assert [r.id for r in found] == ["gone", "waiting"]


def test_among_several_active_ones_the_oldest_comes_first():
    found = whatsapp_requests(
        [_request("newer", 9, is_active=True), _request("older", 1, is_active=True)], TYPES
    )
    assert [r.id for r in found] == ["older", "newer"]


def test_a_request_without_an_id_cannot_be_picked_and_is_left_out():
    found = whatsapp_requests([_request(None, 1, is_active=True)], TYPES)  # type: ignore[arg-type]
    assert found == []


def test_no_whatsapp_type_means_no_whatsapp_requests():
    assert whatsapp_requests([_request("live", 1, is_active=True)], TYPES[1:]) == []


def test_a_request_keeps_when_it_was_made():
    [found] = whatsapp_requests([_request("live", 5, is_active=True)], TYPES)
    assert isinstance(found, WhatsAppRequest)
    assert found.created_on_utc == datetime(2024, 1, 5, tzinfo=UTC)
