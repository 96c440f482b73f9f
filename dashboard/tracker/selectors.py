"""Reads for the tracker's pages and tasks. None of these calls CM.com: the board, the bell
and the notifications are made from what the poller stored."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.core.access import visible_accounts
from dashboard.people.models import Role, User
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


# --- the board ---------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class BoardRow:
    """One pending item."""

    item: TrackedItem
    age: timedelta
    overdue: bool
    waits_for_customer: bool
    history: list[StatusChange]


@dataclass(frozen=True)
class BoardGroup:
    """The pending items of one kind."""

    kind: str
    label: str
    rows: list[BoardRow]


@dataclass(frozen=True)
class Board:
    """Everything pending in some accounts, grouped by kind, and each account's polling."""

    panels: list[AccountPanel]
    groups: list[BoardGroup] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Pending items in all groups."""
        return sum(len(group.rows) for group in self.groups)


def _panel(
    account: CMAccount, health: AccountHealth | None, pending: int, now: datetime
) -> AccountPanel:
    last = health.last_success_at if health else None
    stale_after = timedelta(seconds=2 * poll_interval())
    broken = ""
    if health is not None and health.is_broken_for(connection_version(account)):
        broken = health.broken_reason
    return AccountPanel(
        account=account,
        last_success_at=last,
        last_failure_at=health.last_failure_at if health else None,
        last_failure=health.last_failure if health else "",
        broken_reason=broken,
        is_stale=last is None or now - last > stale_after,
        pending=pending,
    )


def board(accounts: QuerySet[CMAccount]) -> Board:
    """The board for these accounts (the ones a person may see): no upstream call."""
    now = timezone.now()
    account_list = list(accounts.order_by("name", "account_id"))
    healths = {h.account_id: h for h in AccountHealth.objects.filter(account__in=account_list)}
    items = list(
        TrackedItem.objects.filter(account__in=account_list, is_pending=True)
        .select_related("account")
        .prefetch_related(Prefetch("changes", queryset=StatusChange.objects.order_by("-at", "-id")))
        .order_by("kind", "requested_at", "first_seen", "id")
    )
    counts: dict[int, int] = {}
    by_kind: dict[str, list[BoardRow]] = {}
    for item in items:
        counts[item.account_id] = counts.get(item.account_id, 0) + 1
        since = item.requested_at or item.first_seen
        status = status_of(item.kind, item.status) if item.status else None
        waits = bool(status and status.waits_for_customer)
        by_kind.setdefault(item.kind, []).append(
            BoardRow(
                item=item,
                age=max(now - since, timedelta(0)),
                overdue=bool(item.expected_at and item.expected_at < now and not waits),
                waits_for_customer=waits,
                history=list(item.changes.all())[:HISTORY_LENGTH],
            )
        )
    panels = [
        _panel(account, healths.get(account.pk), counts.get(account.pk, 0), now)
        for account in account_list
    ]
    groups = [
        BoardGroup(kind=str(kind), label=str(kind.label), rows=by_kind[kind])
        for kind in Kind
        if kind in by_kind
    ]
    return Board(panels=panels, groups=groups)


def health_of(account: CMAccount) -> AccountPanel:
    """The polling panel of one account (the banner on its pages)."""
    health = AccountHealth.objects.filter(account=account).first()
    return _panel(account, health, 0, timezone.now())


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


def unread_count(person: User) -> int:
    """How many notifications this person has not read (the bell)."""
    return notifications_for(person).filter(read_at__isnull=True).count()


def subscriptions_of(person: User) -> set[tuple[int, str]]:
    """(account pk, kind) pairs this person is subscribed to."""
    return set(Subscription.objects.filter(person=person).values_list("account_id", "kind"))
