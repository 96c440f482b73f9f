"""What a page of the pending board costs: the panels' figures, the kinds' counts and the
pager's total come from one query, and its rows share their words and addresses without
mixing them up."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboard.accounts.models import CMAccount
from dashboard.tracker.statuses import Kind
from tests.dashboard.tracker.factories import item

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
