"""One poll cycle's reads from CM.com for one account: what is pending, and what moved.

The list operations carry each item's state, so a cycle walks each list once, a bounded page
at a time (``iterate_pages``), instead of asking for items one by one:

=====================================  ==============================================
channel requests                       1 list, paged
channel types (names, processing days) 1 list, cached for an hour
number requests                        1 list, paged
owned numbers, keyword claims          1 list each, paged, cached for SEARCH_LISTS_SECONDS
                                       (10 min): read only for the search index
channels                               1 list, whole (the API has no paging), cached for
                                       CHANNEL_COUNTS_SECONDS (10 min) and read again
                                       after a change: counted for the overview only
templates, profiles                    1 list each, paged, per active WhatsApp request
business account                       1 call per *pending* WhatsApp request (and per one
                                       the tracker still follows)
onboarding stage (ACTION_REQUIRED)     1 call per pending WhatsApp request: the
                                       configuration of its business-account channel,
                                       whose ``requestState.nextStage.type`` says it; the
                                       channel id is found once in the WhatsApp channel
                                       list and remembered on the item
=====================================  ==============================================

Details are fetched only for items that changed to a state that needs one: a channel request
that left pending (its fulfilled or cancelled date), a profile that was rejected (the
reason), a number request that got its number (the number). Template rejection reasons are
in the list already. Nothing here writes to the database; ``services.account_poll`` applies
the result.

Search across accounts (``dashboard.search``) is filled from the same answers: every item of
every list read (not only the pending ones) becomes a ``search.index.Listed`` in ``listed``,
and ``read_at`` says which kinds were read in full, and when. Numbers and keyword claims are
the only reads made for search alone.

Pending SMS requests get no stage: no channel carries their request state (keyword and
number channels carry the live SMS request's), so they show as "Pending" until they finish.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.utils import timezone

from channels_api import errors
from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiChannelRequestBase,
    ApiChannels,
    ApiChannelTypeBaseResponse,
    ApiKeywordClaimResponse,
    ApiNumberRequestResponse,
    ApiPhoneNumberResponse,
    ApiWhatsAppProfileBase,
    ApiWhatsAppTemplateBaseResponse,
    ReviewStatus,
)
from channels_api.pagination import MAX_PAGE_SIZE, iterate_pages
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core.dates import expected_by
from dashboard.core.humanise import describe_next_stage
from dashboard.search import index
from dashboard.search.models import EntryKind
from dashboard.tracker import wording
from dashboard.tracker.statuses import Kind, is_later, stage_rank, status_of
from dashboard.tracker.wording import BUSINESS_ACCOUNT, CHANNEL_REQUEST, PHONE_NUMBER

logger = logging.getLogger(__name__)

# Template statuses waiting on a review (CM's check, then WhatsApp's): they have an expected date.
_IN_REVIEW = frozenset({"validation_requested", "pending"})

T = TypeVar("T")

# Channel types change about never; a poll reads them at most once an hour.
CHANNEL_TYPES_KEY = "tracker.channel_types"
CHANNEL_TYPES_SECONDS = 3600

# The account's own numbers and keyword claims, read for the search index only: they change
# when someone rents or claims (rare), so at most once per this many seconds per account.
NUMBERS_KEY = "search.numbers"
KEYWORDS_KEY = "search.keywords"
SEARCH_LISTS_SECONDS = 600

# "Get your channels", counted for the overview (``models.ChannelCount``): no paging and the
# account's largest answer, so read at most once per this many seconds per account. Under
# "channels", so a write to the account's channels drops it (and ``services.account_poll``
# drops every cached read after a change it saw): the next cycle counts again.
CHANNELS_KEY = "channels.counted"
CHANNEL_COUNTS_SECONDS = 600


@dataclass(frozen=True)
class CountedChannels:
    """An account's channels counted by type and category (``models.ChannelCount``)."""

    rows: list[tuple[str, str, int, int]]
    """(type, category, active, pending), in CM.com's order."""
    coming_soon: list[str]
    read_at: datetime


def count_channels(channels: ApiChannels, read_at: datetime) -> CountedChannels:
    """Channels per type and category, pending apart from active."""
    rows = []
    for channel_type, category, items in channels.available.groups():
        pending = sum(1 for item in items if item.is_pending)
        rows.append((channel_type, category, len(items) - pending, pending))
    return CountedChannels(rows=rows, coming_soon=list(channels.coming_soon), read_at=read_at)


@dataclass(frozen=True)
class Known:
    """What the database holds for an item, as the poller needs it."""

    status: str
    rank: int
    version_at: datetime | None
    is_pending: bool
    meta: dict[str, Any]


@dataclass
class Observation:
    """One item as this cycle read it."""

    kind: str
    upstream_id: str
    scope: str
    label: str
    status: str
    rank: int
    version_at: datetime | None = None
    requested_at: datetime | None = None
    expected_at: datetime | None = None
    detail: str = ""
    # The detail's key and parts when the dashboard words it (wording.compose_detail).
    detail_parts: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def worded(self, parts: dict[str, Any]) -> None:
        """Set the detail the dashboard words: its parts, and its words as said now (English
        in the worker) for whatever reads the stored text."""
        self.detail_parts = parts
        self.detail = wording.compose_detail(parts, "")

    @property
    def key(self) -> tuple[str, str]:
        """(kind, upstream id): how the item is found in the database."""
        return (self.kind, self.upstream_id)

    @property
    def pending(self) -> bool:
        """Whether this status is still pending."""
        return status_of(self.kind, self.status).pending


class CallCounter:
    """Counts the upstream calls a cycle makes (stored on the PollRun)."""

    def __init__(self) -> None:
        self.calls = 0

    def wrap(self, fn: Callable[..., T]) -> Callable[..., T]:
        """``fn``, counting each call."""

        def counted(*args: Any, **kwargs: Any) -> T:
            self.calls += 1
            return fn(*args, **kwargs)

        return counted


def page_size() -> int:
    """Items per list call: bounded, so no poll ever asks for a whole list at once.

    The poller reads whole lists, unlike a page a person looks at, so it asks for the
    largest page the client allows: at 100 a page, 300 templates cost 4 calls; at 500, 1
    (bench/RESULTS.md, the poll cycle).
    """
    size = int(getattr(settings, "TRACKER_PAGE_SIZE", MAX_PAGE_SIZE))
    return max(1, min(size, MAX_PAGE_SIZE))


class AccountPoller:
    """Reads one account's pending things. ``known`` is the database's view, used to decide
    which changed items need a detail call and to find remembered channel ids."""

    def __init__(
        self,
        account: CMAccount,
        client: ChannelsClient,
        known: dict[tuple[str, str], Known],
        counter: CallCounter | None = None,
    ) -> None:
        self.account = account
        self.client = client
        self.known = known
        self.counter = counter or CallCounter()
        self.size = page_size()
        self._whatsapp_channels: dict[str, str] | None = None
        # Whether this cycle read "Get your channels" from CM.com (not from the cache).
        self._channels_fresh = False
        # For the overview: the account's channels counted (``_count_channels``).
        self.channels: CountedChannels | None = None
        # For the search index: every item listed, and which lists were read in full, when.
        self.listed: list[index.Listed] = []
        self.read_at: dict[str, datetime] = {}

    # --- helpers -------------------------------------------------------------------------------

    def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return self.counter.wrap(fn)(*args, **kwargs)

    def _list(self, listed: index.Listed | None) -> None:
        if listed is not None:
            self.listed.append(listed)

    def _walk(self, fn: Callable[..., list[T]], *args: Any) -> Iterator[T]:
        return iterate_pages(self.counter.wrap(fn), *args, page_size=self.size)

    def _moved(self, obs: Observation) -> bool:
        """Whether a tracked item reached a new, later status (so it may need a detail)."""
        known = self.known.get(obs.key)
        if known is None or known.status == obs.status:
            return False
        return is_later(obs.version_at, obs.rank, known.version_at, known.rank)

    def _wanted(self, obs: Observation) -> bool:
        """Pending items, and items the tracker already follows; settled newcomers are not
        kept (they have no history to tell)."""
        return obs.pending or obs.key in self.known

    def _channel_types(self) -> list[ApiChannelTypeBaseResponse]:
        def read(client: ChannelsClient) -> list[ApiChannelTypeBaseResponse]:
            return list(
                iterate_pages(self.counter.wrap(client.channels.list_types), page_size=self.size)
            )

        return upstream.fetch(self.account, CHANNEL_TYPES_KEY, read, ttl=CHANNEL_TYPES_SECONDS)

    # --- the cycle -----------------------------------------------------------------------------

    def run(self) -> list[Observation]:
        """Every observation of this cycle. Raises the client's errors (the caller decides
        which are worth a retry)."""
        started = timezone.now()
        requests = list(self._walk(self.client.channels.list_requests))
        types = {t.id: t for t in self._channel_types() if t.id}
        whatsapp_types = {
            type_id
            for type_id, kind in types.items()
            if (kind.description or "").strip().lower() == "whatsapp"
        }
        found: list[Observation] = []
        request_obs: dict[str, Observation] = {}
        for request in requests:
            obs = self._channel_request(request, types)
            if obs is not None:
                request_obs[obs.upstream_id] = obs
        whatsapp = [r for r in requests if r.id and r.channel_type_id in whatsapp_types]
        followed_business = {
            str(known.meta.get("request_id"))
            for (kind, _), known in self.known.items()
            if kind == Kind.BUSINESS_ACCOUNT and known.is_pending
        }
        for request in whatsapp:
            request_id = str(request.id)
            if request.is_active:
                found.extend(self._templates(request_id))
                found.extend(self._profiles(request_id))
            if request.is_pending or request_id in followed_business:
                business = self._business_account(request_id, types.get(request.channel_type_id))
                if business is not None:
                    if self._wanted(business):
                        found.append(business)
                    obs = request_obs.get(request_id)
                    if request.is_pending and obs is not None:
                        self._stage(obs, str(business.meta.get("business_id") or ""))
        found.extend(o for o in request_obs.values() if self._wanted(o))
        found.extend(self._number_requests())
        for kind in (EntryKind.CHANNEL_REQUEST, EntryKind.TEMPLATE, EntryKind.PROFILE):
            self.read_at[kind] = started
        self._index_numbers_and_keywords()
        self._count_channels()
        return found

    # --- channel requests ----------------------------------------------------------------------

    def _channel_request(
        self, request: ApiChannelRequestBase, types: dict[str, ApiChannelTypeBaseResponse]
    ) -> Observation | None:
        if not request.id:
            return None
        kind = types.get(request.channel_type_id or "")
        type_name = (kind.description if kind else None) or ""
        if request.is_pending:
            status = "pending"
        elif request.is_active:
            status = "fulfilled"
        else:
            status = "cancelled"
        # CM.com's name and the state's key: search says the words where it shows them.
        self._list(index.channel_request(request, type_name, status))
        obs = Observation(
            kind=Kind.CHANNEL_REQUEST,
            upstream_id=request.id,
            scope="channel_requests",
            # The words go round it where it is shown (models.compose_label).
            label=type_name,
            status=status,
            rank=status_of(Kind.CHANNEL_REQUEST, status).rank,
            requested_at=request.created_on_utc,
            expected_at=expected_by(
                request.created_on_utc, kind.channel_request_processing_days if kind else None
            ),
            meta={"phrase": CHANNEL_REQUEST},
        )
        known = self.known.get(obs.key)
        if known is not None and known.meta.get("channel_id"):
            obs.meta["channel_id"] = known.meta["channel_id"]
        if not obs.pending and self._moved(obs):
            # Left pending since the last poll: the list does not say when, the detail does.
            detail = self._call(self.client.channels.get_request, request.id)
            if status == "fulfilled":
                obs.worded(
                    {"msg": wording.FULFILLED, "when": wording.when(detail.fulfilled_on_utc)}
                )
            else:
                obs.worded(
                    {"msg": wording.CANCELLED, "when": wording.when(detail.cancelled_on_utc)}
                )
        return obs

    def _stage(self, obs: Observation, business_id: str) -> None:
        """Refine a pending WhatsApp request with its onboarding stage (ACTION_REQUIRED...)."""
        channel_id = obs.meta.get("channel_id") or self._whatsapp_channel_of(business_id)
        if not channel_id:
            return
        try:
            config = self._call(self.client.configuration.get_all, channel_id)
        except errors.NotFound:
            obs.meta.pop("channel_id", None)  # gone: look it up again next time
            return
        obs.meta["channel_id"] = channel_id
        channels = config.channel_group.channels if config.channel_group else []
        state = next(
            (c.request_state for c in channels if c.request_state is not None),
            None,
        )
        if state is None:
            return
        stage = state.progression.current if state.progression else None
        next_type = (state.next_stage.type if state.next_stage else None) or ""
        obs.status = "action_required" if next_type.upper() == "ACTION_REQUIRED" else "processing"
        obs.rank = stage_rank(stage)
        step = describe_next_stage(state.next_stage.description_key if state.next_stage else None)
        obs.worded(
            {"msg": wording.STAGE, "stage": stage, "percent": state.completeness, "step": step}
        )
        obs.meta["stage"] = stage

    def _whatsapp_channel_of(self, business_id: str) -> str | None:
        """The channel of a business account, from the channel list: the one the overview's
        counts come from (``_channels``), read again when a cached copy predates the channel."""
        if not business_id:
            return None
        found = self._whatsapp_channel_ids().get(business_id)
        if found is None and not self._channels_fresh:
            upstream.invalidate(self.account, CHANNELS_KEY)
            self._whatsapp_channels = None
            found = self._whatsapp_channel_ids().get(business_id)
        return found

    def _whatsapp_channel_ids(self) -> dict[str, str]:
        """Business account id → its channel's id, for every WhatsApp business account."""
        if self._whatsapp_channels is None:
            self._whatsapp_channels = {}
            for _type, category, items in self._channels().available.groups():
                if category.lower() != "businessaccount":
                    continue
                for channel in items:
                    if channel.channel_id and channel.id:
                        self._whatsapp_channels[channel.channel_id] = channel.id
        return self._whatsapp_channels

    def _channels(self) -> ApiChannels:
        """ "Get your channels", read from CM.com at most once per ``CHANNEL_COUNTS_SECONDS``."""

        def read(client: ChannelsClient) -> ApiChannels:
            self._channels_fresh = True
            return self.counter.wrap(client.channels.list)()

        return upstream.fetch(self.account, CHANNELS_KEY, read, ttl=CHANNEL_COUNTS_SECONDS)

    # --- WhatsApp --------------------------------------------------------------------------

    def _business_account(
        self, request_id: str, kind: ApiChannelTypeBaseResponse | None
    ) -> Observation | None:
        try:
            business = self._call(self.client.whatsapp.get_business_account, request_id)
        except errors.NotFound:
            return None
        if business.cancelled_on_utc is not None:
            status = "cancelled"
        elif business.is_pending:
            status = "pending"
        else:
            status = "fulfilled"
        obs = Observation(
            kind=Kind.BUSINESS_ACCOUNT,
            upstream_id=business.id or request_id,
            scope=f"business:{request_id}",
            label="",
            status=status,
            rank=status_of(Kind.BUSINESS_ACCOUNT, status).rank,
            requested_at=business.created_on_utc,
            expected_at=expected_by(
                business.created_on_utc, kind.channel_request_processing_days if kind else None
            ),
            meta={
                "request_id": request_id,
                "business_id": business.id or "",
                "phrase": BUSINESS_ACCOUNT,
            },
        )
        if status == "fulfilled" and self._moved(obs):
            obs.worded({"msg": wording.FULFILLED, "when": wording.when(business.fulfilled_on_utc)})
        return obs

    def _templates(self, request_id: str) -> Iterator[Observation]:
        try:
            templates = list(self._walk(self.client.templates.list, request_id))
        except errors.NotFound:
            logger.info("no templates for WhatsApp request %s of %s", request_id, self.account)
            return
        for template in templates:
            self._list(index.template(request_id, template))
            yield from self._template_languages(request_id, template)

    def _template_languages(
        self, request_id: str, template: ApiWhatsAppTemplateBaseResponse
    ) -> Iterator[Observation]:
        review = timedelta(hours=int(getattr(settings, "TRACKER_TEMPLATE_REVIEW_HOURS", 24)))
        for name, language in template.languages.items():
            reviewed = language.status
            if reviewed == ReviewStatus.ACTIVE:
                status = "approved"
            elif reviewed == ReviewStatus.VALIDATION_REQUESTED:
                status = "validation_requested"
            elif reviewed == ReviewStatus.PENDING:
                status = "pending"
            elif reviewed == ReviewStatus.REJECTED:
                status = "rejected"
            elif language.is_incomplete:
                status = "incomplete"
            else:
                status = "draft"
            version = language.updated_on_utc
            obs = Observation(
                kind=Kind.TEMPLATE,
                upstream_id=language.id or f"{template.id}/{name}",
                scope=f"templates:{request_id}",
                label=f"{template.name or template.id} · {name}",
                status=status,
                rank=status_of(Kind.TEMPLATE, status).rank,
                version_at=version,
                # Waiting since the request for review; a draft, since it was written.
                requested_at=version if status in _IN_REVIEW else language.created_on_utc,
                expected_at=version + review if status in _IN_REVIEW and version else None,
                detail=(language.rejection_reason or "") if status == "rejected" else "",
                meta={
                    "request_id": request_id,
                    "template_id": template.id,
                    "language": name,
                    "category": template.category or "",
                },
            )
            if status in _IN_REVIEW and version:
                # Kept once decided (requested_at becomes the creation date): approval times.
                obs.meta["review_requested_at"] = version.isoformat()
            if self._wanted(obs):
                yield obs

    def _profiles(self, request_id: str) -> Iterator[Observation]:
        try:
            profiles = list(self._walk(self.client.profiles.list, request_id))
        except errors.NotFound:
            return
        for profile in profiles:
            self._list(index.profile(request_id, profile))
            obs = self._profile(request_id, profile)
            if obs is not None and self._wanted(obs):
                yield obs

    def _profile(self, request_id: str, profile: ApiWhatsAppProfileBase) -> Observation | None:
        if not profile.id:
            return None
        if profile.cancelled_on_utc is not None:
            status = "cancelled"
        elif profile.is_active:
            status = "active"
        elif profile.rejected_on_utc is not None or not profile.is_pending:
            status = "rejected"
        elif profile.is_otp_processed:
            status = "otp_processed"
        elif profile.is_otp_sent:
            status = "otp_sent"
        else:
            status = "otp_not_sent"
        obs = Observation(
            kind=Kind.PROFILE,
            upstream_id=profile.id,
            scope=f"profiles:{request_id}",
            label=profile.name or profile.id,
            status=status,
            rank=status_of(Kind.PROFILE, status).rank,
            requested_at=profile.created_on_utc,
            meta={"request_id": request_id},
        )
        if status == "rejected" and self._moved(obs):
            # The list has no reason; the profile itself does.
            detail = self._call(self.client.profiles.get, request_id, profile.id)
            obs.detail = detail.rejection_reason or ""
        return obs

    # --- numbers -------------------------------------------------------------------------------

    def _number_requests(self) -> Iterator[Observation]:
        for request in list(self._walk(self.client.numbers.list_requests)):
            obs = self._number_request(request)
            if obs is not None and self._wanted(obs):
                yield obs

    def _number_request(self, request: ApiNumberRequestResponse) -> Observation | None:
        if not request.id:
            return None
        if request.cancelled_on_utc is not None:
            status = "cancelled"
        elif request.is_pending:
            status = "pending"
        else:
            status = "fulfilled"
        kind = request.number_type
        country = (kind.country if kind else None) or ""
        label = (kind.description if kind else None) or ""
        meta: dict[str, Any] = {}
        if not label:
            # Worded where it is shown (models.compose_label): "Phone number (NL)".
            label, meta["phrase"] = country, PHONE_NUMBER
        elif country and country not in label:
            label = f"{label} ({country})"
        obs = Observation(
            kind=Kind.NUMBER_REQUEST,
            upstream_id=request.id,
            scope="number_requests",
            label=label,
            status=status,
            rank=status_of(Kind.NUMBER_REQUEST, status).rank,
            requested_at=request.created_on_utc,
            expected_at=expected_by(
                request.created_on_utc, kind.number_request_processing_days if kind else None
            ),
            meta=meta,
        )
        if status == "fulfilled" and self._moved(obs):
            obs.worded(self._assigned_number(request.phone_number_id))
        return obs

    def _assigned_number(self, phone_number_id: str | None) -> dict[str, Any]:
        if not phone_number_id:
            return {"msg": wording.NUMBER_ASSIGNED}
        try:
            number = self._call(self.client.numbers.get, phone_number_id)
        except errors.NotFound:
            return {"msg": wording.NUMBER_ASSIGNED, "id": phone_number_id}
        return {"msg": wording.NUMBER_ASSIGNED, "number": number.number or phone_number_id}

    # --- for the search index only -------------------------------------------------------------

    def _index_numbers_and_keywords(self) -> None:
        """The account's own numbers and its keyword claims, for search (``SEARCH_LISTS_SECONDS``
        cached, so most cycles make no call for them; ``read_at`` is when they were read)."""

        def numbers(client: ChannelsClient) -> list[ApiPhoneNumberResponse]:
            listed = self.counter.wrap(client.numbers.list)
            return list(iterate_pages(listed, page_size=self.size, is_owned=True))

        def keywords(client: ChannelsClient) -> list[ApiKeywordClaimResponse]:
            listed = self.counter.wrap(client.keywords.list)
            return list(iterate_pages(listed, page_size=self.size))

        for number in upstream.fetch(self.account, NUMBERS_KEY, numbers, ttl=SEARCH_LISTS_SECONDS):
            self._list(index.number(number))
        for claim in upstream.fetch(self.account, KEYWORDS_KEY, keywords, ttl=SEARCH_LISTS_SECONDS):
            self._list(index.keyword(claim))
        now = timezone.now()
        self.read_at[EntryKind.NUMBER] = upstream.read_at(self.account, NUMBERS_KEY) or now
        self.read_at[EntryKind.KEYWORD] = upstream.read_at(self.account, KEYWORDS_KEY) or now

    # --- for the overview only -----------------------------------------------------------------

    def _count_channels(self) -> None:
        """The account's channels counted for the overview, from a read at most
        ``CHANNEL_COUNTS_SECONDS`` old (most cycles make no call for it)."""
        listed = self._channels()
        read_at = upstream.read_at(self.account, CHANNELS_KEY) or timezone.now()
        self.channels = count_channels(listed, read_at)
