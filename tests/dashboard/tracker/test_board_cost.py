"""What a page of the pending board costs: the panels' figures, the kinds' counts and the
pager's total come from one query, the rows' histories from another, and its rows and panels
share their words and addresses without mixing them up."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.tracker.statuses import Kind
from tests.dashboard.tracker.factories import item
from tests.dashboard.tracker.history import waiting

BOARD = reverse("tracker:board")


def _item_counts(queries: CaptureQueriesContext) -> list[str]:
    """The queries that count tracked items (a panel's figures, a kind's, a pager's); not
    the bell's, which counts notifications."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"].upper()
        and 'FROM "tracker_trackeditem"' in q["sql"]
        and "notification" not in q["sql"]
    ]


@pytest.mark.parametrize("kind", ["", Kind.TEMPLATE])
def test_a_board_page_counts_its_items_for_panels_kinds_and_pager_in_one_query(
    support_client: Client, account_a: CMAccount, kind: str
) -> None:
    for i in range(55):
        item(account_a, label=f"template_{i:02d} · Dutch", requested_days_ago=100 - i)
    item(account_a, Kind.NUMBER_REQUEST, "pending", label="A Dutch mobile number (NL)")
    support_client.get(BOARD)  # the session and the bell, remembered

    with CaptureQueriesContext(connection) as queries:
        page = support_client.get(BOARD, {"kind": kind} if kind else {}).content.decode()

    total = 55 if kind else 56
    assert f"Items 1\u201350 of {total}" in page
    assert "WhatsApp templates" in page
    # The account's panel counts every kind, whatever the filter.
    assert '56 pending<span class="visually-hidden"> in Account A' in page
    assert len(_item_counts(queries)) == 1, _item_counts(queries)


def test_every_row_of_a_board_leads_to_its_own_item_in_its_own_account(
    admin_client: Client, account_a: CMAccount, account_b: CMAccount
) -> None:
    rows = [
        item(account_a, label="welcome_offer · Dutch"),
        item(account_b, label="order_update · German"),
        item(account_a, label="reminder · Dutch"),
    ]

    page = admin_client.get(BOARD).content.decode()

    for row in rows:
        link = reverse("tracker:item", args=[row.account.account_id, row.pk])
        assert f'<a href="{link}">{row.label}</a>' in page


def test_a_board_read_in_dutch_words_every_row_in_dutch(
    client: Client, support_user: Any, account_a: CMAccount
) -> None:
    support_user.language = "nl"
    support_user.save()
    client.force_login(support_user)
    for i in range(3):
        item(account_a, label=f"template_{i} · Dutch", expected_in_days=-2)

    page = client.get(BOARD).content.decode()

    assert page.count("Te laat") == 3
    assert "Overdue" not in page


def _rows(page: str) -> dict[str, str]:
    """Each row of the board's tables by the label it links."""
    rows = re.findall(r"<tr[ >].*?</tr>", page, flags=re.DOTALL)
    return {
        found[1]: row
        for row in rows
        if (found := re.search(r'<a href="/a/[^"]+/tracked/\d+/">([^<]+)</a>', row))
    }


def test_every_row_shows_its_own_history_from_one_query_however_many_rows_wait(
    support_client: Client, account_a: CMAccount
) -> None:
    now = timezone.now()
    for i in range(12):
        tracked = waiting(
            account_a, since=now - timedelta(days=3 + i), label=f"offer_{i:02d} · Dutch"
        )
        tracked.changes.create(from_status="draft", to_status="pending", at=now - timedelta(days=i))
        tracked.changes.create(
            from_status="pending",
            to_status="pending",
            at=now - timedelta(hours=i),
            detail=f"step {i}",
        )
    support_client.get(BOARD)  # the session and the bell, remembered

    with CaptureQueriesContext(connection) as queries:
        page = support_client.get(BOARD).content.decode()

    reads = [
        q["sql"] for q in queries.captured_queries if 'FROM "tracker_statuschange"' in q["sql"]
    ]
    assert len(reads) == 1, reads
    rows = _rows(page)
    for i in range(12):
        row = rows[f"offer_{i:02d} · Dutch"]
        assert "2 changes" in row
        assert f"(step {i})" in row
        assert row.index(f"(step {i})") < row.index("Draft")  # newest first
        assert all(f"(step {other})" not in row for other in range(12) if other != i)


def test_each_row_says_its_own_age_however_many_share_their_words(
    support_client: Client, account_a: CMAccount
) -> None:
    ages = {2: "2\xa0days, 6\xa0hours", 3: "3\xa0days, 6\xa0hours", 9: "1\xa0week, 2\xa0days"}
    for days in ages:
        item(account_a, label=f"offer_{days} · Dutch", requested_days_ago=days + 0.25)

    rows = _rows(support_client.get(BOARD).content.decode())

    for days, age in ages.items():
        assert f"<td>{age}" in rows[f"offer_{days} · Dutch"]


def test_every_panel_of_an_admins_board_leads_to_its_own_account(
    admin_client: Client, account_a: CMAccount, account_b: CMAccount
) -> None:
    item(account_a, label="welcome_offer · Dutch")
    item(account_b, label="order_update · German")
    item(account_b, label="reminder · German")

    page = admin_client.get(BOARD).content.decode()

    for account, pending in ((account_a, 1), (account_b, 2)):
        panel = re.search(rf'<li id="poll-{account.account_id}".*?</li>', page, flags=re.DOTALL)
        assert panel is not None
        board = reverse("tracker:account_board", args=[account.account_id])
        poll = reverse("tracker:poll_now", args=[account.account_id])
        assert f'<a href="{board}" class="count-link">{pending} pending' in panel[0]
        assert f'<form method="post" action="{poll}" hx-post="{poll}"' in panel[0]
        assert f'Poll now<span class="visually-hidden"> {account.name}</span>' in panel[0]
