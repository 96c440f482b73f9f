"""The report on an uploaded file reads in the language of the person reading it (issue 18).

Only the file's rows are stored; the report (each row's notes: the import's own checks, the
name rule's and the content lint's words) is worked out on every view, in the reader's
language. So a file an English person uploaded reads in Dutch for a Dutch colleague, and for
the uploader after switching to Dutch; names and cells from the file are kept as given."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from dashboard.imports.models import ImportRun
from dashboard.people.models import User
from tests.dashboard.imports.conftest import Studio
from tests.dashboard.imports.files import csv_bytes
from tests.dashboard.security.faults import plain, text_of
from tests.dashboard_fixtures import logged_in

pytestmark = pytest.mark.django_db

# A name WhatsApp does not allow, a text that starts with a placeholder and hides a
# right-to-left mark, and a text that does not use its template's field.
ROWS = [
    ("Order Update", "UTILITY", "English (US)", "{{1}} is on its way.\u200f", "who:text:Ada"),
    ("order_shipped", "UTILITY", "English (US)", "Your order left the warehouse.", "who"),
]

ENGLISH = [
    "A template name may only contain lowercase letters, digits and underscores "
    "(for example 'order_update').",
    "The message may not start with a placeholder: put some text before it. — at character 1",
    "An invisible right-to-left mark (U+200F) is in the text.",
    "The field who ({{1}}) is not used in English (US).",
]
DUTCH = [
    "Een templatenaam mag alleen kleine letters, cijfers en liggende streepjes bevatten "
    "(bijvoorbeeld 'order_update').",
    "Het bericht mag niet met een plaatshouder beginnen: zet er wat tekst voor. — bij teken 1",
    "Er staat een onzichtbare rechts-naar-linksmarkering (U+200F) in de tekst.",
    # The file's field name and the language as CM.com names it are kept as given.
    "Het veld who ({{1}}) wordt niet gebruikt in English (US).",
]


def _uploaded_in_english(client: Client, studio: Studio) -> ImportRun:
    url = reverse("imports:start", args=[studio.account.account_id, studio.request_id])
    client.post(url, {"file": SimpleUploadedFile("orders.csv", csv_bytes(ROWS))})
    return ImportRun.objects.get()


def _report(client: Client, studio: Studio, run: ImportRun) -> str:
    url = reverse(
        "imports:report", args=[studio.account.account_id, studio.request_id, run.public_id]
    )
    return plain(text_of(client.get(url)))


def test_a_file_an_english_person_uploaded_reads_in_dutch_on_the_report_for_a_dutch_colleague(
    marketing_client: Client, admin_user: User, studio: Studio
) -> None:
    run = _uploaded_in_english(marketing_client, studio)
    assert all(sentence in _report(marketing_client, studio, run) for sentence in ENGLISH)
    admin_user.language = "nl"
    admin_user.save(update_fields=["language"])

    text = _report(logged_in(admin_user), studio, run)

    for sentence in DUTCH:
        assert sentence in text
    assert "Order Update · English (US)" in text  # the name as the file gives it
    for sentence in ENGLISH:
        assert sentence not in text


def test_the_uploader_reads_the_same_report_in_dutch_after_switching_to_dutch(
    marketing_client: Client, studio: Studio
) -> None:
    run = _uploaded_in_english(marketing_client, studio)
    assert all(sentence in _report(marketing_client, studio, run) for sentence in ENGLISH)

    switched = marketing_client.post(reverse("me:language_save"), {"language": "nl"})
    assert switched.status_code == 302
    text = _report(marketing_client, studio, run)

    for sentence in DUTCH:
        assert sentence in text
    for sentence in ENGLISH:
        assert sentence not in text
