"""The approval-time page (/a/<uuid>/approval-times/), its CSV exports, and the pending
board's "waited longer than usual" flag and "data read" line. History is built relative to
the clock the code reads, durations by hand."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from dashboard.accounts.models import CMAccount
from dashboard.tracker.statuses import Kind
from tests.dashboard.tracker.factories import item, polled
from tests.dashboard.tracker.history import request, template, waiting

H = timedelta(hours=1)
D = timedelta(days=1)


def page_url(account: CMAccount, query: str = "") -> str:
    url = reverse("tracker:approval_times", args=[account.account_id])
    return f"{url}?{query}" if query else url


def export_url(account: CMAccount, query: str) -> str:
    return f"{reverse('tracker:approval_times_export', args=[account.account_id])}?{query}"


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def history(account: CMAccount) -> None:
    now = timezone.now()
    for took in (2 * H, 4 * H, 9 * H):
        template(account, ended=now - 3 * D, took=took)
    template(account, ended=now - 3 * D, took=2 * D, outcome="rejected")
    waiting(account, since=now - H)
    request(account, Kind.NUMBER_REQUEST, ended=now - 2 * D, took=3 * D, label="Mobile (NL)")


def row_of(page: str, header: str) -> str:
    start = page.index(f'<th scope="row">{header}</th>')
    return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]


def cells(row: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>.*?</t[dh]>", row)]


def test_the_table_shows_count_median_and_90th_percentile_per_group(
    support_client: Client, account_a: CMAccount
) -> None:
    history(account_a)

    page = support_client.get(page_url(account_a)).content.decode()

    assert cells(row_of(page, "Utility · English (US)")) == [
        "WhatsApp templates",
        "Utility · English (US)",
        "3",
        "4 h",
        "9 h",
        "1",
        "2 d",
        "2 d",
        "1",
    ]
    assert cells(row_of(page, "Mobile (NL)"))[2:] == ["1", "3 d", "3 d", "—", "—", "—", "0"]
    assert cells(row_of(page, "1 to 6 h")) == ["1 to 6 h", "2"]
    assert cells(row_of(page, "6 to 24 h")) == ["6 to 24 h", "1"]
    assert "3 template languages approved: median 4 h, 90th percentile 9 h." in page


def test_both_charts_are_images_with_a_summary_for_screen_readers(
    marketing_client: Client, account_a: CMAccount
) -> None:
    history(account_a)

    page = marketing_client.get(page_url(account_a)).content.decode()

    assert page.count('role="img"') == 2
    assert (
        'aria-label="Bar chart of 3 template approvals by time taken: under 1 h: 0; '
        "1 to 6 h: 2; 6 to 24 h: 1;" in page
    )
    assert page.count('class="chart-bar"') == 7
    assert 'class="chart-point"' in page
    assert "style=" not in page  # the CSP allows no inline style


def test_the_groups_csv_streams_the_rows_of_the_table(
    admin_client: Client, account_a: CMAccount
) -> None:
    history(account_a)

    response = admin_client.get(export_url(account_a, "table=groups&period=30"))

    assert response["Content-Type"].startswith("text/csv")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="approval-times-account-a-groups-30d-')
    rows = csv_rows(response)
    assert rows[0][:3] == ["Kind", "Group", "Approved or fulfilled"]
    templates = ["3", "4.00", "9.00", "1", "48.00", "48.00", "1"]
    numbers = ["1", "72.00", "72.00", "", "", "", "0"]
    assert rows[1:] == [
        ["WhatsApp templates", "Utility · English (US)", *templates],
        ["Number requests", "Mobile (NL)", *numbers],
        ["WhatsApp templates", "All", *templates],
        ["Number requests", "All", *numbers],
    ]
    token = account_a.token.reveal()
    assert token not in disposition
    assert token not in "".join(",".join(row) for row in rows)


def test_the_distribution_csv_has_the_bars_of_the_chart(
    support_client: Client, account_a: CMAccount
) -> None:
    history(account_a)

    rows = csv_rows(support_client.get(export_url(account_a, "table=distribution")))

    assert rows == [
        ["Approval time", "Template languages approved"],
        ["under 1 h", "0"],
        ["1 to 6 h", "2"],
        ["6 to 24 h", "1"],
        ["1 to 2 d", "0"],
        ["2 to 3 d", "0"],
        ["3 to 7 d", "0"],
        ["7 d or more", "0"],
    ]


def test_an_unknown_table_is_refused_in_words(support_client: Client, account_a: CMAccount) -> None:
    response = support_client.get(export_url(account_a, "table=secrets"))
    assert response.status_code == 400
    assert b"Unknown table: choose groups, distribution or weekly." in response.content


def test_the_period_is_chosen_and_a_bad_one_says_so_and_keeps_90_days(
    support_client: Client, account_a: CMAccount
) -> None:
    now = timezone.now()
    template(account_a, ended=now - 100 * D, took=5 * H)

    year = support_client.get(page_url(account_a, "period=365")).content.decode()
    bad = support_client.get(page_url(account_a, "period=7")).content.decode()

    assert '<option value="365" selected>Last 365 days</option>' in year
    assert cells(row_of(year, "Utility · English (US)"))[2] == "1"
    assert "“7” is not a period this page offers: choose 30, 90 or 365 days." in bad
    assert "Showing the last 90 days." in bad
    assert '<option value="90" selected>Last 90 days</option>' in bad
    assert "Nothing finished or waiting in this period." in bad


def test_everyone_granted_may_read_the_page_and_others_get_404(
    admin_client: Client,
    support_client: Client,
    marketing_client: Client,
    outsider_client: Client,
    account_a: CMAccount,
    account_b: CMAccount,
) -> None:
    for client in (admin_client, support_client, marketing_client):
        assert client.get(page_url(account_a)).status_code == 200
    assert outsider_client.get(page_url(account_a)).status_code == 404
    assert outsider_client.get(export_url(account_a, "table=groups")).status_code == 404
    assert support_client.get(page_url(account_b)).status_code == 404


def test_the_page_is_in_the_account_menu_and_linked_from_the_board(
    support_client: Client, account_a: CMAccount
) -> None:
    board = support_client.get(
        reverse("tracker:account_board", args=[account_a.account_id])
    ).content.decode()
    assert f'<a href="{page_url(account_a)}">Approval times</a>' in board
    assert board.count(f'href="{page_url(account_a)}"') >= 2  # the menu and the page's links


def test_the_board_flags_a_template_that_waited_longer_than_90_percent_of_its_group(
    support_client: Client, account_a: CMAccount
) -> None:
    now = timezone.now()
    for took in range(1, 11):  # p90 of 1 to 10 hours: 9 hours
        template(account_a, ended=now - 5 * D, took=took * H)
    waiting(account_a, since=now - 12 * H, label="slow_offer · English (US)")
    waiting(account_a, since=now - 2 * H, label="quick_offer · English (US)")
    item(account_a, label="late_template · Dutch", expected_in_days=-1)

    page = support_client.get(
        reverse("tracker:account_board", args=[account_a.account_id])
    ).content.decode()

    slow = page[page.index("slow_offer") :]
    slow = slow[: slow.index("</tr>")]
    assert (
        "Flagged: waited longer than 90% of this account&#x27;s approved Utility templates "
        "in English (US) (p90 9 h)" in slow
    )
    quick = page[page.index("quick_offer") :]
    assert "Flagged" not in quick[: quick.index("</tr>")]
    late = page[page.index("late_template") :]
    late = late[: late.index("</tr>")]
    assert "Flagged: past its expected date" in late
    assert "waited longer than" not in late  # no history of Dutch, or of enough templates


def test_the_board_says_when_its_data_was_read(
    support_client: Client, account_a: CMAccount
) -> None:
    url = reverse("tracker:account_board", args=[account_a.account_id])
    never = support_client.get(url).content.decode()
    health = polled(account_a, minutes_ago=5)
    read = support_client.get(url).content.decode()

    assert "Data read from CM.com: not yet (no successful poll)." in never
    shown = date_format(timezone.localtime(health.last_success_at), "j M Y H:i")
    assert "Data read from CM.com at <time datetime=" in read
    assert f">{shown}</time>" in read
    assert "the last successful poll." in read


def test_a_group_name_a_spreadsheet_would_run_is_exported_as_text(
    support_client: Client, account_a: CMAccount
) -> None:
    now = timezone.now()
    request(account_a, Kind.NUMBER_REQUEST, ended=now - D, took=H, label="=HYPERLINK(1)")

    rows = csv_rows(support_client.get(export_url(account_a, "table=groups")))

    assert rows[1][:3] == ["Number requests", "'=HYPERLINK(1)", "1"]
