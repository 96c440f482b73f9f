"""The table of pages the benchmarks visit: one row a page.

Each row names the page, builds its URL from the seeded ids, and declares the upstream
resources the page shows, with a line saying why, after reading its view and selectors
(benchmark 1 compares the calls a first view makes with that count). ``partials`` are the
htmx fragments the page swaps (filtering, paging, inline edit, reloading a part), each
requested with ``HX-Request: true`` (benchmark 5). ``list_of`` names the list a list page
shows and its page size, for the large-account benchmark.

Pages of apps still being written are included only when their route exists when the bench
runs (``available``), so the table follows the product as it grows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from bench.seeded import Ids

UrlBuilder = Callable[[Ids], str]


@dataclass(frozen=True)
class Partial:
    """An htmx fragment of a page: the page's URL with ``query``, or its own ``url``."""

    label: str
    query: dict[str, str] = field(default_factory=dict)
    url: UrlBuilder | None = None

    def href(self, page_url: str, ids: Ids) -> str:
        """Where the fragment is requested."""
        base = self.url(ids) if self.url is not None else page_url
        return f"{base}?{urlencode(self.query)}" if self.query else base


@dataclass(frozen=True)
class Page:
    """One page of the product, as the benchmarks see it."""

    key: str
    label: str
    url: UrlBuilder
    resources: tuple[str, ...]
    why: str
    partials: tuple[Partial, ...] = ()
    list_of: tuple[str, int] | None = None
    """(the list in ``Ids.totals``, the page size) for a list page."""
    unpaged: str = ""
    """Why the page's bytes grow with the account when the API gives no way to page what it
    shows (benchmark 3 states it instead of judging the bytes)."""

    def available(self, ids: Ids) -> bool:
        """Whether the route exists in this build of the product."""
        try:
            self.url(ids)
        except NoReverseMatch:
            return False
        return True


def _account(name: str, **extra: str) -> UrlBuilder:
    def build(ids: Ids) -> str:
        return reverse(name, kwargs={"account_id": ids.account_id, **extra})

    return build


def _whatsapp(name: str) -> UrlBuilder:
    def build(ids: Ids) -> str:
        return reverse(
            name,
            kwargs={"account_id": ids.account_id, "whatsapp_request_id": ids.whatsapp_request_id},
        )

    return build


def _profile(ids: Ids) -> str:
    return reverse(
        "whatsapp:profile",
        kwargs={
            "account_id": ids.account_id,
            "whatsapp_request_id": ids.whatsapp_request_id,
            "profile_id": ids.profile_id,
        },
    )


def _template(ids: Ids) -> str:
    return reverse(
        "studio:edit",
        kwargs={
            "account_id": ids.account_id,
            "whatsapp_request_id": ids.whatsapp_request_id,
            "template_id": ids.template_id,
        },
    )


def _channel(name: str, **extra: Callable[[Ids], str]) -> UrlBuilder:
    def build(ids: Ids) -> str:
        kwargs = {"account_id": ids.account_id, "channel_id": ids.channel_id}
        kwargs.update({key: value(ids) for key, value in extra.items()})
        return reverse(name, kwargs=kwargs)

    return build


def _request_detail(ids: Ids) -> str:
    return reverse(
        "channels:request_detail",
        kwargs={
            "account_id": ids.account_id,
            "channel_request_id": ids.pending_whatsapp_request_id,
        },
    )


def _board(ids: Ids) -> str:
    return reverse("tracker:board")


def _board_check(ids: Ids) -> str:
    """The board's periodic check as an admin's open board sends it between two polls: the
    stamp it holds is current, its poll times are not (so the answer brings every panel's
    new time, the larger of its two everyday answers)."""
    from dashboard.accounts.models import CMAccount
    from dashboard.tracker.selectors import freshness

    stamp = freshness(CMAccount.objects.all()).stamp  # an admin sees every account
    return f"{reverse('tracker:board')}?fresh={stamp}&polled=0"


def _page_sizes() -> dict[str, int]:
    # The product's own page sizes, so the table follows them if they change.
    from dashboard.channels import selectors as channels
    from dashboard.numbers import selectors as numbers
    from dashboard.studio import selectors as studio

    return {
        "studio": studio.PAGE_SIZE,
        "numbers": numbers.PAGE_SIZE,
        "channels": channels.PAGE_SIZE,
    }


def pages() -> list[Page]:
    """Every page of the issue, in the order the tables list them."""
    sizes = _page_sizes()
    return [
        Page(
            "overview",
            "Overview",
            _account("overview:account"),
            (),
            "channels by type, pending requests and templates by status, each counted from what "
            "the poller stored (the demo account is polled once before the benchmarks, the "
            "large one indexed before benchmark 3), with when it read them; no upstream read",
            (),
        ),
        Page(
            "channels",
            "Channels",
            _account("channels:list"),
            ("channels", "channel types"),
            "channels by type and category; the types name the groups",
            (Partial("one category, paged", {"group": "{group}", "page": "1"}),),
            unpaged='"Get your channels" has no paging (only a channel type filter) and the '
            "page shows every type's categories with their counts, so it reads the whole list "
            "once (cached) and pages each category itself",
        ),
        Page(
            "channel-requests",
            "Channel requests",
            _account("channels:requests"),
            ("channel requests (one page)", "channel types"),
            "one page of requests; the types name them, fill the filter, date them",
            (Partial("filtered by type", {"type": "{whatsapp_type}", "page": "1"}),),
            list_of=("channel_requests", sizes["channels"]),
        ),
        Page(
            "channel-request",
            "One channel request",
            _request_detail,
            ("channel request", "channels", "channel type", "channel configuration"),
            "the request; its channels (from the channel list); its type (expected date); "
            "a channel's configuration (the request state: progress, next stage); type and "
            "channel remembered from the warm-up view, so all four are asked at once; the "
            "channels read narrowed to the request's type",
            unpaged='"Get your channels" gives no request id and no paging: a request\'s '
            "channels are found by their URL in the list, read narrowed to the request's "
            "channel type (the API's one filter), so a WhatsApp request still reads every "
            "WhatsApp template's channel",
        ),
        Page(
            "channel-types",
            "Channel types",
            _account("channels:types"),
            ("channel types (one page)",),
            "one page of channel types with their costs",
            (Partial("paged", {"page": "1"}),),
        ),
        Page(
            "configuration",
            "Channel configuration",
            _channel("channels:detail"),
            ("channel", "channel configuration"),
            "the channel and its five inbound configuration elements",
            (
                Partial(
                    "inline edit of a webhook",
                    url=_channel("channels:webhook_edit", webhook_id=lambda ids: ids.webhook_id),
                ),
                Partial("messaging log (reload)", url=_channel("channels:messaging_log")),
            ),
        ),
        Page(
            "whatsapp-home",
            "WhatsApp home",
            _whatsapp("whatsapp:home"),
            ("business account", "active languages", "supported languages"),
            "the business account; active languages; supported ones to activate",
            (
                Partial("supported languages, searched", {"part": "supported", "q": "en"}),
                Partial("languages part", {"part": "languages"}),
            ),
        ),
        Page(
            "profiles",
            "WhatsApp profiles",
            _whatsapp("whatsapp:profiles"),
            ("profiles (one page)",),
            "one page of profiles, searched upstream",
            (Partial("searched", {"q": "Sales"}),),
        ),
        Page(
            "profile",
            "One WhatsApp profile",
            _profile,
            ("profile",),
            "the profile and its OTP state",
            (Partial("profile card (reload)"),),
        ),
        Page(
            "templates",
            "Templates",
            _whatsapp("studio:list"),
            ("templates (one page)", "template categories"),
            "one page of templates; the categories fill the category filter",
            (
                Partial("searched by name", {"q": "order"}),
                Partial("filtered by status", {"status": "rejected"}),
                Partial("page 2", {"page": "2"}),
            ),
            list_of=("templates", sizes["studio"]),
        ),
        Page(
            "studio",
            "One template (studio)",
            _template,
            ("template", "template categories", "active languages"),
            "the template; categories and active languages are the editor's choices",
            (
                Partial("preview", {"part": "preview"}),
                Partial("lint", {"part": "lint"}),
                Partial("summary", {"part": "summary"}),
                # The editor's own swaps: adding or deleting a field swaps the fields' rows
                # (the add row and the draft's state come out of band), adding or removing a
                # language the texts, save and validation the draft's state (the other parts
                # then reload themselves, from the template the save left in the cache). Only
                # a refusal shows the whole editor.
                Partial("replacement fields (rows)", {"part": "fields"}),
                Partial("texts per language", {"part": "texts"}),
                Partial("draft state (save, validate)", {"part": "draft-state"}),
            ),
        ),
        Page(
            "numbers",
            "Numbers",
            _account("numbers:list"),
            ("phone numbers (one page)",),
            "one page of numbers, filtered upstream",
            (
                Partial("filtered by country", {"country": "NL"}),
                Partial("page 2", {"page": "2"}),
            ),
            list_of=("numbers", sizes["numbers"]),
        ),
        Page(
            "number-types",
            "Number types",
            _account("numbers:types"),
            ("number types (one page)",),
            "one page of number types with their costs",
            (Partial("filtered by country", {"country": "NL"}),),
        ),
        Page(
            "number-requests",
            "Number requests",
            _account("numbers:requests"),
            ("number requests (one page)",),
            "one page of number requests",
            (Partial("filtered: pending", {"pending": "yes"}),),
            list_of=("number_requests", sizes["numbers"]),
        ),
        Page(
            "keywords",
            "Keywords",
            _account("numbers:keywords"),
            ("keyword claims (one page)",),
            "one page of keyword claims",
            (Partial("filtered by country", {"country": "NL"}),),
            list_of=("keywords", sizes["numbers"]),
        ),
        Page(
            "pending",
            "Pending board",
            _board,
            (),
            "what the poller stored (the demo account is polled once before the benchmarks); "
            "no upstream read: the poller is benchmark 4",
            (Partial("check for changes (every 30 s)", url=_board_check),),
        ),
    ]


def fill(query: dict[str, str], ids: Ids) -> dict[str, str]:
    """A partial's query with ``{group}`` and ``{whatsapp_type}`` replaced by seeded ids."""
    values = {"group": ids.channel_group, "whatsapp_type": ids.whatsapp_type_id}
    return {key: value.format(**values) for key, value in query.items()}


def partial_href(partial: Partial, page_url: str, ids: Ids) -> str:
    """Where ``partial`` of the page at ``page_url`` is requested, with ids filled in."""
    return Partial(partial.label, fill(partial.query, ids), partial.url).href(page_url, ids)


@dataclass(frozen=True)
class Target:
    """A page of the table on one account: its URL built from that account's ids."""

    page: Page
    ids: Ids
    url: str

    @property
    def account_id(self) -> str:
        """The account whose calls count for this page."""
        return self.ids.account_id


def targets(ids: Ids) -> list[Target]:
    """Every page of the table whose route exists, on the account of ``ids``."""
    return [Target(page, ids, page.url(ids)) for page in pages() if page.available(ids)]
