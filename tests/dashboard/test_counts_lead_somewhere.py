"""Counts lead somewhere: each number on the overview and on the pending board is a link to
the list filtered to exactly those items. Each test follows every count's link (and the
list's pages after it) on the sandbox's demo account and counts the rows it shows."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import pytest

from dashboard.channels import selectors as channel_selectors
from dashboard.tracker import services

COUNT_LINK = re.compile(r'<a href="([^"]+)" class="count-link">(.*?)</a>', re.S)
# A table of counts marks its body once rather than each of its links.
COUNTS_BODY = re.compile(r'<tbody class="counts">(.*?)</tbody>', re.S)
LINK = re.compile(r'<a href="([^"]+)">(.*?)</a>', re.S)
NEXT_PAGE = re.compile(r'<a href="([^"]+)"[^>]*>(?:Next page|Later)</a>')
TBODY = re.compile(r"<tbody[^>]*>(.*?)</tbody>", re.S)
TAG = re.compile(r"<[^>]+>")


def counts_on(body: str, base: str) -> list[tuple[str, int, str]]:
    """(absolute link, the number shown, the link's words) of every count on a page."""
    found = []
    links = COUNT_LINK.findall(body)
    for table in COUNTS_BODY.findall(body):
        links += LINK.findall(table)
    for href, inner in links:
        words = " ".join(TAG.sub(" ", inner).split())
        number = int(re.search(r"\d+", words).group())  # type: ignore[union-attr]
        found.append((urljoin(base, html.unescape(href)), number, words))
    return found


# The channels page pages each category on its own: "Next <category>" per table.
CATEGORY_NEXT = re.compile(r'<a href="([^"]+#(group-[^"]+))"[^>]*>Next ')


def rows_in(body: str) -> int:
    return sum(
        sum(1 for row in tbody.split("<tr")[1:] if "colspan" not in row)
        for tbody in TBODY.findall(body)
    )


def category_rows_after(client, url: str, body: str) -> int:
    """The rows of each category's later pages (each category followed on its own)."""
    total = 0
    for href, dom_id in CATEGORY_NEXT.findall(body):
        link = urljoin(url, html.unescape(href))
        for _ in range(50):
            page = client.get(link).content.decode()
            part = page[page.index(f'id="{dom_id}"') :]
            part = part[: part.index("</nav>") if "</nav>" in part else len(part)]
            total += rows_in(part)
            more = [h for h, d in CATEGORY_NEXT.findall(part) if d == dom_id]
            if not more:
                break
            link = urljoin(link, html.unescape(more[0]))
    return total


def rows_behind(client, url: str) -> int:
    """The rows the list at ``url`` shows, on its every page."""
    total = 0
    for _ in range(50):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        total += rows_in(body) + category_rows_after(client, url, body)
        following = NEXT_PAGE.search(body)
        if following is None:
            return total
        url = urljoin(url, html.unescape(following.group(1)))
    raise AssertionError(f"{url}: more than 50 pages")


def test_every_count_on_the_overview_links_to_a_list_of_exactly_that_many(
    support_client, account_a
):
    # The requests and templates are counted from what the poller stored: poll first.
    services.account_poll(account=account_a, run_key="manual:overview")
    url = f"/a/{account_a.account_id}/"
    counts = counts_on(support_client.get(url).content.decode(), url)
    words = [text for _, _, text in counts]
    # Templates by status (every status, zeros too) and in all; requests pending, in all, active.
    assert any("active templates" in text for text in words), words
    assert any("active SMS · Keywords" in text for text in words), words
    assert any("rejected templates" in text for text in words), words
    assert any("pending" in text for text in words), words
    assert len(counts) >= 10, words
    for link, number, text in counts:
        assert rows_behind(support_client, link) == number, f"{text}: {link}"


def test_every_count_on_the_pending_board_links_to_a_board_of_exactly_that_many(
    support_client, account_a
):
    services.account_poll(account=account_a, run_key="manual:1")
    for url in ("/pending/", f"/a/{account_a.account_id}/pending/"):
        counts = counts_on(support_client.get(url).content.decode(), url)
        words = [text for _, _, text in counts]
        assert any("channel requests" in text for text in words), words
        assert any("whatsapp templates" in text for text in words), words
        for link, number, text in counts:
            assert rows_behind(support_client, link) == number, f"{url} {text}: {link}"
    # The account's count, on the board of every account, leads to that account's board.
    panel = [c for c in counts_on(support_client.get("/pending/").content.decode(), "/pending/")]
    assert any(link.endswith(f"/a/{account_a.account_id}/pending/") for link, _, _ in panel)


def test_a_count_of_requests_by_status_that_is_not_one_says_so_at_the_field(
    support_client, account_a
):
    response = support_client.get(f"/a/{account_a.account_id}/requests/?status=lost")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose a status from the list: lost is not a status of a channel request." in body


def test_a_channel_state_that_is_not_one_says_so_and_shows_every_channel(support_client, account_a):
    body = support_client.get(f"/a/{account_a.account_id}/channels/?state=lost").content.decode()
    assert "“lost” is neither, so every channel is shown." in body


@pytest.mark.parametrize(
    ("query", "english", "dutch"),
    [
        ("state=live", "Showing only active channels.", "Alleen actieve kanalen getoond."),
        ("state=pending", "Showing only pending channels.", "Alleen lopende kanalen getoond."),
    ],
)
def test_a_channel_state_filter_says_which_channels_in_the_readers_language(
    support_client, support_user, account_a, query, english, dutch
):
    url = f"/a/{account_a.account_id}/channels/?{query}"
    assert english in support_client.get(url).content.decode()
    support_user.language = "nl"
    support_user.save(update_fields=["language"])
    body = support_client.get(url).content.decode()
    assert dutch in body
    assert "live" not in body.split('class="filter-note">')[1].split("<a ")[0]


def test_requests_of_one_status_are_read_upstream_a_page_at_a_time(
    support_client, account_a, sandbox, monkeypatch
):
    monkeypatch.setattr(channel_selectors, "MAX_PAGE_SIZE", 3)
    monkeypatch.setattr(channel_selectors, "PAGE_SIZE", 1)
    url = f"/a/{account_a.account_id}/requests/?status=pending"
    first = support_client.get(url).content.decode()
    second = support_client.get(f"{url}&page=2").content.decode()
    assert rows_in(first) == 1
    assert "status=pending&amp;page=2" in first  # a next page, of the same status
    assert rows_in(second) == 1
    assert "Next page" not in second
    reads = [
        (entry["params"].get("skip"), entry["params"].get("take"))
        for entry in sandbox.log()
        if entry["method"] == "GET" and entry["path"].endswith("/requests")
    ]
    # Never the whole list at once: pages of three, from the start, as far as needed.
    assert reads
    assert all(take == ["3"] for _, take in reads)
    assert reads[0][0] == ["0"]
