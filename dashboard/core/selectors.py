"""Reads shared by several pages: channel requests, channel types, the WhatsApp request (and
the list of them the pickers show), and the labels of template review statuses.

The pages pass these functions to ``dashboard.upstream`` (which imports nothing from here) so
they are cached per account under the keys below; a later page that writes (say, requests a
channel) invalidates the matching prefix. Plain functions of the client: this module imports
no dashboard app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.functional import Promise

from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiChannelRequestBase,
    ApiChannels,
    ApiChannelTypeBaseResponse,
    ReviewStatus,
)
from channels_api.pagination import MAX_PAGE_SIZE, fetch_all
from dashboard.core.labels import LABELS, TEMPLATE_STATUS, WHATSAPP_REQUEST_STATE, label

# Cache keys (dotted, so ``invalidate(account, "channels")`` drops all three).
CHANNELS = "channels"
CHANNEL_REQUESTS = "channels.requests"
CHANNEL_TYPES = "channels.types"


def templates_key(channel_request_id: str) -> str:
    """Cache key of a WhatsApp channel request's template list."""
    return f"templates.{channel_request_id}"


def list_channels(client: ChannelsClient) -> ApiChannels:
    """``Get your channels``."""
    return client.channels.list()


def list_channel_requests(client: ChannelsClient) -> list[ApiChannelRequestBase]:
    """Every channel request, in as few calls as the API allows."""
    return fetch_all(client.channels.list_requests, page_size=MAX_PAGE_SIZE)


def list_channel_types(client: ChannelsClient) -> list[ApiChannelTypeBaseResponse]:
    """Every channel type the account may request."""
    return fetch_all(client.channels.list_types, page_size=MAX_PAGE_SIZE)


def whatsapp_channel_request(
    requests: list[ApiChannelRequestBase], types: list[ApiChannelTypeBaseResponse]
) -> ApiChannelRequestBase | None:
    """The channel request that keys the WhatsApp operations: of type "WhatsApp", active first.

    Among several, an active one wins over a pending one, then the oldest.
    """
    whatsapp_types = {t.id for t in types if (t.description or "").strip().lower() == "whatsapp"}
    candidates = [r for r in requests if r.channel_type_id in whatsapp_types]
    if not candidates:
        return None
    return sorted(
        candidates,
        key=lambda r: (not r.is_active, bool(r.is_pending), str(r.created_on_utc or "")),
    )[0]


def whatsapp_channel_requests(
    requests: list[ApiChannelRequestBase], types: list[ApiChannelTypeBaseResponse]
) -> list[ApiChannelRequestBase]:
    """Every channel request of type "WhatsApp", in the order ``whatsapp_channel_request``
    prefers them (active, then pending, then the rest; oldest first), for a picker."""
    whatsapp_types = {t.id for t in types if (t.description or "").strip().lower() == "whatsapp"}
    return sorted(
        (r for r in requests if r.channel_type_id in whatsapp_types and r.id),
        key=lambda r: (not r.is_active, not r.is_pending, str(r.created_on_utc or "")),
    )


@dataclass(frozen=True)
class WhatsAppRequest:
    """A WhatsApp channel request as the pickers list it."""

    id: str
    state: str
    """active, pending or cancelled (the list cannot tell a cancelled request from an ended
    one; CM.com's own word for both is "Cancelled")."""
    created_on_utc: datetime | None

    @property
    def state_label(self) -> str:
        """The state in words."""
        return label(WHATSAPP_REQUEST_STATE, self.state)


def whatsapp_requests(
    requests: list[ApiChannelRequestBase], types: list[ApiChannelTypeBaseResponse]
) -> list[WhatsAppRequest]:
    """Every WhatsApp channel request for a picker: the one ``whatsapp_channel_request`` picks
    first (its templates are the ones the overview shows), then as
    ``whatsapp_channel_requests`` orders them."""
    chosen = whatsapp_channel_request(requests, types)
    found = whatsapp_channel_requests(requests, types)
    if chosen is not None:
        found.sort(key=lambda r: r.id != chosen.id)  # stable: the rest keep their order
    return [
        WhatsAppRequest(
            id=str(item.id),
            state="active" if item.is_active else "pending" if item.is_pending else "cancelled",
            created_on_utc=item.created_on_utc,
        )
        for item in found
    ]


def whatsapp_languages_key(channel_request_id: str) -> str:
    """Cache key of a WhatsApp channel request's active languages (activating one drops it)."""
    return f"whatsapp.{channel_request_id}.languages"


# Words for the review statuses of WhatsApp templates, in the order the pages list them (the
# words live in the one table, core.labels; lazy, so they follow the active language).
STATUS_LABELS: dict[str, Promise] = {
    str(status): LABELS[TEMPLATE_STATUS][str(status)]
    for status in (
        ReviewStatus.ACTIVE,
        ReviewStatus.PENDING,
        ReviewStatus.VALIDATION_REQUESTED,
        ReviewStatus.REJECTED,
        ReviewStatus.INCOMPLETE,
        ReviewStatus.DRAFT,
    )
}
