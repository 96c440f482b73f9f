"""The audit trail and the access events as CSV or JSON Lines, streamed.

A row at a time: the query reads plain values (``values_list``, no model instances, no joins)
through a server-side cursor (``.iterator(chunk_size=…)`` on PostgreSQL), and each row is
written and handed to the response as soon as it is read, so a million rows take the memory
of one chunk (``bench/audit_export.py`` measures it). The columns are the screen's, with the
same masking: ``sent`` was masked before it was stored and is masked again here
(``audit.mask_secrets``), as the page shows it.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.audit import mask_secrets
from dashboard.audit.models import AccessKind, Outcome

CHUNK_SIZE = 2000
# A cell a spreadsheet would run as a formula is quoted (targets and messages are typed by
# people or come from CM.com).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_OUTCOMES = dict(Outcome.choices)
_KINDS = dict(AccessKind.choices)


@dataclass(frozen=True)
class Table:
    """What one export writes: its columns (JSON key, CSV header) and how a row reads."""

    name: str
    fields: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]


AUDIT = Table(
    "audit-trail",
    (
        "created_at",
        "actor_username",
        "account_name",
        "action",
        "target",
        "sent",
        "outcome",
        "upstream_status",
        "message",
    ),
    (
        ("when", _("When")),
        ("who", _("Who")),
        ("account", _("Account")),
        ("action", _("Action")),
        ("target", _("Target")),
        ("sent", _("Sent")),
        ("outcome", _("Outcome")),
        ("cm_status", _("CM.com status")),
        ("message", _("Message")),
    ),
)
ACCESS = Table(
    "access-events",
    ("created_at", "kind", "username", "ip_address", "method", "path", "detail"),
    (
        ("when", _("When")),
        ("what", _("What")),
        ("who", _("Who")),
        ("from", _("From")),
        ("method", _("Method")),
        ("path", _("Path")),
        ("detail", _("Detail")),
    ),
)


def _when(value: Any) -> str:
    return timezone.localtime(value).isoformat() if value is not None else ""


def _audit_values(row: tuple[Any, ...]) -> list[Any]:
    when, who, account, action, target, sent, outcome, status, message = row
    return [
        _when(when),
        who,
        account,
        action,
        target,
        mask_secrets(sent or {}),
        str(_OUTCOMES.get(outcome, outcome)),
        status,
        message,
    ]


def _access_values(row: tuple[Any, ...]) -> list[Any]:
    when, kind, who, ip, method, path, detail = row
    return [_when(when), str(_KINDS.get(kind, kind)), who, ip or "", method, path, detail]


def _rows(table: Table, found: QuerySet[Any]) -> Iterator[list[Any]]:
    values = _audit_values if table is AUDIT else _access_values
    rows = found.order_by("-created_at", "-id").values_list(*table.fields)
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield values(row)


class _Echo:
    """A file that hands back what is written: csv.writer then yields one line at a time."""

    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    else:
        text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def as_csv(table: Table, found: QuerySet[Any]) -> Iterable[str]:
    """The header, then one CSV line per row."""
    writer = csv.writer(_Echo())
    yield writer.writerow([header for _, header in table.columns])
    for row in _rows(table, found):
        yield writer.writerow([_cell(value) for value in row])


def as_jsonl(table: Table, found: QuerySet[Any]) -> Iterable[str]:
    """One JSON object per line, keyed as ``table.columns`` names them."""
    keys = [key for key, _ in table.columns]
    for row in _rows(table, found):
        yield json.dumps(dict(zip(keys, row, strict=True)), ensure_ascii=False) + "\n"


FORMATS = {
    "csv": (as_csv, "text/csv; charset=utf-8"),
    "jsonl": (as_jsonl, "application/jsonl; charset=utf-8"),
}
