"""The pending board (/pending/ and /a/<uuid>/pending/): what each role sees, grouped by kind,
with age, expected date, overdue flag and each account's last successful poll; it makes no
upstream call and refreshes itself with htmx."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dashboard.accounts.models import CMAccount
from dashboard.core.templatetags.freshness import fresh
from dashboard.tracker import services
from dashboard.tracker.statuses import Kind
from tests.dashboard.tracker.factories import item, polled

BOARD = reverse("tracker:board")


def check_url(html: str) -> str:
    """Where the board's periodic check asks, as htmx reads it from the page."""
    found = re.search(r'id="board-freshness" hidden hx-get="([^"]+)"', html)
    assert found is not None, "no periodic check on the board"
    return unescape(found[1])


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

    assert f'Last successful poll: <span id="last-poll-{account_a.account_id}">never</span>' in page


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


def test_htmx_refreshes_only_the_board_which_checks_every_30s_whether_to_reload(
    support_client: Client, account_a: CMAccount
) -> None:
    item(account_a, label="welcome_offer · Dutch")

    fragment = support_client.get(BOARD, headers={"HX-Request": "true"}).content.decode()

    assert fragment.lstrip().startswith('<div id="board"')
    assert "<html" not in fragment
    assert 'hx-trigger="tracker-changed from:body"' in fragment
    assert f'hx-get="{BOARD}"' in fragment
    assert check_url(fragment).startswith(f"{BOARD}?fresh=")
    assert 'hx-trigger="every 30s"' in fragment
    assert "welcome_offer · Dutch" in fragment


def test_the_board_shows_fifty_rows_a_page_and_its_pager_keeps_the_kind_filter(
    support_client: Client, account_a: CMAccount
) -> None:
    for i in range(60):
        item(account_a, label=f"template_{i:02d} · Dutch", requested_days_ago=100 - i)
    item(account_a, Kind.NUMBER_REQUEST, "pending", label="A Dutch mobile number (NL)")

    first = support_client.get(BOARD, {"kind": Kind.TEMPLATE}).content.decode()
    second = support_client.get(BOARD, {"kind": Kind.TEMPLATE, "page": "2"}).content.decode()

    assert "template_00 · Dutch" in first
    assert "template_49 · Dutch" in first
    assert "template_50" not in first
    assert "A Dutch mobile number" not in first
    # The count is a link to the board of that kind.
    assert (
        f'WhatsApp templates <small>(<a href="{BOARD}?kind=template" class="count-link">60 pending'
        in first
    )
    assert f'href="{BOARD}?kind=template&amp;page=2"' in first
    assert "Items 1\u201350 of 60" in first
    assert "template_50 · Dutch" in second
    assert "template_49" not in second
    assert f'href="{BOARD}?kind=template&amp;page=1"' in second
    assert '<option value="template" selected>' in second


def test_the_periodic_check_is_a_fraction_of_the_board_and_reloads_nothing_unchanged(
    support_client: Client, account_a: CMAccount
) -> None:
    for i in range(50):
        item(account_a, label=f"template_{i:02d} · Dutch")
    page = support_client.get(account_board(account_a)).content.decode()

    check = support_client.get(check_url(page), headers={"HX-Request": "true"})

    answer = check.content.decode()
    assert check.status_code == 200
    assert "template_00" not in answer
    assert 'hx-trigger="load"' not in answer
    assert check_url(answer) == check_url(page)
    assert len(check.content) * 5 <= len(page.encode())


def test_the_board_reloads_itself_when_the_poller_records_a_change(
    support_client: Client, account_a: CMAccount, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    board = support_client.get(account_board(account_a), headers={"HX-Request": "true"})
    assert "loyalty_points · English (US)" in board.content.decode()
    sandbox.advance(120)  # everything pending at CM.com is done
    services.account_poll(account=account_a, run_key="manual:2")

    check = support_client.get(check_url(board.content.decode()), headers={"HX-Request": "true"})

    answer = check.content.decode()
    # A "load" request: htmx sends it at once, with no triggering event (so, in the
    # background), and swaps the whole board.
    assert 'hx-trigger="load"' in answer
    assert 'hx-target="#board"' in answer
    reload = re.search(r'hx-get="([^"]+)" hx-trigger="load"', answer)
    assert reload is not None
    again = support_client.get(unescape(reload[1]), headers={"HX-Request": "true"})
    assert "loyalty_points" not in again.content.decode()  # rejected: no longer pending


def test_a_poll_that_changed_nothing_sends_only_the_new_poll_time(
    support_client: Client, account_a: CMAccount, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    board = support_client.get(account_board(account_a), headers={"HX-Request": "true"})
    polled(account_a, minutes_ago=-1)  # as a poll a minute later that found nothing new

    check = support_client.get(check_url(board.content.decode()), headers={"HX-Request": "true"})

    answer = check.content.decode()
    assert 'hx-trigger="load"' not in answer
    assert f'<span id="last-poll-{account_a.account_id}" hx-swap-oob="true">' in answer
    assert "<tr" not in answer


def test_an_unknown_kind_in_the_address_shows_every_kind(
    support_client: Client, account_a: CMAccount
) -> None:
    item(account_a, label="welcome_offer · Dutch")
    item(account_a, Kind.NUMBER_REQUEST, "pending", label="A Dutch mobile number (NL)")

    response = support_client.get(account_board(account_a), {"kind": "nonsense"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "welcome_offer · Dutch" in page
    assert "A Dutch mobile number (NL)" in page
    assert "selected" not in page[page.index('id="board-kind"') : page.index("</select>")]


@pytest.mark.usefixtures("still_clock")
def test_each_row_says_when_it_was_checked_and_leads_to_its_check_now(
    support_client: Client, account_a: CMAccount
) -> None:
    row = item(account_a, label="welcome_offer · Dutch")

    page = support_client.get(BOARD).content.decode()

    link = reverse("tracker:item", args=[account_a.account_id, row.pk])
    assert f'<a href="{link}">welcome_offer · Dutch</a>' in page
    assert fresh(row.last_seen, "checked") in page
    assert "Check now" in support_client.get(link).content.decode()
