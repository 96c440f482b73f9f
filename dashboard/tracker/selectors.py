"""Reads for the tracker's pages and tasks. None of these calls CM.com: the board, the bell
and the notifications are made from what the poller stored."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, IntegerField, Max, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.core import wording
from dashboard.notify import bell
from dashboard.notify import selectors as notify_selectors
from dashboard.notify.models import Event, How
from dashboard.people.access import visible_accounts
from dashboard.people.models import Role, User
from dashboard.reviews import selectors as review_selectors
from dashboard.tracker import stats_selectors
from dashboard.tracker.models import (
    AccountHealth,
    Notification,
    StatusChange,
    Subscription,
    TrackedItem,
)
from dashboard.tracker.poller import Known
from dashboard.tracker.statuses import Kind, status_of

HISTORY_LENGTH = 10


def poll_interval() -> int:
    """Seconds between two beat cycles (POLL_INTERVAL)."""
    return int(getattr(settings, "POLL_INTERVAL", 60))


# --- for the poller ----------------------------------------------------------------------------


def known_items(items: Iterable[TrackedItem]) -> dict[tuple[str, str], Known]:
    """The database's view of items, keyed by (kind, upstream id), for the poller."""
    return {
        (item.kind, item.upstream_id): Known(
            status=item.status,
            rank=item.rank,
            version_at=item.version_at,
            is_pending=item.is_pending,
            meta=dict(item.meta or {}),
        )
        for item in items
    }


def connection_version(account: CMAccount) -> str:
    """Changes whenever an admin sets the token or the base URL: a digest of the stored
    (encrypted) token and the URL. Never the token itself."""
    ciphertext = getattr(account.token, "ciphertext", "") or ""
    digest = hashlib.sha256(f"{ciphertext}|{account.base_url}".encode()).hexdigest()
    return digest[:40]


def accounts_to_poll() -> list[CMAccount]:
    """Accounts beat polls: those with a token and no connection marked broken for it."""
    accounts = list(CMAccount.objects.exclude(token="").select_related("health"))
    wanted = []
    for account in accounts:
        health = getattr(account, "health", None)
        if health is not None and health.is_broken_for(connection_version(account)):
            continue  # waits for an admin to change the token or base URL
        wanted.append(account)
    return wanted


def people_who_see(account: CMAccount) -> QuerySet[User]:
    """Active people who may see this account: admins and those it is granted to."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(role=Role.ADMIN) | Q(cm_accounts=account))
        .distinct()
    )


def subscribers(account: CMAccount, kind: str) -> QuerySet[User]:
    """People who asked for e-mail about this kind on this account and may still see it."""
    return people_who_see(account).filter(
        tracker_subscriptions__account=account, tracker_subscriptions__kind=kind
    )


# The kind of event (``notify.models.Event``) a move to each notifying status is.
_EVENTS = {
    "approved": Event.APPROVED,
    "active": Event.APPROVED,
    "rejected": Event.REJECTED,
    "fulfilled": Event.FULFILLED,
    "action_required": Event.ACTION_REQUIRED,
}


def event_of(change: StatusChange) -> Event:
    """What kind of event a change is, for the people's preferences."""
    return _EVENTS.get(change.to_status, Event.FULFILLED)


def subscribed_people(account: CMAccount) -> set[tuple[int, str]]:
    """(person pk, kind) of every subscription to ``account``."""
    return set(Subscription.objects.filter(account=account).values_list("person_id", "kind"))


def emailed_about(
    change: StatusChange,
    *,
    people: Sequence[User],
    routes: Mapping[int, How],
    subscribed: set[tuple[int, str]],
) -> list[User]:
    """Who gets an e-mail about ``change`` at once: those who chose e-mail at once for its kind
    of event, and those subscribed to its kind of item (``subscribed_people``, the
    subscriptions page) who did not turn the event off or keep it for the digest."""
    kind = change.item.kind
    return [
        person
        for person in people
        if person.email
        and (
            routes.get(person.pk) == How.EMAIL
            or (routes.get(person.pk) == How.IN_APP and (person.pk, kind) in subscribed)
        )
    ]


# --- the board ---------------------------------------------------------------------------------

# Rows a page of the board shows: with 50 accounts polled, thousands are pending at once.
BOARD_PAGE_SIZE = 50


@dataclass(frozen=True)
class AccountPanel:
    """How polling one account goes, for the top of the board."""

    account: CMAccount
    last_success_at: datetime | None
    last_failure_at: datetime | None
    last_failure: str
    broken_reason: str
    is_stale: bool
    """No successful poll within two intervals (or never)."""
    pending: int

    @property
    def shown_failure(self) -> str:
        """The last failure, when the panel shows it (stale, and not broken)."""
        return self.last_failure if self.is_stale and not self.broken_reason else ""


@dataclass(frozen=True)
class BoardRow:
    """One pending item."""

    item: TrackedItem
    age: timedelta
    overdue: bool
    waits_for_customer: bool
    history: list[StatusChange]
    flag: str = ""
    """Waited longer than its account's 90th percentile: the rule, in words."""


@dataclass(frozen=True)
class BoardGroup:
    """The pending items of one kind on this page; ``total`` counts them on every page."""

    kind: str
    label: str
    rows: list[BoardRow]
    total: int = 0


@dataclass(frozen=True)
class KindCount:
    """How many items of one kind are pending (the kind filter's choices)."""

    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class Freshness:
    """What the board's periodic check compares, computed without reading any row.

    ``stamp`` changes whenever the rows or a panel's state would read differently (an item
    created, moved on or given a new detail; an account added, broken, failing or gone
    stale), so the check asks for the whole board only then. ``polled`` changes with each
    successful poll: the check then sends only the panels' "last successful poll" times.
    """

    stamp: str
    polled: str
    panels: list[AccountPanel]
    pending_by_kind: dict[str, int] = field(default_factory=dict)
    """How many items of each kind are pending in these accounts (counted in the same
    query as the panels' figures: the board's kind filter and pager need them)."""

    @property
    def read_at(self) -> datetime | None:
        """When the board's data was read from CM.com: the oldest of the accounts' last
        successful polls (None when one was never read)."""
        times = [panel.last_success_at for panel in self.panels]
        if not times or None in times:
            return None
        return min(t for t in times if t is not None)


@dataclass(frozen=True)
class Board:
    """One page of what is pending in some accounts, grouped by kind, and each account's
    polling."""

    panels: list[AccountPanel]
    groups: list[BoardGroup] = field(default_factory=list)
    page: Page | None = None
    kinds: list[KindCount] = field(default_factory=list)
    freshness: Freshness | None = None

    @property
    def total(self) -> int:
        """Pending items on every page (of the kind filtered on, if any)."""
        return self.page.paginator.count if self.page is not None else 0


def _panel(
    account: CMAccount, health: AccountHealth | None, pending: int, now: datetime
) -> AccountPanel:
    last = health.last_success_at if health else None
    stale_after = timedelta(seconds=2 * poll_interval())
    broken = ""
    if health is not None and health.is_broken_for(connection_version(account)):
        broken = health.display_broken_reason
    return AccountPanel(
        account=account,
        last_success_at=last,
        last_failure_at=health.last_failure_at if health else None,
        last_failure=health.display_last_failure if health else "",
        broken_reason=broken,
        is_stale=last is None or now - last > stale_after,
        pending=pending,
    )


def _digest(parts: Iterable[object]) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def freshness(accounts: QuerySet[CMAccount]) -> Freshness:
    """The board's state in two digests and the panels, in two small queries (the
    accounts with their health, and per account aggregates: never the rows themselves)."""
    now = timezone.now()
    account_list = list(accounts.select_related("health").order_by("name", "account_id"))
    pending = Q(is_pending=True)
    per_account: dict[int, dict[str, Any]] = {}
    pending_by_kind: dict[str, int] = {}
    # Per account and kind: the accounts' figures are the sums over their kinds, and the
    # kinds' pending counts (the board's filter and pager) come with them, in one query.
    for row in (
        TrackedItem.objects.filter(account__in=account_list)
        .values("account_id", "kind")
        .annotate(
            pending=Count("id", filter=pending),
            overdue=Count("id", filter=pending & Q(expected_at__lt=now)),
            # Per account, not overall: one account's poll may commit after another's that
            # started later, so only each account's own newest change is sure to move.
            newest=Max("last_change"),
        )
        .order_by()
    ):
        pending_by_kind[row["kind"]] = pending_by_kind.get(row["kind"], 0) + row["pending"]
        found = per_account.get(row["account_id"])
        if found is None:
            per_account[row["account_id"]] = {
                "pending": row["pending"],
                "overdue": row["overdue"],
                "newest": row["newest"],
            }
            continue
        found["pending"] += row["pending"]
        found["overdue"] += row["overdue"]
        if row["newest"] is not None and (
            found["newest"] is None or row["newest"] > found["newest"]
        ):
            found["newest"] = row["newest"]
    panels = []
    stamp: list[object] = []
    polled: list[object] = []
    for account in account_list:
        row = per_account.get(account.pk, {})
        health = getattr(account, "health", None)  # None: never polled
        panel = _panel(account, health, row.get("pending", 0), now)
        panels.append(panel)
        stamp += [
            account.pk,
            account.name,
            row.get("pending", 0),
            row.get("overdue", 0),
            row.get("newest", ""),
            panel.broken_reason,
            panel.is_stale,
            panel.shown_failure,
        ]
        polled += [account.pk, panel.last_success_at]
    return Freshness(
        stamp=_digest(stamp),
        polled=_digest(polled),
        panels=panels,
        pending_by_kind={kind: n for kind, n in pending_by_kind.items() if n},
    )


def _kind_order() -> RawSQL:
    """Kinds in the order the board shows them (Kind's order, not the alphabet). The CASE
    is written out: ``Case(When(kind=…))`` builds and resolves a filter for each kind on
    every view, which cost more than running the query it orders."""
    quote = connection.ops.quote_name
    column = f"{quote(TrackedItem._meta.db_table)}.{quote('kind')}"
    whens = " ".join("WHEN %s THEN %s" for _ in Kind)
    params = [part for index, kind in enumerate(Kind) for part in (kind.value, index)]
    sql = f"CASE {column} {whens} ELSE %s END"  # names quoted, values passed as parameters
    return RawSQL(sql, (*params, len(Kind)), output_field=IntegerField())  # noqa: S611


# How long the accounts' 90th percentiles are kept at most: the year they look back on moves.
THRESHOLDS_SECONDS = 3600


def _thresholds(
    fresh: Freshness, accounts: set[int], *, now: datetime
) -> stats_selectors.Thresholds:
    """The 90th percentiles the board flags against. They read every wait of the accounts'
    last year, and change only when a poll moves an item on: remembered until the board's
    stamp (``Freshness.stamp``, which every stored change moves) differs, instead of
    computed on every view and every 30-second check."""
    key = "tracker:thresholds:" + _digest([fresh.stamp, *sorted(accounts)])
    found = cache.get(key)
    if isinstance(found, stats_selectors.Thresholds):
        return found
    usual = stats_selectors.thresholds(accounts, now=now)
    cache.set(key, usual, THRESHOLDS_SECONDS)
    return usual


def _histories(items: list[TrackedItem]) -> dict[int, list[StatusChange]]:
    """Each item's changes, newest first, in one query; each change knows its item (its
    labels need the item's kind). What ``prefetch_related`` would give, without the related
    manager and queryset it builds for every row."""
    by_pk = {item.pk: item for item in items}
    found: dict[int, list[StatusChange]] = {pk: [] for pk in by_pk}
    if not by_pk:
        return found
    for change in StatusChange.objects.filter(item_id__in=list(by_pk)).order_by("-at", "-id"):
        change.item = by_pk[change.item_id]
        found[change.item_id].append(change)
    return found


def board(accounts: QuerySet[CMAccount], *, kind: str = "", page: str | int | None = 1) -> Board:
    """One page of the board for these accounts (the ones a person may see), optionally of
    one kind: no upstream call, and a number of queries that does not grow with the items."""
    # Before the rows: a change landing between the two then shows at the next check,
    # instead of being in the stamp but not in the rows.
    fresh = freshness(accounts)
    now = timezone.now()
    shown_accounts = {panel.account.pk: panel.account for panel in fresh.panels}
    account_ids = list(shown_accounts)
    pending = TrackedItem.objects.filter(account__in=account_ids, is_pending=True)
    counts = fresh.pending_by_kind
    kinds = [KindCount(str(k), str(k.label), counts[k]) for k in Kind if counts.get(k)]
    if kind in Kind.values:
        pending = pending.filter(kind=kind)
    found = pending.order_by(_kind_order(), "requested_at", "first_seen", "id")
    pages = Paginator(found, BOARD_PAGE_SIZE)
    # The pager's total is the kinds' counts just read: no second COUNT of the same rows.
    pages.__dict__["count"] = counts.get(kind, 0) if kind in Kind.values else sum(counts.values())
    shown = pages.get_page(page)
    items = list(shown.object_list)
    histories = _histories(items)
    usual = _thresholds(fresh, {item.account_id for item in items}, now=now)
    by_kind: dict[str, list[BoardRow]] = {}
    for item in items:
        # The panels' accounts, read just above: no join and no account built per row.
        item.account = shown_accounts[item.account_id]
        since = item.requested_at or item.first_seen
        status = status_of(item.kind, item.status) if item.status else None
        waits = bool(status and status.waits_for_customer)
        flag = None
        if stats_selectors.is_waiting(item):
            flag = usual.flag(item, now - stats_selectors.waiting_since(item, histories[item.pk]))
        by_kind.setdefault(item.kind, []).append(
            BoardRow(
                item=item,
                age=max(now - since, timedelta(0)),
                overdue=bool(item.expected_at and item.expected_at < now and not waits),
                waits_for_customer=waits,
                history=histories[item.pk][:HISTORY_LENGTH],
                flag=flag.text if flag else "",
            )
        )
    groups = [
        BoardGroup(str(k), str(k.label), by_kind[k], counts.get(k, 0)) for k in Kind if k in by_kind
    ]
    return Board(panels=fresh.panels, groups=groups, page=shown, kinds=kinds, freshness=fresh)


def health_of(account: CMAccount) -> AccountPanel:
    """The polling panel of one account (the banner on its pages)."""
    health = AccountHealth.objects.filter(account=account).first()
    return _panel(account, health, 0, timezone.now())


def broken_reason_of(account: CMAccount) -> str:
    """Why the connection to this account is broken for its current token and base URL, or
    "" (the banner on its pages, ``health_of``'s ``broken_reason``). Every account page asks:
    two columns of the account's row, no model or panel built, and SQL written once rather
    than compiled by the ORM on every page (that compiling was most of its cost)."""
    with connection.cursor() as cursor:
        cursor.execute(_BROKEN_SQL, [account.pk])
        found = cursor.fetchone()
    if found and found[0] and found[1] == connection_version(account):
        # Said in the reader's language from its parts (JSON: text on SQLite, decoded on
        # PostgreSQL); as stored for rows without them.
        parts = json.loads(found[2]) if isinstance(found[2], str) else found[2]
        return wording.compose({}, parts, str(found[0]))
    return ""


# Names from the model's own meta, quoted; the account is a parameter.
_BROKEN_SQL = "SELECT {reason}, {version}, {parts} FROM {table} WHERE {account} = %s".format(  # noqa: S608
    reason=connection.ops.quote_name(AccountHealth._meta.get_field("broken_reason").column),
    parts=connection.ops.quote_name(AccountHealth._meta.get_field("broken_reason_parts").column),
    version=connection.ops.quote_name(AccountHealth._meta.get_field("broken_version").column),
    table=connection.ops.quote_name(AccountHealth._meta.db_table),
    account=connection.ops.quote_name(AccountHealth._meta.get_field("account").column),
)


# --- notifications -----------------------------------------------------------------------------


def notifications_for(person: User) -> QuerySet[Notification]:
    """A person's notifications, newest first, of the accounts they may still see."""
    return (
        Notification.objects.filter(
            person=person, change__item__account__in=visible_accounts(person)
        )
        .select_related("change__item__account")
        .order_by("-created_at", "-id")
    )


class _CountOf(Subquery):
    """``(SELECT COUNT(*) FROM (<queryset>))``: how many rows a queryset has, as a column of
    another query, on PostgreSQL and SQLite alike."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def unread_count(person: User) -> int:
    """How many notifications this person has not read (the bell): the tracker's changes,
    the reviews' steps and the alerts about an account (a broken token). Every page draws
    the bell: remembered per person until one is made or read (``notify.bell``), and counted
    in one query whatever their number."""
    if not person.is_authenticated:
        return 0
    return bell.unread(person, _unread_counted)


def _unread_counted(person: User) -> int:
    unread = {
        "changes": notifications_for(person),
        "alerts": notify_selectors.alerts_for(person),
        "steps": review_selectors.notifications_for(person),
    }
    counts = {
        name: _CountOf(found.filter(read_at__isnull=True).order_by().values("pk"))
        for name, found in unread.items()
    }
    # Unordered: the person's row needs no ORDER BY (``first()`` would add one).
    rows = User.objects.filter(pk=person.pk).annotate(**counts).order_by().values_list(*counts)
    return sum(next(iter(rows), ()))


def subscriptions_of(person: User) -> set[tuple[int, str]]:
    """(account pk, kind) pairs this person is subscribed to."""
    return set(Subscription.objects.filter(person=person).values_list("account_id", "kind"))
