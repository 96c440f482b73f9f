"""The numbers CSV export: the filters shown, every page walked with a bounded page size."""

from __future__ import annotations

import csv
import io

from channels_api.models import ApiPhoneNumberResponse
from dashboard.numbers import exports, selectors
from tests.dashboard.numbers.helpers import calls, url


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(body)))


def test_the_export_has_the_filters_shown_and_every_column(marketing_client, account_a, sandbox):
    response = marketing_client.get(url("export", account_a), {"country": "nl", "owned": "yes"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="numbers-')
    header, *rows = _rows(response)
    assert header[:4] == ["Phone number id", "Number", "Shared", "Owned since (UTC)"]
    assert rows
    assert {row[4] for row in rows} == {"NL"}
    assert {row[2] for row in rows} == {"no"}
    (call,) = calls(sandbox, "GET", "/phonenumbers")
    assert call["params"]["country"] == ["NL"]
    assert call["params"]["isOwned"] == ["true"]


def test_the_export_walks_every_page_with_a_bounded_page_size(
    marketing_client, account_a, sandbox, monkeypatch
):
    monkeypatch.setattr(selectors, "EXPORT_PAGE_SIZE", 10)
    _, *rows = _rows(marketing_client.get(url("export", account_a)))
    assert len(rows) == 24
    asked = [(c["params"]["skip"], c["params"]["take"]) for c in calls(sandbox, "GET")]
    assert asked == [(["0"], ["10"]), (["10"], ["10"]), (["20"], ["10"])]


def test_a_failure_before_the_download_starts_is_a_page_in_words(
    support_client, account_a, sandbox
):
    sandbox.fault("GET", f"/accounts/{account_a.account_id}/phonenumbers", status=401)
    response = support_client.get(url("export", account_a), {"country": "NL"})
    assert response.status_code == 502
    page = response.content.decode()
    assert "The export could not be made" in page
    assert "product token — an admin should update it." in page
    assert f'href="{url("list", account_a)}?country=NL"' in page


def test_a_page_failing_half_way_ends_the_file_saying_it_is_incomplete(
    marketing_client, account_a, sandbox, monkeypatch
):
    monkeypatch.setattr(selectors, "EXPORT_PAGE_SIZE", 10)
    response = marketing_client.get(url("export", account_a))
    # The first page was read before the response was returned; the second now fails.
    sandbox.fault("GET", f"/accounts/{account_a.account_id}/phonenumbers", status=400)
    _header, *rows = _rows(response)
    assert len(rows) == 11
    assert rows[-1][0] == "The export is incomplete"
    assert rows[-1][1].startswith("CM.com refused the request:")


def test_bad_filters_are_refused_at_the_field_instead_of_exporting(
    marketing_client, account_a, sandbox
):
    response = marketing_client.get(url("export", account_a), {"country": "N1"})
    assert not response.streaming
    assert "Enter a two-letter country code, such as NL; “N1” is not one." in (
        response.content.decode()
    )
    assert calls(sandbox) == []


def test_cells_a_spreadsheet_would_run_as_formulas_are_defused():
    assert exports.cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert exports.cell("+31") == "'+31"
    assert exports.cell("@SUM") == "'@SUM"
    assert exports.cell("0031612345678") == "0031612345678"


def test_the_export_names_type_and_purpose_in_the_words_the_screen_uses(
    marketing_client, account_a, sandbox
):
    header, *rows = _rows(marketing_client.get(url("export", account_a)))
    kinds = {(row[header.index("Type")], row[header.index("Purpose")]) for row in rows}
    assert {kind for kind, _ in kinds} <= {"Mobile", "Landline", "Short code", "Toll-free"}
    assert "Short code" in {kind for kind, _ in kinds}
    assert {purpose for _, purpose in kinds} <= {"SMS", "Voice", "SMS, Voice"}
    assert "Voice" in " ".join(purpose for _, purpose in kinds)


def test_a_type_or_purpose_without_words_is_exported_as_cm_com_sent_it(caplog):
    number = ApiPhoneNumberResponse.model_validate(
        {
            "id": "3010",
            "numberType": {"category": "Satellite", "purpose": ["SMS", "FAX"]},
        }
    )
    header, row = exports.rows([number], exports.NUMBER_COLUMNS)
    assert row[header.index("Type")] == "Satellite"
    assert row[header.index("Purpose")] == "SMS, FAX"
    assert "No words for number_category value 'Satellite'" in caplog.text
