"""The overview's reads: channels by type and status, pending channel requests and templates
by status, each counted from what the poller stored, with when it read them (issue 19): a view
of the overview never reads CM.com."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dashboard.accounts.models import CMAccount
from dashboard.core import memo
from dashboard.core.selectors import STATUS_LABELS
from dashboard.search.models import EntryKind, IndexedList, SearchEntry
from dashboard.search.wording import compose_detail, compose_title
from dashboard.tracker.models import ChannelCount


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
    """ "Get your channels", counted by type and category by the poller, and the types coming
    soon; ``read_at`` None = the poller has not counted them yet."""

    rows: list[ChannelRow]
    coming_soon: list[str]
    read_at: datetime | None = None

    @property
    def total(self) -> int:
        """Channels of every type."""
        return sum(row.total for row in self.rows)

    @property
    def counted(self) -> bool:
        """Whether the poller has counted the account's channels yet."""
        return self.read_at is not None


def channel_summary(account: CMAccount) -> ChannelSummary:
    """Channels per type and category as the poller last counted them (``ChannelCount``).

    "Get your channels" has no paging and no counts: counting on a page view meant reading
    the whole list (a large account's 3,500 channels: 1.1 MB). The poller reads it at most
    every ten minutes, and after a change."""
    stored = (
        ChannelCount.objects.filter(account=account)
        .values_list("rows", "coming_soon", "read_at")
        .first()
    )
    if stored is None:
        return ChannelSummary(rows=[], coming_soon=[])
    rows, coming_soon, read_at = stored
    return ChannelSummary(
        rows=[ChannelRow(str(t), str(c), int(a), int(p)) for t, c, a, p in rows],
        coming_soon=[str(kind) for kind in coming_soon],
        read_at=read_at,
    )


@dataclass(frozen=True)
class PendingRequest:
    """A channel request still waiting, as the poller last listed it."""

    id: str
    title: str
    """"WhatsApp channel request": its type's name, as the poller named it."""
    detail: str
    """"Pending · requested 3 Dec 2026 (UTC)"."""


@dataclass(frozen=True)
class RequestSummary:
    """Channel requests counted from the poller's store: the first pending ones listed."""

    pending: list[PendingRequest]
    """At most ``PENDING_SHOWN``; ``pending_count`` says how many there are."""
    total: int
    active: int
    read_at: datetime | None = None
    """When the poller read the list the counts come from; None = never yet."""
    pending_count: int = 0

    @property
    def counted(self) -> bool:
        """Whether the poller has listed the account's channel requests yet."""
        return self.read_at is not None

    @property
    def more_pending(self) -> int:
        """Pending requests not listed here (the pending filter of the requests page has them)."""
        return self.pending_count - len(self.pending)


@dataclass(frozen=True)
class TemplateSummary:
    """WhatsApp templates counted by review status, from the poller's store.

    ``channel_request_id`` is the WhatsApp request the counted templates belong to (None =
    none counted); ``read_at`` None = the poller has not listed templates yet, so nothing is
    known (``link_request_id``, if remembered from an earlier view, leads to the list).
    """

    channel_request_id: str | None
    counts: list[tuple[str, str, int]] = field(default_factory=list)
    total: int = 0
    read_at: datetime | None = None
    link_request_id: str | None = None

    @property
    def counted(self) -> bool:
        """Whether the poller has listed the account's templates yet."""
        return self.read_at is not None


# Pending channel requests listed on the overview; the rest are a link away (a large account
# has dozens: the page would grow with it).
PENDING_SHOWN = 5


@dataclass(frozen=True)
class Listed:
    """One of the poller's lists of the account: when it was read, and its items by state
    (``search.IndexedList.counts``: group → status → how many)."""

    read_at: datetime
    counts: dict[str, dict[str, int]]


def _listed(account: CMAccount) -> dict[str, Listed]:
    """The poller's lists of channel requests and templates, in one query; a kind it has not
    listed yet is missing."""
    kinds = (EntryKind.CHANNEL_REQUEST, EntryKind.TEMPLATE)
    rows = IndexedList.objects.filter(account=account, kind__in=kinds).values_list(
        "kind", "read_at", "counts"
    )
    return {kind: Listed(read_at, counts or {}) for kind, read_at, counts in rows}


def request_summary(account: CMAccount, listed: Listed | None) -> RequestSummary:
    """Channel requests by state, as the poller counted them when it read the list (its every
    cycle reads the whole list anyway), and the first pending ones; never CM.com."""
    if listed is None:
        return RequestSummary(pending=[], total=0, active=0)
    by_state = listed.counts.get("", {})
    first = (
        SearchEntry.objects.filter(
            account=account, kind=EntryKind.CHANNEL_REQUEST, status="pending"
        )
        .order_by("title", "upstream_id")
        .values_list("upstream_id", "title", "detail", "parts")[:PENDING_SHOWN]
    )
    # The poller stores CM.com's name and the key of the words round it (issue 18): said
    # here, in the reader's language.
    pending = [
        PendingRequest(
            id=upstream_id, title=compose_title(parts, title), detail=compose_detail(parts, detail)
        )
        for upstream_id, title, detail, parts in first
    ]
    return RequestSummary(
        pending=pending,
        total=sum(by_state.values()),
        active=by_state.get("active", 0),
        read_at=listed.read_at,
        pending_count=by_state.get("pending", 0),
    )


def template_summary(account: CMAccount, listed: Listed | None) -> TemplateSummary:
    """Templates by review status, every status listed (zeros too) in a fixed order, as the
    poller counted them when it read the list.

    The API answers a bare array (no total) and filters by text only, never by status, so
    counting on a page view meant reading every template (2,000 templates: five calls, 2.5 MB)
    — the poller reads that list every cycle anyway. When the account has several active
    WhatsApp requests, the one with the most templates is counted.
    """
    if listed is None:
        remembered = memo.recall(account, memo.WHATSAPP_REQUEST) or {}
        return TemplateSummary(None, link_request_id=str(remembered.get("id") or "") or None)
    per_request = {
        request_id: Counter(counts) for request_id, counts in listed.counts.items() if counts
    }
    if not per_request:
        return TemplateSummary(None, read_at=listed.read_at)
    request_id = max(sorted(per_request), key=lambda r: per_request[r].total())
    counts = per_request[request_id]
    shown = [
        (str(status), label, counts.get(str(status), 0)) for status, label in STATUS_LABELS.items()
    ]
    return TemplateSummary(request_id, shown, counts.total(), read_at=listed.read_at)


def overview(account: CMAccount) -> dict[str, Any]:
    """The overview's three parts, each counted from what the poller stored: channels by type
    and category (``ChannelCount``), channel requests and templates by state
    (``search.IndexedList.counts``, the first pending requests from ``search.SearchEntry``), each
    with when the poller read the list it counted: a few rows, however large the account."""
    listed = _listed(account)
    return {
        "channels": channel_summary(account),
        "requests": request_summary(account, listed.get(EntryKind.CHANNEL_REQUEST)),
        "templates": template_summary(account, listed.get(EntryKind.TEMPLATE)),
    }
