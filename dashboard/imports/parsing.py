"""Reading an uploaded CSV or XLSX file of templates into rows, or refusing it in words.

The layout (the import page shows it, ``sample_csv`` is an example): a first row naming the
columns ``name``, ``category``, ``language``, ``content`` and ``fields`` (any order, any case),
then one row per template and language. Rows with the same name are one template.

Refused outright, with the reason (nothing is stored, nothing sent): a file over
``MAX_BYTES``; more than ``MAX_ROWS`` rows; a CSV that is not UTF-8 (a byte-order mark is
fine); missing, unknown or repeated columns; a row with more cells than the header; a cell
that a spreadsheet program would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return: the whole file is refused, naming each such cell, since the same file
opened again in a spreadsheet could run it); an ``.xlsx`` that is not a ZIP archive, or whose
entries declare more than ``MAX_UNZIPPED`` bytes in all, or unpack to over ``MAX_RATIO`` times
their packed size (a ZIP bomb), checked before openpyxl opens it. A text that must start with
one of those characters is written with an apostrophe first (``'-20% today``), which the
import takes away.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext, ngettext
from openpyxl.utils import get_column_letter

COLUMNS = ("name", "category", "language", "content", "fields")
MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 10_000
MAX_UNZIPPED = 100 * 1024 * 1024
MAX_RATIO = 100
# Below this an entry's ratio does not matter: a small sheet of repeated cells packs well.
RATIO_FLOOR = 1024 * 1024
MAX_ENTRIES = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
SHOWN_CELLS = 5


class FileRefused(ValueError):
    """The file cannot be imported; ``message`` says why, for the upload field."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Parsed:
    """The file's data rows and where each column is."""

    rows: list[dict[str, Any]]
    """``{"row", "name", "category", "language", "content", "fields"}`` in file order; ``row``
    is the number a spreadsheet shows (the header is row 1)."""
    columns: dict[str, str]
    """Column name → its letter (``{"content": "D"}``)."""


def parse_upload(file_name: str, data: bytes) -> Parsed:
    """The rows of an uploaded file, or ``FileRefused``."""
    if len(data) > MAX_BYTES:
        raise FileRefused(too_big(len(data)))
    lowered = file_name.lower()
    if lowered.endswith(".csv"):
        table = _csv_cells(data)
    elif lowered.endswith(".xlsx"):
        table = _xlsx_cells(data)
    else:
        raise FileRefused(gettext("Upload a .csv or .xlsx file (this one is neither)."))
    return _rows(table)


def too_big(size: int) -> str:
    """Words for a file over the limit."""
    return gettext(
        "The file is %(size).1f MB; the import takes files up to %(max)d MB. "
        "Split it into smaller files."
    ) % {"size": size / 1024 / 1024, "max": MAX_BYTES // 1024 // 1024}


# --- CSV ----------------------------------------------------------------------------------------


def _csv_cells(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(
            gettext(
                "The file is not UTF-8 text (the byte at position %(position)d is not UTF-8). "
                'Save it as "CSV UTF-8" and upload it again.'
            )
            % {"position": error.start + 1}
        ) from None
    if "\x00" in text:
        raise FileRefused(gettext("The file holds NUL bytes: it is not a text (CSV) file."))
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in many European locales separate columns with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table: list[list[str]] = []
    try:
        for cells in reader:
            table.append(cells)
            if len(table) > MAX_ROWS + 1:
                raise FileRefused(_too_many_rows())
    except csv.Error as error:
        raise FileRefused(
            gettext("Row %(row)d could not be read as CSV: %(error)s.")
            % {"row": len(table) + 1, "error": error}
        ) from None
    return table


def _too_many_rows() -> str:
    return gettext(
        "The file has more than %(max)s rows under the header; the import takes %(max)s at "
        "most. Split it into smaller files."
    ) % {"max": f"{MAX_ROWS:,}"}


# --- XLSX ---------------------------------------------------------------------------------------


def check_zip(data: bytes) -> None:
    """Refuse an .xlsx that is no ZIP archive or would unpack to far more than it weighs.

    The declared sizes are what counts: Python's zipfile never unpacks an entry past its
    declared size, so a lying entry stops there (and fails its checksum) instead of growing.
    """
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise FileRefused(
            gettext(
                "The file is not an XLSX workbook (an .xlsx file is a ZIP archive; this one is "
                "not). Save it from the spreadsheet as .xlsx, or as CSV UTF-8."
            )
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(gettext("The file is not a readable XLSX workbook.")) from None
    unpacked = sum(entry.file_size for entry in entries)
    bomb = len(entries) > MAX_ENTRIES or unpacked > MAX_UNZIPPED
    for entry in entries:
        if entry.file_size > RATIO_FLOOR and (
            entry.compress_size == 0 or entry.file_size / entry.compress_size > MAX_RATIO
        ):
            bomb = True
    if bomb:
        raise FileRefused(
            gettext(
                "The file would unpack to %(unpacked)s MB from %(size).1f MB: it is not an "
                "ordinary workbook (a ZIP bomb?), so it was not opened."
            )
            % {"unpacked": f"{unpacked / 1024 / 1024:,.0f}", "size": len(data) / 1024 / 1024}
        )


def _xlsx_cells(data: bytes) -> list[list[str]]:
    check_zip(data)
    # Imported here: openpyxl is only needed for workbooks (it uses defusedxml when installed,
    # which it is: entity expansion in the sheets' XML is refused).
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged workbook; all mean the same
        raise FileRefused(gettext("The file is not a readable XLSX workbook.")) from None
    table: list[list[str]] = []
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise FileRefused(gettext("The workbook has no sheet."))
        for values in sheet.iter_rows(values_only=True):
            table.append([_cell_text(value) for value in values])
            if len(table) > MAX_ROWS + 1:
                raise FileRefused(_too_many_rows())
    except FileRefused:
        raise
    except Exception:
        raise FileRefused(gettext("The workbook's first sheet could not be read.")) from None
    finally:
        book.close()
    return table


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- rows ---------------------------------------------------------------------------------------


def _header(cells: list[str]) -> dict[str, int]:
    """Column name → index, or the reason the header is wrong."""
    found: dict[str, int] = {}
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        name = cell.strip().lower()
        if not name:
            continue
        if name in found:
            raise FileRefused(
                gettext("The column %(name)s is named twice (columns %(first)s and %(second)s).")
                % {
                    "name": name,
                    "first": get_column_letter(found[name] + 1),
                    "second": get_column_letter(index + 1),
                }
            )
        if name not in COLUMNS:
            unknown.append(
                gettext("%(name)s (column %(letter)s)")
                % {"name": cell.strip()[:40], "letter": get_column_letter(index + 1)}
            )
        found[name] = index
    missing = [name for name in COLUMNS if name not in found]
    problems = []
    if missing:
        problems.append(
            gettext("The file has no column %(names)s.") % {"names": ", ".join(missing)}
        )
    if unknown:
        problems.append(
            ngettext("Unknown column: %(names)s.", "Unknown columns: %(names)s.", len(unknown))
            % {"names": ", ".join(unknown)}
        )
    if problems:
        problems.append(
            gettext("The first row must name the columns %(names)s.")
            % {"names": ", ".join(COLUMNS)}
        )
        raise FileRefused(" ".join(problems))
    return found


def _unescape(value: str) -> str:
    if value.startswith(ESCAPE) and value[1:2] and value[1] in FORMULA_STARTS:
        return value[1:]
    return value


def _formula_cells(table: list[list[str]], width: int, names: dict[int, str]) -> list[str]:
    found = []
    for number, cells in enumerate(table, start=1):
        for index, cell in enumerate(cells[:width]):
            if cell.startswith(FORMULA_STARTS):
                label = names.get(index, "")
                first = {"\t": gettext("a tab"), "\r": gettext("a carriage return")}.get(
                    cell[0], f'"{cell[0]}"'
                )
                where = {"row": number, "letter": get_column_letter(index + 1), "first": first}
                found.append(
                    gettext("row %(row)d, column %(letter)s (%(label)s) starts with %(first)s")
                    % {**where, "label": label}
                    if label
                    else gettext("row %(row)d, column %(letter)s starts with %(first)s") % where
                )
    return found


def _rows(table: list[list[str]]) -> Parsed:
    if not table or not any(cell.strip() for cell in table[0]):
        raise FileRefused(
            gettext("The file is empty: its first row must name the columns %(names)s.")
            % {"names": COLUMNS}
        )
    header = _header(table[0])
    width = max(header.values()) + 1
    formulas = _formula_cells(table, width, {index: name for name, index in header.items()})
    if formulas:
        shown = "; ".join(formulas[:SHOWN_CELLS])
        more = len(formulas) - SHOWN_CELLS
        raise FileRefused(
            (
                gettext(
                    "Cells that a spreadsheet would run as a formula: %(cells)s "
                    "(and %(more)d more)."
                )
                if more > 0
                else gettext("Cells that a spreadsheet would run as a formula: %(cells)s.")
            )
            % {"cells": shown, "more": more}
            + " "
            + gettext(
                "Nothing was imported. To start a text with one of = + - @, put an apostrophe "
                "before it ('-20%% today)."
            )
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if any(cell.strip() for cell in cells[width:]):
            raise FileRefused(
                gettext(
                    "Row %(row)d has more cells than the header names columns: a text with "
                    "commas must be in double quotes."
                )
                % {"row": number}
            )
        padded = [*cells, *[""] * width]
        row: dict[str, Any] = {"row": number}
        for name, index in header.items():
            value = _unescape(padded[index])
            row[name] = value.replace("\r\n", "\n") if name == "content" else value.strip()
        rows.append(row)
    if not rows:
        raise FileRefused(gettext("The file has no rows under the header: nothing to import."))
    if len(rows) > MAX_ROWS:
        raise FileRefused(_too_many_rows())
    columns = {name: get_column_letter(index + 1) for name, index in header.items()}
    return Parsed(rows=rows, columns=columns)


# --- the sample ----------------------------------------------------------------------------------

SAMPLE_ROWS = [
    (
        "order_ready",
        "UTILITY",
        "English (US)",
        "Hello {{1}}, your order {{2}} is ready to collect.",
        "customer_name:text:Ada; order_number:text:A1001",
    ),
    ("order_ready", "UTILITY", "Dutch", "Hallo {{1}}, je bestelling {{2}} ligt klaar.", ""),
    (
        "payment_due",
        "PAYMENT_UPDATE",
        "en_GB",
        "Dear {{1}}, {{2}} is due on {{3}}. Thank you.",
        "customer_name:text:Ada; amount:currency:EUR 12.50; due_on:datetime:2026-07-01 09:00",
    ),
]


def sample_csv() -> str:
    """An example file in the layout (UTF-8, comma-separated)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(SAMPLE_ROWS)
    return out.getvalue()
