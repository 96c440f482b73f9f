"""The overview's reads: channels by type and status, pending channel requests, templates by
status, each a summary or an UpstreamFailure, read from CM.com in one concurrent round."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiChannelRequestBase,
    ApiChannels,
    ApiChannelTypeBaseResponse,
    ApiWhatsAppTemplateBaseResponse,
)
from channels_api.pagination import MAX_PAGE_SIZE, fetch_all
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core import memo
from dashboard.core.selectors import (
    CHANNEL_REQUESTS,
    CHANNEL_TYPES,
    CHANNELS,
    STATUS_LABELS,
    list_channel_requests,
    list_channel_types,
    list_channels,
    templates_key,
    whatsapp_channel_request,
)


@dataclass(frozen=True)
class ChannelRow:
    """One type and category of channel, counted."""

    channel_type: str
    category: str
    active: int
    pending: int

    @property
    def total(self) -> int:
        """Active plus pending."""
        return self.active + self.pending


@dataclass(frozen=True)
class ChannelSummary:
    """ "Get your channels", counted by type and category, and the types coming soon."""

    rows: list[ChannelRow]
    coming_soon: list[str]

    @property
    def total(self) -> int:
        """Channels of every type."""
        return sum(row.total for row in self.rows)


def channel_summary(channels: ApiChannels) -> ChannelSummary:
    """Count channels per type and category, pending apart from active."""
    rows = []
    for channel_type, category, items in channels.available.groups():
        pending = sum(1 for item in items if item.is_pending)
        rows.append(ChannelRow(channel_type, category, len(items) - pending, pending))
    return ChannelSummary(rows=rows, coming_soon=list(channels.coming_soon))


@dataclass(frozen=True)
class PendingRequest:
    """A channel request still waiting, named by its type when the type is known."""

    id: str
    type_name: str
    created_on_utc: Any
    processing_days: int | None


@dataclass(frozen=True)
class RequestSummary:
    """Channel requests: the pending ones listed, with counts."""

    pending: list[PendingRequest]
    total: int
    active: int
    # Why the requests are named by type id: the channel types could not be read.
    types_failure: upstream.UpstreamFailure | None = None


def request_summary(
    requests: list[ApiChannelRequestBase], types: list[ApiChannelTypeBaseResponse] | None
) -> RequestSummary:
    """Pending channel requests, named by type (by id when the types could not be loaded)."""
    by_id = {t.id: t for t in types or []}
    pending = []
    for request in requests:
        if not request.is_pending:
            continue
        kind = by_id.get(request.channel_type_id)
        pending.append(
            PendingRequest(
                id=request.id or "",
                type_name=(kind.description if kind else None) or str(request.channel_type_id),
                created_on_utc=request.created_on_utc,
                processing_days=kind.channel_request_processing_days if kind else None,
            )
        )
    return RequestSummary(
        pending=pending,
        total=len(requests),
        active=sum(1 for request in requests if request.is_active),
    )


@dataclass(frozen=True)
class TemplateSummary:
    """WhatsApp templates counted by review status; ``channel_request_id`` None = no WhatsApp."""

    channel_request_id: str | None
    counts: list[tuple[str, str, int]] = field(default_factory=list)
    total: int = 0


def template_summary(
    channel_request_id: str | None, templates: list[ApiWhatsAppTemplateBaseResponse]
) -> TemplateSummary:
    """Count templates by status, every status listed (zeros too) in a fixed order."""
    counts = Counter(str(template.status) for template in templates)
    rows = [
        (str(status), label, counts.get(str(status), 0)) for status, label in STATUS_LABELS.items()
    ]
    return TemplateSummary(channel_request_id, rows, len(templates))


OVERVIEW_PARTS = ("channels", "requests", "templates")


def list_templates(channel_request_id: str) -> upstream.Call:
    """A read of every template of a WhatsApp channel request, for counting by status.

    The API answers a bare array (no total) and filters by text only, never by status, so a
    count by status needs the whole list: one call up to MAX_PAGE_SIZE templates, one more
    per further MAX_PAGE_SIZE.
    """

    def read(client: ChannelsClient) -> list[ApiWhatsAppTemplateBaseResponse]:
        return fetch_all(client.templates.list, channel_request_id, page_size=MAX_PAGE_SIZE)

    return read


def overview(account: CMAccount, parts: tuple[str, ...] = OVERVIEW_PARTS) -> dict[str, Any]:
    """The overview's parts, each a summary or an UpstreamFailure; never raises for CM.com.

    Every read runs in one concurrent round: channels, channel requests, channel types, and
    the templates of the WhatsApp channel request remembered from an earlier view
    (``memo.WHATSAPP_REQUEST``). The requests and types then say which request it really is;
    only when that is not the remembered one (the first view ever, or it changed) are its
    templates read in a second round, and the new id remembered.
    """
    calls: dict[str, upstream.Call] = {}
    if "channels" in parts:
        calls[CHANNELS] = list_channels
    if "requests" in parts or "templates" in parts:
        calls[CHANNEL_REQUESTS] = list_channel_requests
        calls[CHANNEL_TYPES] = list_channel_types
    guess: str | None = None
    if "templates" in parts:
        remembered = memo.recall(account, memo.WHATSAPP_REQUEST)
        guess = str(remembered.get("id") or "") or None if remembered else None
        if guess:
            calls[templates_key(guess)] = list_templates(guess)
    got = upstream.fetch_many(account, calls)
    result: dict[str, Any] = {}
    if "channels" in parts:
        channels = got[CHANNELS]
        result["channels"] = (
            channels if upstream.is_failure(channels) else channel_summary(channels)
        )
    requests, types = got.get(CHANNEL_REQUESTS), got.get(CHANNEL_TYPES)
    if "requests" in parts:
        if upstream.is_failure(requests):
            result["requests"] = requests
        else:
            failed = upstream.is_failure(types)
            summary = request_summary(requests, None if failed else types)
            result["requests"] = replace(summary, types_failure=types) if failed else summary
    if "templates" in parts:
        early = got.get(templates_key(guess)) if guess else None
        result["templates"] = _templates_part(account, requests, types, guess, early)
    return result


def _templates_part(
    account: CMAccount, requests: Any, types: Any, guess: str | None, early: Any
) -> Any:
    for needed in (requests, types):
        if upstream.is_failure(needed):
            return needed
    chosen = whatsapp_channel_request(requests, types)
    if chosen is None or not chosen.id:
        if guess:
            memo.forget(account, memo.WHATSAPP_REQUEST)
        return TemplateSummary(channel_request_id=None)
    request_id = chosen.id
    if request_id == guess:
        templates = early
    else:
        memo.remember(account, memo.WHATSAPP_REQUEST, {"id": request_id})
        key = templates_key(request_id)
        templates = upstream.fetch_many(account, {key: list_templates(request_id)})[key]
    if upstream.is_failure(templates):
        return templates
    return template_summary(request_id, templates)
