"""Search results are shown in the reader's language (issue 18): the poller fills the index in
English, in Celery, keeping CM.com's names and the key of the words the dashboard adds round
them, so a Dutch person reads "WhatsApp-kanaalaanvraag · In behandeling" and "op +31…", and
finds a channel request by its type's name or its title in either language. Rows indexed
before the words had parts show the words they were indexed with."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from dashboard.accounts.models import CMAccount
from dashboard.people.models import User
from dashboard.search.models import EntryKind, SearchEntry
from dashboard.tracker import services as tracker
from tests.dashboard_fixtures import logged_in

pytestmark = pytest.mark.django_db

OLD_ID = "0b5e4c1a-7d2f-4e3b-9a61-5c8d2e7f1a30"


@pytest.fixture
def polled_in_english(account_a: CMAccount, sandbox: Any) -> Any:
    """Account A polled once, as the Celery worker does it: in English."""
    with translation.override("en"):
        tracker.account_poll(account=account_a, run_key="manual:1")
    return sandbox


@pytest.fixture
def dutch_client(support_user: User) -> Client:
    """Sam, who reads the dashboard in Dutch (and may see account A)."""
    support_user.language = "nl"
    support_user.save(update_fields=["language"])
    return logged_in(support_user)


def results(client: Client, q: str) -> list[str]:
    """The results' rows as text: the title and the detail."""
    page = client.get("/search/", {"q": q}).content.decode()
    rows = re.findall(r'<li><span class="badge">.*?</li>', page, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def test_a_dutch_reader_sees_channel_requests_titled_and_described_in_dutch(
    polled_in_english: Any, dutch_client: Client
) -> None:
    found = results(dutch_client, "whatsapp")

    requests = [row for row in found if "kanaalaanvraag" in row]
    assert requests, found
    assert all("WhatsApp-kanaalaanvraag" in row for row in requests)
    assert any("aangevraagd op" in row for row in requests)
    assert not any("channel request" in row or "requested" in row for row in found)


def test_an_english_reader_sees_the_same_requests_in_english(
    polled_in_english: Any, support_client: Client
) -> None:
    found = results(support_client, "whatsapp")

    assert any("WhatsApp channel request" in row and "requested" in row for row in found)


def test_a_channel_request_is_found_by_its_type_and_by_its_title_in_either_language(
    polled_in_english: Any, dutch_client: Client
) -> None:
    by_type = [row for row in results(dutch_client, "whatsapp") if "kanaalaanvraag" in row]

    assert by_type
    assert results(dutch_client, "whatsapp kanaalaanvraag") == by_type
    assert results(dutch_client, "whatsapp channel request") == by_type


def test_a_dutch_reader_sees_the_number_a_keyword_is_on_in_dutch(
    polled_in_english: Any, dutch_client: Client
) -> None:
    claim = SearchEntry.objects.get(kind=EntryKind.KEYWORD, title="SUSHI")
    number = claim.parts["number"]

    assert results(dutch_client, "sushi") == [f"Trefwoord SUSHI op {number}"]


def test_a_row_indexed_before_the_words_had_parts_shows_the_words_it_was_indexed_with(
    account_a: CMAccount, dutch_client: Client
) -> None:
    SearchEntry.objects.create(
        account=account_a,
        kind=EntryKind.CHANNEL_REQUEST,
        upstream_id=OLD_ID,
        title="Viber channel request",
        detail="Pending · requested 05 Dec 2026 (UTC)",
        text="viber channel request",
        params={"channel_request_id": OLD_ID},
    )

    assert results(dutch_client, "viber") == [
        "Kanaalaanvraag Viber channel request Pending · requested 05 Dec 2026 (UTC)"
    ]


def test_the_overview_lists_a_dutch_readers_pending_channel_requests_in_dutch(
    account_a: CMAccount, polled_in_english: Any, dutch_client: Client
) -> None:
    """The overview's pending requests come from the same rows of the index."""
    assert SearchEntry.objects.filter(account=account_a, status="pending").exists()

    text = dutch_client.get(f"/a/{account_a.account_id}/").content.decode()

    assert "-kanaalaanvraag" in text
    assert "In behandeling · aangevraagd op" in text
    assert "channel request" not in text
