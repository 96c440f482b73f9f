"""Reads for approval times: the tracker's items and status changes, turned into waits by
``stats.py`` (where the definitions are). No upstream call; ``now`` is always passed in, so
a test fixes it and a page reads the clock once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dashboard.accounts.models import CMAccount
from dashboard.core.labels import TEMPLATE_CATEGORY, label
from dashboard.tracker import stats
from dashboard.tracker.models import StatusChange, TrackedItem
from dashboard.tracker.statuses import Kind, status_of

ALL_FINISHING = frozenset().union(*stats.FINISHING.values())
# The pending board compares an item with the last year's waits of its account, and with
# its own group only when that has at least this many (fewer say little).
FLAG_DAYS = 365
FLAG_MIN_COUNT = 5
# Why an item is flagged: against its own group ("first" and "second" are its group's parts:
# a template's category and language, a request's type), or against its whole kind.
FLAG_OWN = {
    Kind.TEMPLATE: _(
        "waited longer than 90%% of this account's approved %(first)s templates in %(second)s "
        "(p90 %(p90)s)"
    ),
    Kind.CHANNEL_REQUEST: _(
        "waited longer than 90%% of this account's fulfilled channel requests of type "
        "%(first)s (p90 %(p90)s)"
    ),
    Kind.NUMBER_REQUEST: _(
        "waited longer than 90%% of this account's fulfilled number requests of type "
        "%(first)s (p90 %(p90)s)"
    ),
}
FLAG_EVERY = {
    Kind.TEMPLATE: _(
        "waited longer than 90%% of this account's approved templates (p90 %(p90)s; fewer "
        "than %(min)d %(first)s templates in %(second)s to compare)"
    ),
    Kind.CHANNEL_REQUEST: _(
        "waited longer than 90%% of this account's fulfilled channel requests (p90 %(p90)s; "
        "fewer than %(min)d channel requests of type %(first)s to compare)"
    ),
    Kind.NUMBER_REQUEST: _(
        "waited longer than 90%% of this account's fulfilled number requests (p90 %(p90)s; "
        "fewer than %(min)d number requests of type %(first)s to compare)"
    ),
}
DONE = {
    Kind.TEMPLATE: "approved",
    Kind.CHANNEL_REQUEST: "fulfilled",
    Kind.NUMBER_REQUEST: "fulfilled",
}


def _moves(item: TrackedItem, changes: Iterable[StatusChange] | None = None) -> list[stats.Move]:
    found = item.changes.all() if changes is None else changes
    return [stats.Move(c.from_status, c.to_status, c.at) for c in found]


def _requested_at(item: TrackedItem) -> datetime | None:
    """CM.com's date of the request the item was first stored waiting for (stats.py)."""
    if item.kind == Kind.TEMPLATE:
        raw = (item.meta or {}).get("review_requested_at")
        return parse_datetime(raw) if isinstance(raw, str) else None
    return item.requested_at


def item_waits(item: TrackedItem) -> list[stats.Wait]:
    """The finished waits of one item (its changes prefetched)."""
    return stats.waits(
        item.kind, _moves(item), requested_at=_requested_at(item), first_seen=item.first_seen
    )


def waiting_since(item: TrackedItem, changes: Iterable[StatusChange] | None = None) -> datetime:
    """When the wait of an item waiting now started; ``changes``: all of its changes, when
    read already (else its changes, prefetched or read)."""
    return stats.waiting_since(
        item.kind,
        _moves(item, changes),
        requested_at=_requested_at(item),
        first_seen=item.first_seen,
    )


def category_label(raw: str) -> str:
    """``UTILITY`` → ``Utility`` (``core.labels``); none → ``Uncategorised``."""
    return label(TEMPLATE_CATEGORY, raw) if raw else "Uncategorised"


def group_of(item: TrackedItem) -> tuple[str, str]:
    """(first, second) part of the group an item is measured in: a template's category and
    language, a request's type (and "")."""
    meta = item.meta or {}
    if item.kind == Kind.TEMPLATE:
        language = str(meta.get("language") or item.label.rpartition(" · ")[2] or "?")
        return category_label(str(meta.get("category") or "")), language
    if item.kind == Kind.CHANNEL_REQUEST:
        # Rows stored before labels were composed where shown end in " channel request".
        name = item.label.removesuffix(" channel request")
        return str(meta.get("type") or name or gettext("Channel")), ""
    return str(meta.get("type") or item.display_label), ""


def is_waiting(item: TrackedItem) -> bool:
    """Waiting on CM.com or WhatsApp now (not on the customer)."""
    if not item.is_pending or item.status not in stats.WAITING.get(item.kind, ()):
        return False
    return not status_of(item.kind, item.status).waits_for_customer


def _items(
    accounts: Iterable[int], *, since: datetime, now: datetime, waiting: bool = True
) -> QuerySet[TrackedItem]:
    """Items with a wait that ended in (since, now], and (``waiting``) the items pending now."""
    ended = StatusChange.objects.filter(
        item__account__in=accounts,
        to_status__in=ALL_FINISHING,
        at__gt=since,
        at__lte=now,
    ).values("item_id")
    return (
        TrackedItem.objects.filter(account__in=accounts, kind__in=stats.MEASURED_KINDS)
        .filter(Q(pk__in=ended) | Q(is_pending=True) if waiting else Q(pk__in=ended))
        .prefetch_related("changes")
        .order_by("kind", "id")
    )


# --- the page ------------------------------------------------------------------------------------


@dataclass
class GroupRow:
    """One group's times: approved (or fulfilled), rejected (templates), still waiting."""

    kind: str
    kind_label: str
    first: str
    second: str
    done: list[timedelta] = field(default_factory=list)
    rejected: list[timedelta] = field(default_factory=list)
    waiting: int = 0

    @property
    def group(self) -> str:
        """The group in words: ``Utility · English (US)``, ``WhatsApp``."""
        return f"{self.first} · {self.second}" if self.second else self.first

    @property
    def done_summary(self) -> stats.Summary:
        """Approved or fulfilled: count, median, p90."""
        return stats.summarise(self.done)

    @property
    def rejected_summary(self) -> stats.Summary | None:
        """Rejected (templates only)."""
        return stats.summarise(self.rejected) if self.kind == Kind.TEMPLATE else None


@dataclass(frozen=True)
class ApprovalTimes:
    """What the approval-time page shows for one account and period."""

    days: int
    now: datetime
    rows: list[GroupRow]
    totals: list[GroupRow]
    """One row per kind, every group together."""
    distribution: list[stats.Bin]
    weeks: list[stats.Week]
    approved: stats.Summary
    """Template languages approved in the period (the charts' subject)."""


def _row(
    rows: dict[tuple[str, str, str], GroupRow], kind: str, first: str, second: str
) -> GroupRow:
    key = (kind, first, second)
    if key not in rows:
        rows[key] = GroupRow(kind, str(Kind(kind).label), first, second)
    return rows[key]


def approval_times(account: CMAccount, *, days: int, now: datetime) -> ApprovalTimes:
    """Times to approval, rejection and fulfilment of waits that ended in the last ``days``
    days before ``now``, by kind and group, and the items waiting now."""
    rows: dict[tuple[str, str, str], GroupRow] = {}
    totals: dict[tuple[str, str, str], GroupRow] = {}
    approved: list[stats.Wait] = []
    every = gettext("All")  # the totals' group, in the reader's words
    for item in _items([account.pk], since=now - timedelta(days=days), now=now):
        first, second = group_of(item)
        mine, all_of_kind = _row(rows, item.kind, first, second), _row(totals, item.kind, every, "")
        for wait in item_waits(item):
            if not stats.in_period(wait.end, now=now, days=days):
                continue
            bucket = "rejected" if wait.outcome == "rejected" else "done"
            getattr(mine, bucket).append(wait.duration)
            getattr(all_of_kind, bucket).append(wait.duration)
            if wait.outcome == "approved":
                approved.append(wait)
        if is_waiting(item):
            mine.waiting += 1
            all_of_kind.waiting += 1
    order = {kind: index for index, kind in enumerate(stats.MEASURED_KINDS)}
    finished = [(timezone.localtime(w.end).date(), w.duration) for w in approved]
    return ApprovalTimes(
        days=days,
        now=now,
        rows=sorted(rows.values(), key=lambda r: (order[r.kind], r.first, r.second)),
        totals=sorted(totals.values(), key=lambda r: order[r.kind]),
        distribution=stats.histogram(w.duration for w in approved),
        weeks=stats.weekly(
            finished,
            first_day=timezone.localtime(now - timedelta(days=days)).date(),
            last_day=timezone.localtime(now).date(),
        ),
        approved=stats.summarise([w.duration for w in approved]),
    )


# --- the pending board's flag ------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """Why the board flags an item: the rule in words."""

    text: str
    p90: timedelta


@dataclass(frozen=True)
class Thresholds:
    """Each account's 90th percentiles of the last year, by group and by kind."""

    by_group: dict[tuple[int, str, str, str], stats.Summary]
    by_kind: dict[tuple[int, str], stats.Summary]

    def flag(self, item: TrackedItem, waited: timedelta) -> Flag | None:
        """The rule that flags ``item`` after ``waited``, or None when it has not waited
        longer than its account's 90th percentile (or there are too few to compare)."""
        first, second = group_of(item)
        own = self.by_group.get((item.account_id, item.kind, first, second))
        # Whole sentences per kind, so a language can order and inflect them.
        words: dict[str, object] = {"first": first, "second": second, "min": FLAG_MIN_COUNT}
        if own is not None and own.count >= FLAG_MIN_COUNT and own.p90 is not None:
            if waited <= own.p90:
                return None
            text = str(FLAG_OWN[item.kind]) % {**words, "p90": own.p90_text}
            return Flag(text, own.p90)
        every = self.by_kind.get((item.account_id, item.kind))
        if every is None or every.count < FLAG_MIN_COUNT or every.p90 is None:
            return None
        if waited <= every.p90:
            return None
        text = str(FLAG_EVERY[item.kind]) % {**words, "p90": every.p90_text}
        return Flag(text, every.p90)


def thresholds(accounts: Iterable[int], *, now: datetime) -> Thresholds:
    """The accounts' approved and fulfilled waits of the last ``FLAG_DAYS`` days, summarised
    by group and by kind (rejections are not what a waiting item is compared with)."""
    by_group: dict[tuple[int, str, str, str], list[timedelta]] = {}
    by_kind: dict[tuple[int, str], list[timedelta]] = {}
    since = now - timedelta(days=FLAG_DAYS)
    for item in _items(list(accounts), since=since, now=now, waiting=False):
        first, second = group_of(item)
        for wait in item_waits(item):
            if wait.outcome != DONE[item.kind]:
                continue
            if not stats.in_period(wait.end, now=now, days=FLAG_DAYS):
                continue
            by_group.setdefault((item.account_id, item.kind, first, second), []).append(
                wait.duration
            )
            by_kind.setdefault((item.account_id, item.kind), []).append(wait.duration)
    return Thresholds(
        by_group={key: stats.summarise(found) for key, found in by_group.items()},
        by_kind={key: stats.summarise(found) for key, found in by_kind.items()},
    )
