"""The one read of search: a person's matches, grouped by account, from the index alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse

from dashboard.accounts.models import CMAccount
from dashboard.people.access import visible_accounts
from dashboard.search.index import LINKS, query_forms
from dashboard.search.models import EntryKind, IndexedList, SearchEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dashboard.people.models import User

# Rows shown at most; a longer answer says there are more, so the person types on.
LIMIT = 100

_KIND_ORDER = {kind: n for n, kind in enumerate(EntryKind.values)}


@dataclass(frozen=True)
class Hit:
    """One row of the answer: what it is, and the page it links to."""

    kind: str
    kind_label: str
    title: str
    detail: str
    href: str


@dataclass
class Group:
    """One account's hits, and when the oldest list they came from was read."""

    account: CMAccount
    hits: list[Hit] = field(default_factory=list)
    read_at: datetime | None = None


@dataclass
class Results:
    """The answer to one query: groups in account-name order, and whether it was cut."""

    groups: list[Group]
    more: bool

    @property
    def count(self) -> int:
        """How many rows are shown."""
        return sum(len(group.hits) for group in self.groups)


def _href(account: CMAccount, entry: SearchEntry) -> str:
    return reverse(
        LINKS[entry.kind], kwargs={"account_id": account.account_id, **(entry.params or {})}
    )


def search(person: User | AnonymousUser, query: str) -> Results:
    """What ``query`` finds in the accounts ``person`` may see, at most ``LIMIT`` rows (when
    there are more, those of the accounts added first), grouped by account name.

    The person's accounts are a subquery of the one SELECT (never a list built in Python),
    so a row of an account they were not granted cannot reach the page. Two queries in all:
    the rows, then when their lists were read.
    """
    forms = query_forms(query)
    if not forms:
        return Results([], more=False)
    match = Q()
    for form in forms:
        match |= Q(text__contains=form)
    rows = list(
        SearchEntry.objects.filter(match, account__in=visible_accounts(person).values("pk"))
        .select_related("account")
        # The index's own order, so the database stops at LIMIT + 1 matches instead of
        # sorting them all; the groups are put in name order below.
        .order_by("account_id", "text")[: LIMIT + 1]
    )
    more = len(rows) > LIMIT
    rows = rows[:LIMIT]
    groups: dict[int, Group] = {}
    for row in rows:
        group = groups.setdefault(row.account_id, Group(row.account))
        group.hits.append(
            Hit(
                row.kind,
                row.get_kind_display(),
                row.display_title,
                row.display_detail,
                _href(row.account, row),
            )
        )
    _freshness(groups, {(row.account_id, row.kind) for row in rows})
    for group in groups.values():
        group.hits.sort(key=lambda hit: (_KIND_ORDER.get(hit.kind, 99), hit.title.casefold()))
    ordered = sorted(groups.values(), key=lambda g: (g.account.name.casefold(), g.account.pk))
    return Results(ordered, more=more)


def _freshness(groups: dict[int, Group], shown: set[tuple[int, str]]) -> None:
    """Each group's ``read_at``: the oldest read of the lists its rows came from."""
    if not shown:
        return
    lists = IndexedList.objects.filter(
        account_id__in=list(groups), kind__in={kind for _, kind in shown}
    ).values_list("account_id", "kind", "read_at")
    for account_id, kind, read_at in lists:
        group = groups[account_id]
        if (account_id, kind) in shown and (group.read_at is None or read_at < group.read_at):
            group.read_at = read_at
