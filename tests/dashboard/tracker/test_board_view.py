"""The pending board (/pending/ and /a/<uuid>/pending/): what each role sees, grouped by kind,
with age, expected date, overdue flag and each account's last successful poll; it makes no
upstream call and refreshes itself with htmx."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from dashboard.accounts.models import CMAccount
from dashboard.tracker import services
from dashboard.tracker.statuses import Kind
from tests.dashboard.tracker.factories import item, polled

BOARD = reverse("tracker:board")


def account_board(account: CMAccount) -> str:
    return reverse("tracker:account_board", args=[account.account_id])


def test_support_sees_the_pending_items_of_their_account_and_not_of_others(
    support_client: Client, account_a: CMAccount, account_b: CMAccount
) -> None:
    item(account_a, label="welcome_offer · Dutch")
    item(account_b, label="secret_launch · English (US)")

    page = support_client.get(BOARD).content.decode()

    assert "welcome_offer · Dutch" in page
    assert "secret_launch" not in page
    assert "Account B" not in page


def test_an_admin_sees_every_account_grouped_by_kind(
    admin_client: Client, account_a: CMAccount, account_b: CMAccount
) -> None:
    item(account_a, label="welcome_offer · Dutch")
    item(account_b, Kind.NUMBER_REQUEST, "pending", label="A Dutch mobile number (NL)")

    page = admin_client.get(BOARD).content.decode()

    assert "welcome_offer · Dutch" in page
    assert "A Dutch mobile number (NL)" in page
    assert page.index("WhatsApp templates") < page.index("Number requests")


def test_a_person_without_accounts_is_told_so(
    outsider_client: Client, account_a: CMAccount
) -> None:
    item(account_a, label="welcome_offer · Dutch")

    page = outsider_client.get(BOARD).content.decode()

    assert "You have no accounts yet." in page
    assert "welcome_offer" not in page


def test_the_account_board_shows_only_that_account(
    admin_client: Client, account_a: CMAccount, account_b: CMAccount
) -> None:
    item(account_a, label="welcome_offer · Dutch")
    item(account_b, label="secret_launch · English (US)")

    page = admin_client.get(account_board(account_b)).content.decode()

    assert "secret_launch" in page
    assert "welcome_offer" not in page


def test_an_account_not_granted_has_no_board(
    marketing_client: Client, account_b: CMAccount
) -> None:
    assert marketing_client.get(account_board(account_b)).status_code == 404


def test_overdue_items_are_flagged_and_customer_side_waits_are_not(
    support_client: Client, account_a: CMAccount
) -> None:
    item(account_a, label="late_template · Dutch", expected_in_days=-2)
    item(account_a, Kind.TEMPLATE, "draft", label="unsent_draft · Dutch", expected_in_days=None)

    page = support_client.get(account_board(account_a)).content.decode()

    late_row = page[page.index("late_template") :]
    assert "Overdue" in late_row[: late_row.index("</tr>")]
    draft_row = page[page.index("unsent_draft") :]
    draft_row = draft_row[: draft_row.index("</tr>")]
    assert "Waiting for you" in draft_row
    assert "Overdue" not in draft_row


def test_a_last_poll_older_than_two_intervals_stands_out(
    support_client: Client, account_a: CMAccount, settings: Any
) -> None:
    settings.POLL_INTERVAL = 60
    polled(account_a, minutes_ago=1)
    fresh = support_client.get(account_board(account_a)).content.decode()
    polled(account_a, minutes_ago=3)
    stale = support_client.get(account_board(account_a)).content.decode()

    assert "older than two poll intervals" not in fresh
    assert "older than two poll intervals" in stale
    assert "is-stale" in stale


def test_a_never_polled_account_says_so(support_client: Client, account_a: CMAccount) -> None:
    page = support_client.get(account_board(account_a)).content.decode()

    assert "Last successful poll:\n          never" in page


def test_a_broken_connection_shows_on_the_board(
    support_client: Client, account_a: CMAccount
) -> None:
    account_a.set_token("00000000-0000-4000-8000-000000000000")
    account_a.save()
    services.account_poll(account=account_a, run_key="manual:test")

    page = support_client.get(account_board(account_a)).content.decode()

    assert "Connection broken" in page
    assert "CM.com refused this account&#x27;s product token" in page


def test_each_row_carries_its_history(support_client: Client, account_a: CMAccount) -> None:
    tracked = item(account_a, Kind.TEMPLATE, "validation_requested", label="refund · Dutch")
    tracked.changes.create(
        from_status="draft", to_status="validation_requested", at=tracked.first_seen
    )

    page = support_client.get(account_board(account_a)).content.decode()

    assert "Draft → Validation requested" in page


def test_the_board_reads_no_upstream(
    support_client: Client, account_a: CMAccount, sandbox: Any
) -> None:
    item(account_a)
    sandbox.clear_log()

    assert support_client.get(BOARD).status_code == 200
    assert support_client.get(account_board(account_a)).status_code == 200
    assert sandbox.log() == []


def test_htmx_refreshes_only_the_board_which_refreshes_itself(
    support_client: Client, account_a: CMAccount
) -> None:
    item(account_a, label="welcome_offer · Dutch")

    fragment = support_client.get(BOARD, headers={"HX-Request": "true"}).content.decode()

    assert fragment.lstrip().startswith('<div id="board"')
    assert "<html" not in fragment
    assert 'hx-trigger="every 30s, tracker-changed from:body"' in fragment
    assert f'hx-get="{BOARD}"' in fragment
    assert "welcome_offer · Dutch" in fragment
