"""The import's pages against the sandbox: upload, report, import, request validation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dashboard.audit.models import AuditEntry
from dashboard.imports.models import ImportItem, ImportRun, ItemState, SubmitState
from dashboard.reviews.models import Review, ReviewPolicy
from dashboard.studio.models import TemplateDraft
from tests.dashboard.imports.conftest import Studio
from tests.dashboard.imports.files import csv_bytes, good_rows, xlsx_bytes, zip_bomb


def _start_url(studio: Studio) -> str:
    return reverse("imports:start", args=[studio.account.account_id, studio.request_id])


def _upload(client: Any, studio: Studio, name: str, data: bytes, htmx: bool = False) -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        _start_url(studio), {"file": SimpleUploadedFile(name, data)}, headers=headers
    )


def _run_url(name: str, studio: Studio, run: ImportRun) -> str:
    return reverse(
        f"imports:{name}", args=[studio.account.account_id, studio.request_id, run.public_id]
    )


def _writes(studio: Studio) -> list[tuple[str, str]]:
    return [call for call in studio.calls() if call[0] != "GET"]


def _created(studio: Studio) -> list[str]:
    """Paths of every template create sent to CM.com."""
    return [path for method, path in studio.calls("POST") if path == studio.template_path()]


MIXED = [
    ("import_ok", "UTILITY", "English (US)", "Hello {{1}}, welcome.", "customer_name:text:Ada"),
    ("import_ok", "UTILITY", "nl", "Hallo {{1}}, welkom.", ""),
    ("import_draft", "MARKETING", "English (US)", "{{1}} starts with a placeholder.", "who"),
    ("import_bad_category", "NOT_A_CATEGORY", "English (US)", "Hello there.", ""),
    ("import_bad_language", "UTILITY", "Klingon", "Hello there.", ""),
    ("import_ok", "UTILITY", "English (US)", "Twice the same language.", ""),
    ("survey_request", "UTILITY", "English (US)", "The name is taken on CM.com.", ""),
    ("import_not_active", "UTILITY", "Italian", "Ciao.", ""),
]


def test_the_start_page_documents_the_layout_and_names_the_accounts_categories_and_languages(
    marketing_client, studio
):
    page = marketing_client.get(_start_url(studio)).content.decode()
    for column in ("name", "category", "language", "content", "fields"):
        assert f"<code>{column}</code>" in page
    assert "SHIPPING_UPDATE" in page
    assert "Dutch (<code>nl</code>)" in page
    assert "Download a sample CSV" in page


def test_the_sample_file_is_a_csv_in_the_layout_that_the_import_reads_without_problems(
    marketing_client, studio
):
    sample = marketing_client.get(reverse("imports:sample", args=[studio.account.account_id]))
    assert sample["Content-Type"].startswith("text/csv")
    assert "attachment" in sample["Content-Disposition"]
    response = _upload(marketing_client, studio, "sample.csv", sample.content)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _run_url("report", studio, run)
    page = marketing_client.get(response["Location"]).content.decode()
    assert "No problems in any row." in page
    assert "2 templates can be imported" in page


def test_the_report_shows_each_problem_at_its_row_and_column_and_sends_nothing(
    marketing_client, studio
):
    _upload(marketing_client, studio, "mixed.csv", csv_bytes(MIXED))
    run = ImportRun.objects.get()
    page = marketing_client.get(_run_url("report", studio, run)).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "4 The message may not start with a placeholder" not in text  # a cell, not a row
    assert re.search(r"4 import_draft · English \(US\) D \(content\) Content error", text)
    assert re.search(r"5 import_bad_category · English \(US\) B \(category\) Blocks import", text)
    assert "CM.com has no category NOT_A_CATEGORY" in text
    assert re.search(r"6 import_bad_language · Klingon C \(language\) Blocks import", text)
    assert "Klingon is not a language WhatsApp supports" in text
    assert "Row 2 already gives English (US) of import_ok" in text
    assert "CM.com already has a template named survey_request" in text
    assert "Italian is not active for this WhatsApp business account" in text
    assert "at character 1 ({{1}})" in text
    assert "import_ok 2, 3, 7 English (US), Dutch Cannot be imported: fix row 7 " in text
    assert _writes(studio) == []
    selectable = set(re.findall(r'name="item" value="(\d+)"', page))
    names = {str(item.pk): item.name for item in run.items.all()}
    # import_ok is blocked by its repeated language; the draft with content lint is not.
    assert {names[pk] for pk in selectable} == {"import_draft"}


def test_importing_creates_exactly_the_chosen_templates_as_drafts_with_fields_and_texts(
    marketing_client, studio
):
    rows = [*good_rows(3), MIXED[2]]
    _upload(marketing_client, studio, "four.csv", csv_bytes(rows))
    run = ImportRun.objects.get()
    chosen = list(run.items.filter(name__in=["imported_001", "imported_003", "import_draft"]))
    studio.sandbox.clear_log()
    response = marketing_client.post(
        _run_url("run", studio, run), {"item": [item.pk for item in chosen]}
    )
    assert response.status_code == 302
    assert len(_created(studio)) == 3
    states = dict(run.items.values_list("name", "state"))
    assert states == {
        "imported_001": ItemState.CREATED,
        "imported_002": ItemState.NEW,
        "imported_003": ItemState.CREATED,
        "import_draft": ItemState.CREATED,
    }
    made = studio.get(run.items.get(name="imported_003").template_id)
    assert made.languages["English (US)"].content == "Hello {{1}}, this is message 3."
    assert [(f.name, f.type) for f in made.replacement_fields] == [("customer_name", "text")]
    assert TemplateDraft.objects.filter(template_id=made.id).exists()
    assert not made.is_validation_requested
    assert not [path for method, path in studio.calls("POST") if path.endswith("/validate")]
    page = marketing_client.get(_run_url("report", studio, run)).content.decode()
    assert "3 created as drafts." in page  # the message after the redirect


def test_importing_twice_sends_each_template_once(marketing_client, studio):
    _upload(marketing_client, studio, "two.csv", csv_bytes(good_rows(2)))
    run = ImportRun.objects.get()
    ids = [item.pk for item in run.items.all()]
    studio.sandbox.clear_log()
    marketing_client.post(_run_url("run", studio, run), {"item": ids})
    again = marketing_client.post(
        _run_url("run", studio, run), {"item": ids}, headers={"HX-Request": "true"}
    )
    assert len(_created(studio)) == 2
    assert "None of the chosen templates can be imported" in again.content.decode()


def test_a_template_the_report_blocks_is_not_created_even_when_posted(marketing_client, studio):
    _upload(marketing_client, studio, "mixed.csv", csv_bytes(MIXED))
    run = ImportRun.objects.get()
    studio.sandbox.clear_log()
    response = marketing_client.post(
        _run_url("run", studio, run),
        {"item": [item.pk for item in run.items.all()]},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert [m for m, _ in _writes(studio)].count("POST") >= 1
    assert len(_created(studio)) == 1  # import_draft alone
    assert 'id="import-work"' in response.content.decode()[:200]


def test_request_validation_submits_the_imported_templates_that_lint_clean_only(
    marketing_client, studio
):
    _upload(marketing_client, studio, "three.csv", csv_bytes([*good_rows(2), MIXED[2]]))
    run = ImportRun.objects.get()
    marketing_client.post(_run_url("run", studio, run), {"item": [i.pk for i in run.items.all()]})
    studio.sandbox.clear_log()
    response = marketing_client.post(
        _run_url("submit", studio, run), headers={"HX-Request": "true"}
    )
    assert "2 submitted for validation." in response.content.decode()
    validated = [p for m, p in studio.calls("POST") if p.endswith("/validate")]
    ids = {run.items.get(name=n).template_id for n in ("imported_001", "imported_002")}
    assert {p.split("/")[-2] for p in validated} == ids
    assert dict(run.items.values_list("name", "submit")) == {
        "imported_001": SubmitState.SUBMITTED,
        "imported_002": SubmitState.SUBMITTED,
        "import_draft": SubmitState.NONE,
    }


def test_an_xlsx_file_in_the_same_layout_is_read_like_a_csv(marketing_client, studio):
    rows = [("from_xlsx", "UTILITY", "Dutch", "Hallo {{1}}, welkom.", "customer_name")]
    response = _upload(marketing_client, studio, "book.xlsx", xlsx_bytes(rows))
    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert run.rows == [
        {
            "row": 2,
            "name": "from_xlsx",
            "category": "UTILITY",
            "language": "Dutch",
            "content": "Hallo {{1}}, welkom.",
            "fields": "customer_name",
        }
    ]


BAD_FILES = {
    "not UTF-8": (
        "latin.csv",
        "name,category,language,content,fields\nx,UTILITY,Dutch,Café,\n".encode("latin-1"),
        "The file is not UTF-8 text",
    ),
    "missing columns": (
        "cols.csv",
        csv_bytes([("a", "UTILITY", "Dutch")], header=("name", "category", "language")),
        "The file has no column content, fields.",
    ),
    "unknown column": (
        "cols.csv",
        csv_bytes(
            [("a",) * 6], header=(*("name", "category", "language", "content", "fields"), "colour")
        ),
        "Unknown column: colour (column F)",
    ),
    "formula": (
        "formula.csv",
        csv_bytes([("a", "UTILITY", "Dutch", '=HYPERLINK("http://x")', "")]),
        "row 2, column D (content) starts with &quot;=&quot;",
    ),
    "zip bomb": ("bomb.xlsx", zip_bomb(), "it is not an ordinary workbook (a ZIP bomb?)"),
    "not a zip": ("fake.xlsx", b"name,category\n", "The file is not an XLSX workbook"),
    "other kind": ("templates.txt", b"hello", "Upload a .csv or .xlsx file"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_gets_a_clear_error_at_the_upload_field_and_nothing_is_stored_or_sent(
    marketing_client, studio, case
):
    name, data, words = BAD_FILES[case]
    studio.sandbox.clear_log()
    response = _upload(marketing_client, studio, name, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert words in page
    field = page[page.index('id="id_file"') - 400 : page.index('id="id_file"') + 2000]
    assert words in field
    assert 'aria-invalid="true"' in field
    assert ImportRun.objects.count() == 0
    assert _writes(studio) == []


def test_a_file_over_ten_megabytes_is_refused_before_it_is_read(marketing_client, studio):
    data = csv_bytes(good_rows(1)) + b"x" * (10 * 1024 * 1024)
    response = _upload(marketing_client, studio, "big.csv", data)
    assert "the import takes files up to 10 MB" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_a_file_of_more_than_ten_thousand_rows_is_refused(marketing_client, studio):
    response = _upload(marketing_client, studio, "many.csv", csv_bytes(good_rows(10_001)))
    assert "more than 10,000 rows" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_the_upload_and_each_step_are_audited(marketing_client, studio):
    _upload(marketing_client, studio, "one.csv", csv_bytes(good_rows(1)))
    run = ImportRun.objects.get()
    marketing_client.post(_run_url("run", studio, run), {"item": [run.items.get().pk]})
    marketing_client.post(_run_url("submit", studio, run))
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[0] == "template_import.upload"
    assert "template_import.create" in actions
    assert "template.create" in actions
    assert actions.index("template_import.submit") < actions.index("template.request_validation")


def test_another_accounts_import_is_not_found(admin_client, studio, account_b):
    _upload(admin_client, studio, "one.csv", csv_bytes(good_rows(1)))
    run = ImportRun.objects.get()
    url = reverse("imports:report", args=[account_b.account_id, studio.request_id, run.public_id])
    assert admin_client.get(url).status_code == 404


def test_the_progress_without_htmx_is_the_report_page(marketing_client, studio):
    _upload(marketing_client, studio, "one.csv", csv_bytes(good_rows(1)))
    run = ImportRun.objects.get()
    response = marketing_client.get(_run_url("progress", studio, run))
    assert response.status_code == 302
    assert response["Location"] == _run_url("report", studio, run)


def test_the_template_list_links_to_the_import_for_authors_only(
    marketing_client, support_client, studio
):
    url = _start_url(studio)
    assert url in marketing_client.get(studio.url("list")).content.decode()
    assert url not in support_client.get(studio.url("list")).content.decode()
    assert ImportItem.objects.count() == 0


def test_where_the_account_wants_review_request_validation_asks_for_it_and_sends_nothing(
    marketing_client, studio
):
    ReviewPolicy.objects.create(account=studio.account, template_validation=True)
    _upload(marketing_client, studio, "two.csv", csv_bytes(good_rows(2)))
    run = ImportRun.objects.get()
    marketing_client.post(_run_url("run", studio, run), {"item": [i.pk for i in run.items.all()]})
    studio.sandbox.clear_log()
    response = marketing_client.post(
        _run_url("submit", studio, run), headers={"HX-Request": "true"}
    )
    assert "2 waiting for review." in response.content.decode()
    assert _writes(studio) == []
    assert set(run.items.values_list("submit", flat=True)) == {SubmitState.REVIEW}
    assert Review.objects.filter(account=studio.account).count() == 2
