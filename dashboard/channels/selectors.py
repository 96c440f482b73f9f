"""Reads for the channels pages, each through ``dashboard.upstream`` (cached per account).

Cache keys (dotted, so a write can drop exactly what it changed):

- ``channels``: "Get your channels" (the same key and call as the overview);
- ``channels.channel.<channel id>``: one channel;
- ``channels.requests.page.<type id or all>.<skip>.<take>``: one page of channel requests;
- ``channels.requests.<request id>``: one channel request;
- ``channels.types.page.<skip>.<take>``: one page of channel types;
- ``channels.types.<type id>`` and ``channels.types.<type id>.categories``;
- ``configuration.<channel id>``: all configurations of a channel, and under it
  ``configuration.<channel id>.element.<configuration id>``: one element.

Requesting a channel invalidates ``channels``; a configuration write invalidates
``configuration.<channel id>``. Lists that the API pages (requests, types) are read one page at
a time, asking for ``page_size + 1`` items to know whether there is a next page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiChannel,
    ApiChannelBase,
    ApiChannelCategory,
    ApiChannelConfigurationResponse,
    ApiChannelConfigurations,
    ApiChannelConfigurationsInbound,
    ApiChannelRequest,
    ApiChannelRequestBase,
    ApiChannels,
    ApiChannelTypeBaseResponse,
    ApiChannelTypeResponse,
    ApiRequestState,
)
from channels_api.pagination import MAX_PAGE_SIZE
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core import memo
from dashboard.core import selectors as core_selectors
from dashboard.core.dates import expected_by
from dashboard.core.humanise import describe_next_stage
from dashboard.core.labels import CHANNEL_CATEGORY, CHANNEL_STAGE, CHANNEL_TYPE, label
from dashboard.core.paging import Page, page_of, skip_of
from dashboard.upstream import UpstreamFailure

PAGE_SIZE = 20
"""Rows per page of the requests and types lists."""

CATEGORY_PAGE_SIZE = 25
"""Channels shown per category on the channels page (the API does not page that list)."""

ACTION_REQUIRED = "ACTION_REQUIRED"

# --- cache keys ------------------------------------------------------------------------------

CHANNELS = core_selectors.CHANNELS
TYPE_CHOICES = "channels.types.choices"


def channel_key(channel_id: str) -> str:
    """Cache key of one channel."""
    return f"channels.channel.{channel_id}"


def request_key(channel_request_id: str) -> str:
    """Cache key of one channel request."""
    return f"channels.requests.{channel_request_id}"


def requests_page_key(channel_type_id: str | None, skip: int, take: int) -> str:
    """Cache key of one page of channel requests, of one type or all."""
    return f"channels.requests.page.{channel_type_id or 'all'}.{skip}.{take}"


def types_page_key(skip: int, take: int) -> str:
    """Cache key of one page of channel types."""
    return f"channels.types.page.{skip}.{take}"


def type_key(channel_type_id: str) -> str:
    """Cache key of one channel type."""
    return f"channels.types.{channel_type_id}"


def type_categories_key(channel_type_id: str) -> str:
    """Cache key of a channel type's categories."""
    return f"channels.types.{channel_type_id}.categories"


def configuration_key(channel_id: str) -> str:
    """Cache key of a channel's configurations; invalidating it drops its elements too."""
    return f"configuration.{channel_id}"


def element_key(channel_id: str, configuration_id: str) -> str:
    """Cache key of one configuration element of a channel."""
    return f"configuration.{channel_id}.element.{configuration_id}"


# --- words -----------------------------------------------------------------------------------


def type_label(channel_type: str, types: list[ApiChannelTypeBaseResponse] | None) -> str:
    """A channel group's name: the type's description when one matches its key (``sms`` is
    "SMS"), else the table's words for the key; a type neither knows shows as given."""
    for kind in types or []:
        if (kind.description or "").strip().lower() == channel_type.strip().lower():
            return kind.description or channel_type
    return label(CHANNEL_TYPE, channel_type)


def type_for_key(
    channel_type: str, types: list[ApiChannelTypeBaseResponse] | None
) -> ApiChannelTypeBaseResponse | None:
    """The channel type whose description matches a channel group's key, if any."""
    for kind in types or []:
        if (kind.description or "").strip().lower() == channel_type.strip().lower():
            return kind
    return None


def external_url(url: str | None) -> str | None:
    """A link to CM.com's own page only when it is an absolute http(s) URL: a value from
    upstream never becomes a ``javascript:`` or relative link."""
    text = (url or "").strip()
    return text if text.lower().startswith(("https://", "http://")) else None


# --- paging ----------------------------------------------------------------------------------


# --- channel types ---------------------------------------------------------------------------


def type_choices(account: CMAccount) -> list[ApiChannelTypeBaseResponse] | UpstreamFailure:
    """The channel types for a filter or for naming groups: one bounded page (the API offers a
    handful; a filter of more than MAX_PAGE_SIZE types would be no use to a person anyway)."""
    return upstream.fetch_or_failure(
        account, TYPE_CHOICES, lambda client: client.channels.list_types(skip=0, take=MAX_PAGE_SIZE)
    )


def types_page(
    account: CMAccount, number: int
) -> Page[ApiChannelTypeBaseResponse] | UpstreamFailure:
    """One page of channel types with their costs."""
    skip, take = skip_of(number, PAGE_SIZE), PAGE_SIZE + 1
    got = upstream.fetch_or_failure(
        account,
        types_page_key(skip, take),
        lambda client: client.channels.list_types(skip=skip, take=take),
    )
    return got if upstream.is_failure(got) else page_of(got, number, PAGE_SIZE)


def channel_type(
    account: CMAccount, channel_type_id: str, *, fresh: bool = False
) -> ApiChannelTypeResponse | UpstreamFailure:
    """One channel type (costs, notice period), or an UpstreamFailure. ``fresh`` reads CM.com
    now (an approved review compares the costs it kept with today's before sending)."""
    return upstream.fetch_or_failure(
        account,
        type_key(channel_type_id),
        lambda client: client.channels.get_type(channel_type_id),
        ttl=0 if fresh else None,
    )


@dataclass(frozen=True)
class TypePage:
    """A channel type's page: the type and its categories, each a failure when it failed."""

    channel_type: ApiChannelTypeResponse | UpstreamFailure
    categories: list[ApiChannelCategory] | UpstreamFailure


def type_page(account: CMAccount, channel_type_id: str) -> TypePage:
    """A channel type and its categories, read at once."""
    got = upstream.fetch_many(
        account,
        {
            type_key(channel_type_id): lambda client: client.channels.get_type(channel_type_id),
            type_categories_key(channel_type_id): lambda client: (
                client.channels.list_type_categories(channel_type_id)
            ),
        },
    )
    return TypePage(
        channel_type=got[type_key(channel_type_id)],
        categories=got[type_categories_key(channel_type_id)],
    )


# --- channels --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryGroup:
    """The channels of one category of one channel type, paged locally."""

    channel_type: str
    category: str
    label: str
    channels: list[ApiChannel]
    total: int
    pending: int
    page: Page[ApiChannel]

    @property
    def slug(self) -> str:
        """``sms:keywords``: names the group in a URL."""
        return f"{self.channel_type}:{self.category}"

    @property
    def dom_id(self) -> str:
        """An HTML id for the group's table."""
        return "group-" + re.sub(r"[^A-Za-z0-9_-]", "-", f"{self.channel_type}-{self.category}")


@dataclass(frozen=True)
class TypeGroup:
    """The channels of one channel type, by category."""

    channel_type: str
    label: str
    type_id: str | None
    categories: list[CategoryGroup]

    @property
    def total(self) -> int:
        """Channels of this type."""
        return sum(group.total for group in self.categories)


@dataclass(frozen=True)
class ChannelsOverview:
    """ "Get your channels", grouped by type and category, and the types coming soon."""

    groups: list[TypeGroup]
    coming_soon: list[str]

    @property
    def total(self) -> int:
        """Channels of every type."""
        return sum(group.total for group in self.groups)

    def category(self, slug: str) -> CategoryGroup | None:
        """The category group named ``type:category``, if there is one."""
        for group in self.groups:
            for category in group.categories:
                if category.slug == slug:
                    return category
        return None


CHANNEL_STATES: dict[str, str] = {"live": "Live", "pending": "Pending"}
"""What a person may filter channels by (``?state=``): live (active) or pending."""


def group_channels(
    channels: ApiChannels,
    types: list[ApiChannelTypeBaseResponse] | None,
    *,
    pages: dict[str, int] | None = None,
    only: str = "",
    state: str = "",
) -> ChannelsOverview:
    """Group the channels by type and category as the API sends them (never a fixed set).

    ``pages`` maps a category slug to the page of it to show; others show their first page.
    ``only`` (a category slug) keeps that category alone; ``state`` (CHANNEL_STATES) keeps
    the live or the pending channels (the overview's counts link here with both).
    """
    groups: list[TypeGroup] = []
    by_type: dict[str, list[CategoryGroup]] = {}
    for channel_type, category, every in channels.available.groups():
        slug = f"{channel_type}:{category}"
        if only and slug != only:
            continue
        items = [item for item in every if not state or (state == "pending") == item.is_pending]
        number = max(1, (pages or {}).get(slug, 1))
        start = skip_of(number, CATEGORY_PAGE_SIZE)
        shown = items[start : start + CATEGORY_PAGE_SIZE]
        by_type.setdefault(channel_type, []).append(
            CategoryGroup(
                channel_type=channel_type,
                category=category,
                label=label(CHANNEL_CATEGORY, category),
                channels=shown,
                total=len(items),
                pending=sum(1 for item in items if item.is_pending),
                page=Page(
                    items=shown,
                    number=number,
                    size=CATEGORY_PAGE_SIZE,
                    has_next=start + CATEGORY_PAGE_SIZE < len(items),
                ),
            )
        )
    for channel_type, categories in by_type.items():
        kind = type_for_key(channel_type, types)
        groups.append(
            TypeGroup(
                channel_type=channel_type,
                label=type_label(channel_type, types),
                type_id=kind.id if kind else None,
                categories=categories,
            )
        )
    return ChannelsOverview(groups=groups, coming_soon=list(channels.coming_soon))


@dataclass(frozen=True)
class ChannelsPage:
    """The channels page: the channels grouped (or why they could not be read), and why the
    channel types that name the groups could not be read, if they could not."""

    channels: ChannelsOverview | UpstreamFailure
    types_failure: UpstreamFailure | None = None


def channels_page(
    account: CMAccount, pages: dict[str, int] | None = None, *, only: str = "", state: str = ""
) -> ChannelsPage:
    """The channels and the channel types (to name the groups), read at once.

    When only the types fail, groups are named by their keys: the page does not fail for want
    of a label.
    """
    got = upstream.fetch_many(
        account,
        {
            CHANNELS: core_selectors.list_channels,
            TYPE_CHOICES: lambda client: client.channels.list_types(skip=0, take=MAX_PAGE_SIZE),
        },
    )
    channels, types = got[CHANNELS], got[TYPE_CHOICES]
    if upstream.is_failure(channels):
        return ChannelsPage(channels=channels)
    failed = upstream.is_failure(types)
    return ChannelsPage(
        channels=group_channels(
            channels, None if failed else types, pages=pages, only=only, state=state
        ),
        # Said on the page, so "sms" instead of "SMS" is not a mystery.
        types_failure=types if failed else None,
    )


@dataclass(frozen=True)
class ChannelPage:
    """A channel's page: its configuration and, for the whole page, the channel and its own
    entry in the configuration's channel group (a fragment reads only the configuration)."""

    configuration: ApiChannelConfigurations | UpstreamFailure
    channel: ApiChannel | UpstreamFailure | None = None
    group_entry: ApiChannelBase | None = None

    @property
    def inbound(self) -> ApiChannelConfigurationsInbound | None:
        """The inbound configuration; None when it could not be read or there is none."""
        return None if upstream.is_failure(self.configuration) else self.configuration.inbound

    @property
    def cm_url(self) -> str | None:
        """The channel's page at CM.com, when the channel was read and gave a safe link."""
        if self.channel is None or upstream.is_failure(self.channel):
            return None
        return external_url(self.channel.channel_url)

    @property
    def progress(self) -> RequestProgress | None:
        """The onboarding progress the channel's group entry carries."""
        return channel_progress(self.group_entry)


def _group_entry(
    configuration: ApiChannelConfigurations | UpstreamFailure, channel_id: str
) -> ApiChannelBase | None:
    if upstream.is_failure(configuration) or configuration.channel_group is None:
        return None
    entries = configuration.channel_group.channels
    return next((e for e in entries if e.id == channel_id), entries[0] if entries else None)


def channel_page_started(account: CMAccount, channel_id: str) -> Callable[[], ChannelPage]:
    """The channel detail page: the channel and all its configurations, read at once, begun
    now and answered when the returned function is called (``upstream.fetch_many_started``),
    so the page makes its own database rows and forms while CM.com answers, not after. The
    reads are sent before this returns (``sent_first``): the page's work would hold them up.
    """
    calls: dict[str, upstream.Call] = {
        channel_key(channel_id): lambda client: client.channels.get(channel_id),
        configuration_key(channel_id): lambda client: client.configuration.get_all(channel_id),
    }
    answer = upstream.fetch_many_started(account, calls, sent_first=True)

    def page() -> ChannelPage:
        got = answer()
        configuration = got[configuration_key(channel_id)]
        return ChannelPage(
            channel=got[channel_key(channel_id)],
            configuration=configuration,
            group_entry=_group_entry(configuration, channel_id),
        )

    return page


def configuration(
    account: CMAccount, channel_id: str
) -> ApiChannelConfigurations | UpstreamFailure:
    """All configurations of a channel (the same cache entry as the detail page), or a failure."""
    return upstream.fetch_or_failure(
        account,
        configuration_key(channel_id),
        lambda client: client.configuration.get_all(channel_id),
    )


def configuration_page(account: CMAccount, channel_id: str) -> ChannelPage:
    """The part of the channel's page a fragment shows: the configuration alone."""
    return ChannelPage(configuration=configuration(account, channel_id))


def configuration_element(
    account: CMAccount, channel_id: str, configuration_id: str
) -> ApiChannelConfigurationResponse | UpstreamFailure:
    """One configuration element's enabled flag and dates ("Get a configuration for a channel")."""
    return upstream.fetch_or_failure(
        account,
        element_key(channel_id, configuration_id),
        lambda client: client.configuration.get(channel_id, configuration_id),
    )


# --- channel requests ------------------------------------------------------------------------


def request_status(request: ApiChannelRequestBase) -> str:
    """``active``, ``pending`` or ``inactive`` (cancelled or ended: the list cannot tell)."""
    if request.is_active:
        return "active"
    if request.is_pending:
        return "pending"
    return "inactive"


def expected_on(request: ApiChannelRequestBase, processing_days: int | None) -> datetime | None:
    """When the request should be done: created + the type's processing days."""
    return expected_by(request.created_on_utc, processing_days)


def is_overdue(
    request: ApiChannelRequestBase, processing_days: int | None, now: datetime | None = None
) -> bool:
    """Past its expected date and still pending."""
    expected = expected_on(request, processing_days)
    return bool(request.is_pending and expected and (now or timezone.now()) > expected)


@dataclass(frozen=True)
class RequestRow:
    """A channel request in the list, named by its type, with its expected date."""

    request: ApiChannelRequestBase
    type_name: str
    status: str
    expected: datetime | None
    overdue: bool


REQUEST_STATUSES: dict[str, str] = {
    "pending": gettext_lazy("Pending"),
    "active": gettext_lazy("Active"),
    "inactive": gettext_lazy("Inactive"),
}
"""The statuses a person may filter channel requests by (``request_status``'s words)."""

MAX_STATUS_SCAN_PAGES = 10
"""A status filter walks the list upstream, MAX_PAGE_SIZE at a time, at most this many."""


def _with_status(
    account: CMAccount,
    channel_type_id: str | None,
    first: list[ApiChannelRequestBase],
    status: str,
    wanted: int,
) -> list[ApiChannelRequestBase] | UpstreamFailure:
    """The requests of this status, walking CM.com's pages after ``first`` (CM.com cannot
    filter by status) until ``wanted`` are found, the list ends, or the walk's bound."""
    matches = [item for item in first if request_status(item) == status]
    chunk, skip, pages = first, 0, 1
    while len(matches) < wanted and len(chunk) == MAX_PAGE_SIZE and pages < MAX_STATUS_SCAN_PAGES:
        skip, pages = skip + MAX_PAGE_SIZE, pages + 1
        chunk = upstream.fetch_or_failure(
            account,
            requests_page_key(channel_type_id, skip, MAX_PAGE_SIZE),
            lambda client, at=skip: client.channels.list_requests(
                channel_type_id=channel_type_id, skip=at, take=MAX_PAGE_SIZE
            ),
        )
        if upstream.is_failure(chunk):
            return chunk
        matches += [item for item in chunk if request_status(item) == status]
    return matches


def requests_page(
    account: CMAccount, channel_type_id: str | None, number: int, status: str = ""
) -> dict[str, Any]:
    """One page of channel requests (of one type or all, of one status or all) and the types,
    read at once.

    ``requests`` is a Page of RequestRow or an UpstreamFailure; ``types`` a list or a failure
    (the list still shows, with type ids for names and no expected dates). With a status, the
    list is read from its start in pages of MAX_PAGE_SIZE, filtered here (``_with_status``).
    """
    if status:
        skip, take = 0, MAX_PAGE_SIZE
    else:
        skip, take = skip_of(number, PAGE_SIZE), PAGE_SIZE + 1

    def page(client: ChannelsClient) -> list[ApiChannelRequestBase]:
        return client.channels.list_requests(channel_type_id=channel_type_id, skip=skip, take=take)

    got = upstream.fetch_many(
        account,
        {
            requests_page_key(channel_type_id, skip, take): page,
            TYPE_CHOICES: lambda client: client.channels.list_types(skip=0, take=MAX_PAGE_SIZE),
        },
    )
    requests, types = got[requests_page_key(channel_type_id, skip, take)], got[TYPE_CHOICES]
    if status and not upstream.is_failure(requests):
        wanted = number * PAGE_SIZE + 1  # one more than the page's end says "next"
        requests = _with_status(account, channel_type_id, requests, status, wanted)
        if not upstream.is_failure(requests):
            requests = requests[skip_of(number, PAGE_SIZE) : wanted]
    if upstream.is_failure(requests):
        return {"requests": requests, "types": types}
    by_id = {} if upstream.is_failure(types) else {t.id: t for t in types}
    rows = []
    for item in requests:
        kind = by_id.get(item.channel_type_id)
        days = kind.channel_request_processing_days if kind else None
        rows.append(
            RequestRow(
                request=item,
                type_name=(kind.description if kind else None) or str(item.channel_type_id),
                status=request_status(item),
                expected=expected_on(item, days) if item.is_pending else None,
                overdue=is_overdue(item, days),
            )
        )
    read_at = upstream.read_at(account, requests_page_key(channel_type_id, skip, take))
    return {"requests": page_of(rows, number, PAGE_SIZE, read_at=read_at), "types": types}


def channels_of_request(channels: ApiChannels, channel_request_id: str) -> list[ApiChannel]:
    """The channels whose CM.com page lies under the request.

    "Get your channels" gives no request id, but its ``channelUrl`` is, as the documentation's
    examples show, ``.../channels/{account}/{type}/{channelRequestId}/...``. This only narrows
    the candidates: the channel's configuration (``channelGroup.channels[*].channelRequestId``)
    confirms the link.
    """
    found = []
    for channel in channels.available.channels():
        segments = (channel.channel_url or "").split("?")[0].split("/")
        if channel_request_id in segments:
            found.append(channel)
    return found


@dataclass(frozen=True)
class Stage:
    """One stage of a request's progression, for the stepper."""

    key: str
    label: str
    state: str
    """``done``, ``current`` or ``todo``."""


@dataclass(frozen=True)
class RequestProgress:
    """A request state read the way a person reads progress."""

    completeness: int
    stages: list[Stage]
    current: str
    next_type: str
    next_label: str
    has_pending_order: bool | None

    @property
    def action_required(self) -> bool:
        """The next stage waits for the customer, not CM.com."""
        return self.next_type == ACTION_REQUIRED


def progress_of(state: ApiRequestState) -> RequestProgress:
    """Stepper and progress bar from an ApiRequestState (completeness clamped to 0..100)."""
    progression = state.progression
    keys = list(progression.stages) if progression else []
    current = (progression.current if progression else None) or ""
    position = keys.index(current) if current in keys else -1
    stages = [
        Stage(
            key=key,
            label=label(CHANNEL_STAGE, key),
            state="done" if index < position else "current" if index == position else "todo",
        )
        for index, key in enumerate(keys)
    ]
    next_stage = state.next_stage
    return RequestProgress(
        completeness=max(0, min(100, int(state.completeness or 0))),
        stages=stages,
        current=label(CHANNEL_STAGE, current),
        next_type=(next_stage.type if next_stage else None) or "UNKNOWN",
        next_label=describe_next_stage(next_stage.description_key if next_stage else None),
        has_pending_order=state.has_pending_order,
    )


@dataclass
class RequestDetail:
    """Everything the request page shows; parts are None or an UpstreamFailure when missing."""

    request: ApiChannelRequest | UpstreamFailure
    channel_type: ApiChannelTypeResponse | UpstreamFailure | None = None
    channels: list[ApiChannel] | UpstreamFailure = field(default_factory=list)
    progress: RequestProgress | UpstreamFailure | None = None
    state_channel: ApiChannelBase | None = None
    expected: datetime | None = None
    overdue: bool = False
    status: str = ""


def request_detail(
    account: CMAccount, channel_request_id: str, *, meanwhile: Callable[[], object] | None = None
) -> RequestDetail:
    """A channel request, its type (for the expected date) and its request state.

    Four reads: the request, "Get your channels" (to find the request's channels), its type,
    and the configuration of one of its channels, whose channel group carries the request
    state. The type and that channel are only known from the first two answers, so the first
    view ever takes two concurrent rounds; it remembers them (``memo.channel_request_key``),
    and every later view, cache cold or not, asks all four at once. Cached, a repeat view
    reads nothing. Once the type is remembered, the channel list is read narrowed to it
    (the API's one way to make it smaller; it has no paging), so the view after the very
    first reads that narrowed list once. ``meanwhile``: the page's own database work, done
    in this thread while the first round is out (then it costs nothing after CM.com answers).
    """
    remembered = memo.recall(account, memo.channel_request_key(channel_request_id)) or {}
    known_type = remembered.get("type_id") or None
    # "Get your channels" has no paging; its one narrowing is the channel type, so once the
    # request's type is remembered only that type's channels are read (issue 19: an SMS
    # request no longer downloads every WhatsApp template's channel, and the reverse).
    channels_read = channels_of_type_key(known_type) if known_type else CHANNELS
    calls: dict[str, upstream.Call] = {
        request_key(channel_request_id): lambda client: client.channels.get_request(
            channel_request_id
        ),
        channels_read: list_channels_of_type(known_type),
    }
    calls.update(_request_followups(known_type, remembered.get("channel_id")))
    if meanwhile is None:
        got = upstream.fetch_many(account, calls)
    else:
        answer = upstream.fetch_many_started(account, calls, sent_first=True)
        meanwhile()
        got = answer()
    request = got[request_key(channel_request_id)]
    if upstream.is_failure(request):
        return RequestDetail(request=request)
    channels = got[channels_read]
    candidates = [] if upstream.is_failure(channels) else channels_of_request(channels, request.id)
    detail = RequestDetail(
        request=request,
        channels=channels if upstream.is_failure(channels) else candidates,
        status=request_status(request),
    )
    type_id = request.channel_type_id or None
    probe = candidates[0].id if candidates and candidates[0].id else None
    if probe and remembered.get("channel_id") in {c.id for c in candidates}:
        # The remembered channel is still one of the request's: its configuration is read.
        probe = remembered["channel_id"]
    missing = {
        key: call for key, call in _request_followups(type_id, probe).items() if key not in got
    }
    if missing:
        got.update(upstream.fetch_many(account, missing))
        memo.remember(
            account,
            memo.channel_request_key(channel_request_id),
            {"type_id": type_id, "channel_id": probe},
        )
    if type_id:
        kind = got[type_key(type_id)]
        detail.channel_type = kind
        if not upstream.is_failure(kind):
            days = kind.channel_request_processing_days
            detail.expected = expected_on(request, days)
            detail.overdue = is_overdue(request, days)
    if upstream.is_failure(channels):
        detail.progress = channels
    elif probe:
        configuration = got[configuration_key(probe)]
        if upstream.is_failure(configuration):
            detail.progress = configuration
        else:
            entries = configuration.channel_group.channels if configuration.channel_group else []
            entry = next((e for e in entries if e.channel_request_id == request.id), None)
            if entry is not None and entry.request_state is not None:
                detail.state_channel = entry
                detail.progress = progress_of(entry.request_state)
    return detail


def channels_of_type_key(channel_type_id: str) -> str:
    """Cache key of "Get your channels" narrowed to one channel type."""
    return f"{CHANNELS}.type.{channel_type_id}"


def list_channels_of_type(channel_type_id: str | None) -> upstream.Call:
    """ "Get your channels", of one type when ``channel_type_id`` is given (else every one)."""
    if not channel_type_id:
        return core_selectors.list_channels

    def read(client: ChannelsClient) -> ApiChannels:
        return client.channels.list(channel_type_id=channel_type_id)

    return read


def _request_followups(type_id: str | None, channel_id: str | None) -> dict[str, upstream.Call]:
    """The reads a channel request's page makes once it knows its type and its channel."""
    calls: dict[str, upstream.Call] = {}
    if type_id:
        calls[type_key(type_id)] = lambda client: client.channels.get_type(type_id)
    if channel_id:
        calls[configuration_key(channel_id)] = lambda client: client.configuration.get_all(
            channel_id
        )
    return calls


def channel_progress(entry: ApiChannelBase | None) -> RequestProgress | None:
    """The request state a channel carries in its configuration, as progress."""
    if entry is None or entry.request_state is None:
        return None
    return progress_of(entry.request_state)
