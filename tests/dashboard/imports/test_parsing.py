"""Reading an uploaded file into rows, or refusing it in words (no database, no CM.com)."""

from __future__ import annotations

import io
import zipfile

import pytest

from dashboard.imports import parsing
from dashboard.imports.parsing import FileRefused, parse_upload
from tests.dashboard.imports.files import HEADER, csv_bytes, good_rows, xlsx_bytes, zip_bomb

ROW = ("order_ready", "UTILITY", "Dutch", "Hallo {{1}},\nje bestelling ligt klaar.", "who")


def _refusal(name: str, data: bytes) -> str:
    with pytest.raises(FileRefused) as refused:
        parse_upload(name, data)
    return refused.value.message


def test_a_csv_becomes_rows_numbered_as_a_spreadsheet_shows_them():
    parsed = parse_upload("t.csv", csv_bytes([ROW, (*ROW[:3], "Second.", "")]))
    assert [row["row"] for row in parsed.rows] == [2, 3]
    assert parsed.rows[0] == {
        "row": 2,
        "name": "order_ready",
        "category": "UTILITY",
        "language": "Dutch",
        "content": "Hallo {{1}},\nje bestelling ligt klaar.",
        "fields": "who",
    }
    assert parsed.columns == {
        "name": "A",
        "category": "B",
        "language": "C",
        "content": "D",
        "fields": "E",
    }


def test_columns_may_come_in_any_order_and_case_and_blank_rows_are_skipped():
    header = ("Content", "FIELDS", "language", "Name", "category")
    data = csv_bytes([(ROW[3], ROW[4], ROW[2], ROW[0], ROW[1]), ("", "", "", "", "")], header)
    parsed = parse_upload("t.csv", data)
    assert parsed.rows[0]["name"] == "order_ready"
    assert parsed.columns["content"] == "A"
    assert len(parsed.rows) == 1


def test_a_byte_order_mark_and_semicolons_are_fine():
    data = b"\xef\xbb\xbf" + csv_bytes([ROW], delimiter=";")
    assert parse_upload("t.csv", data).rows[0]["language"] == "Dutch"


def test_windows_line_ends_in_a_cell_become_new_lines():
    data = csv_bytes([(*ROW[:3], "One\r\nTwo", "")])
    assert parse_upload("t.csv", data).rows[0]["content"] == "One\nTwo"


def test_a_file_that_is_not_utf8_is_refused_saying_where():
    words = _refusal(
        "t.csv", "name,category,language,content,fields\nx,U,nl,Café,\n".encode("cp1252")
    )
    assert words.startswith("The file is not UTF-8 text (the byte at position 49")
    assert "CSV UTF-8" in words


def test_missing_and_unknown_columns_are_named():
    words = _refusal("t.csv", csv_bytes([("a", "b", "c")], ("name", "categorie", "language")))
    assert "The file has no column category, content, fields." in words
    assert "Unknown column: categorie (column B)." in words


def test_a_column_named_twice_is_refused():
    words = _refusal("t.csv", csv_bytes([("a",) * 6], (*HEADER, "name")))
    assert words == "The column name is named twice (columns A and F)."


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("=1+1", '"="'),
        ("+31 6 1234", '"+"'),
        ("-20% today", '"-"'),
        ("@SUM(A1)", '"@"'),
        ("\tcmd", "a tab"),
        ("\rcmd", "a carriage return"),
    ],
)
def test_a_cell_a_spreadsheet_would_run_refuses_the_file_naming_its_row_and_column(cell, shown):
    words = _refusal("t.csv", csv_bytes([ROW, (*ROW[:3], cell, "")]))
    assert f"row 3, column D (content) starts with {shown}" in words
    assert "Nothing was imported." in words


def test_every_formula_cell_is_counted_and_the_first_five_named():
    rows = [("=x", "=y", "Dutch", "Hi", "") for _ in range(4)]
    words = _refusal("t.csv", csv_bytes(rows))
    assert words.count("starts with") == 5
    assert "(and 3 more)" in words


def test_an_apostrophe_lets_a_text_start_with_a_formula_character_and_is_taken_away():
    parsed = parse_upload("t.csv", csv_bytes([(*ROW[:3], "'-20% today, {{1}}!", "")]))
    assert parsed.rows[0]["content"] == "-20% today, {{1}}!"
    kept = parse_upload("t.csv", csv_bytes([(*ROW[:3], "'quoted'", "")]))
    assert kept.rows[0]["content"] == "'quoted'"


def test_a_row_with_more_cells_than_columns_is_refused():
    data = csv_bytes([ROW]) + b"a,b,c,Hello, world,,extra\r\n"
    assert _refusal("t.csv", data).startswith("Row 3 has more cells than the header")


def test_a_header_without_rows_is_refused():
    assert _refusal("t.csv", csv_bytes([])) == (
        "The file has no rows under the header: nothing to import."
    )


def test_limits_of_size_and_rows():
    assert "up to 10 MB" in _refusal("t.csv", b"x" * (parsing.MAX_BYTES + 1))
    assert "more than 10,000 rows" in _refusal("t.csv", csv_bytes(good_rows(10_001)))
    assert len(parse_upload("t.csv", csv_bytes(good_rows(10_000))).rows) == 10_000


def test_an_xlsx_in_the_layout_reads_like_a_csv_numbers_as_text():
    parsed = parse_upload("t.xlsx", xlsx_bytes([ROW, ("n2", "UTILITY", "nl", 42, None)]))
    assert parsed.rows[0]["content"] == ROW[3]
    assert parsed.rows[1] == {
        "row": 3,
        "name": "n2",
        "category": "UTILITY",
        "language": "nl",
        "content": "42",
        "fields": "",
    }


def test_a_formula_in_an_xlsx_is_refused():
    words = _refusal("t.xlsx", xlsx_bytes([(*ROW[:3], '=HYPERLINK("http://x","y")', "")]))
    assert "row 2, column D (content) starts with" in words


def test_a_zip_bomb_named_xlsx_is_refused_before_it_is_opened():
    assert "(a ZIP bomb?)" in _refusal("t.xlsx", zip_bomb())


def test_a_zip_that_declares_too_much_in_all_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for n in range(parsing.MAX_ENTRIES + 1):
            archive.writestr(f"xl/{n}.xml", b"")
    assert "(a ZIP bomb?)" in _refusal("t.xlsx", out.getvalue())


def test_a_file_named_xlsx_that_is_not_a_zip_is_refused():
    assert _refusal("t.xlsx", csv_bytes([ROW])).startswith("The file is not an XLSX workbook")


def test_a_zip_that_is_no_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert _refusal("t.xlsx", out.getvalue()) == "The file is not a readable XLSX workbook."


def test_other_kinds_of_file_are_refused():
    assert _refusal("t.xls", b"whatever") == "Upload a .csv or .xlsx file (this one is neither)."


def test_the_sample_reads_without_refusal():
    parsed = parse_upload("sample.csv", parsing.sample_csv().encode())
    assert [row["name"] for row in parsed.rows] == ["order_ready", "order_ready", "payment_due"]
