"""The keywords CSV export: the filters shown, every page walked with a bounded page size."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import urljoin

from dashboard.numbers import selectors
from tests.dashboard.numbers.helpers import calls, url


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_the_export_has_the_filters_shown(marketing_client, account_a, sandbox):
    response = marketing_client.get(url("keywords_export", account_a), {"number": "3010"})
    assert response["Content-Disposition"].startswith('attachment; filename="keywords-')
    header, *rows = _rows(response)
    assert header == [
        "Keyword claim id",
        "Keyword",
        "Phone number",
        "Phone number id",
        "Country",
        "Currency",
        "Start-up cost",
        "Monthly cost",
        "Notice period (days)",
        "Claimed on (UTC)",
    ]
    assert sorted(row[1] for row in rows) == ["INFO", "TULIP", "WIN"]
    assert {row[2] for row in rows} == {"3010"}
    assert {row[6] for row in rows} == {"50"}
    assert all(row[9].endswith("Z") for row in rows)
    (call,) = calls(sandbox, "GET", "/keywords")
    assert call["params"]["phoneNumber"] == ["3010"]


def test_the_export_walks_every_page(marketing_client, account_a, sandbox, monkeypatch):
    monkeypatch.setattr(selectors, "EXPORT_PAGE_SIZE", 5)
    _, *rows = _rows(marketing_client.get(url("keywords_export", account_a)))
    assert len(rows) == 12
    asked = [c["params"]["skip"] for c in calls(sandbox, "GET", "/keywords")]
    assert asked == [["0"], ["5"], ["10"]]


def test_the_list_links_to_the_export_with_its_filters(marketing_client, account_a):
    page = marketing_client.get(
        url("keywords", account_a), {"keyword": "win", "page": "1"}
    ).content.decode()
    # Relative to the list, as a browser resolves it.
    (href,) = re.findall(r'href="([^"]*export[^"]*)"', page)
    assert urljoin(url("keywords", account_a), href) == (
        f"{url('keywords_export', account_a)}?keyword=win"
    )
