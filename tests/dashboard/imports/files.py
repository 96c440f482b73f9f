"""Import files made in the tests: CSV text, XLSX workbooks, and the hostile ones."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence

from openpyxl import Workbook

HEADER = ("name", "category", "language", "content", "fields")


def csv_bytes(rows: Iterable[Sequence[str]], header: Sequence[str] = HEADER, **kw: str) -> bytes:
    """A UTF-8 CSV with ``header`` then ``rows``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", **kw)  # type: ignore[arg-type]
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: Iterable[Sequence[object]], header: Sequence[str] = HEADER) -> bytes:
    """An XLSX workbook whose first sheet holds ``header`` then ``rows``."""
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bomb(unpacked_mb: int = 5) -> bytes:
    """A ZIP named like a workbook whose one sheet unpacks to ``unpacked_mb`` MB of zeros
    (about a thousand times its packed size)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (unpacked_mb * 1024 * 1024))
    return out.getvalue()


def good_rows(count: int, *, prefix: str = "imported") -> list[tuple[str, str, str, str, str]]:
    """``count`` templates that lint clean, one language each."""
    return [
        (
            f"{prefix}_{n:03d}",
            "UTILITY",
            "English (US)",
            f"Hello {{{{1}}}}, this is message {n}.",
            "customer_name:text:Ada",
        )
        for n in range(1, count + 1)
    ]
