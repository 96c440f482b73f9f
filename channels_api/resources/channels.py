"""Channels: channel requests, the channels an account has, and the channel types on offer."""

from __future__ import annotations

from channels_api._transport import Operation
from channels_api.models import (
    ApiChannel,
    ApiChannelCategory,
    ApiChannelRequest,
    ApiChannelRequestBase,
    ApiChannels,
    ApiChannelTypeBaseResponse,
    ApiChannelTypeResponse,
)
from channels_api.resources._base import Resource, implements, require_text

_BASE = "/accounts/{accountId}/channels"
REQUEST_CHANNEL = Operation("channels", "Request a channel", "POST", f"{_BASE}/requests")
LIST_REQUESTS = Operation("channels", "Get your channel requests", "GET", f"{_BASE}/requests")
GET_REQUEST = Operation(
    "channels", "Get a channel request by id", "GET", f"{_BASE}/requests/{{channelRequestId}}"
)
LIST_CHANNELS = Operation("channels", "Get your channels", "GET", _BASE)
GET_CHANNEL = Operation("channels", "Get a channel by id", "GET", f"{_BASE}/{{channelId}}")
LIST_TYPES = Operation("channels", "Get available channel types", "GET", f"{_BASE}/types")
GET_TYPE = Operation(
    "channels", "Get a channel type by id", "GET", f"{_BASE}/types/{{channelTypeId}}"
)
LIST_TYPE_CATEGORIES = Operation(
    "channels",
    "Get available categories for a channel type",
    "GET",
    f"{_BASE}/types/{{channelTypeId}}/categories",
)


class Channels(Resource):
    """``client.channels``: requests, channels and channel types."""

    @implements(REQUEST_CHANNEL)
    def request(self, channel_type_id: str) -> ApiChannelRequestBase:
        """Request a new channel of a type; it starts pending. This may cost money."""
        # The table calls channelTypeId optional, but a request for no type of channel cannot
        # be fulfilled (the sandbox answers 400): refuse it here rather than send a paid call.
        type_id = require_text("channel_type_id", channel_type_id)
        return self._call(
            REQUEST_CHANNEL, query={"channelTypeId": type_id}, parse=ApiChannelRequestBase
        )

    @implements(LIST_REQUESTS)
    def list_requests(
        self,
        *,
        channel_type_id: str | None = None,
        skip: int | None = None,
        take: int | None = None,
    ) -> list[ApiChannelRequestBase]:
        """One page of channel requests, optionally of one channel type."""
        return self._call(
            LIST_REQUESTS,
            query={"channelTypeId": channel_type_id, "skip": skip, "take": take},
            parse=list[ApiChannelRequestBase],
        )

    @implements(GET_REQUEST)
    def get_request(self, channel_request_id: str) -> ApiChannelRequest:
        """One channel request, with its fulfilled and cancelled dates."""
        return self._call(
            GET_REQUEST,
            path_params={"channelRequestId": channel_request_id},
            parse=ApiChannelRequest,
        )

    @implements(LIST_CHANNELS)
    def list(self, *, channel_type_id: str | None = None) -> ApiChannels:
        """The account's channels, grouped by channel type and category, and what is coming."""
        return self._call(
            LIST_CHANNELS, query={"channelTypeId": channel_type_id}, parse=ApiChannels
        )

    @implements(GET_CHANNEL)
    def get(self, channel_id: str) -> ApiChannel:
        """One channel."""
        return self._call(GET_CHANNEL, path_params={"channelId": channel_id}, parse=ApiChannel)

    @implements(LIST_TYPES)
    def list_types(
        self, *, skip: int | None = None, take: int | None = None
    ) -> list[ApiChannelTypeBaseResponse]:
        """One page of the channel types that can be requested, with their costs."""
        return self._call(
            LIST_TYPES, query={"skip": skip, "take": take}, parse=list[ApiChannelTypeBaseResponse]
        )

    @implements(GET_TYPE)
    def get_type(self, channel_type_id: str) -> ApiChannelTypeResponse:
        """One channel type, with its notice period and categories."""
        return self._call(
            GET_TYPE, path_params={"channelTypeId": channel_type_id}, parse=ApiChannelTypeResponse
        )

    @implements(LIST_TYPE_CATEGORIES)
    def list_type_categories(self, channel_type_id: str) -> list[ApiChannelCategory]:
        """The categories of one channel type (templates, profiles, keywords…)."""
        return self._call(
            LIST_TYPE_CATEGORIES,
            path_params={"channelTypeId": channel_type_id},
            parse=list[ApiChannelCategory],
        )
