"""The audit trail and the access events as CSV or JSON Lines, streamed.

A row at a time: the query reads plain values (``values_list``, no model instances, no joins)
through a server-side cursor (``.iterator(chunk_size=…)`` on PostgreSQL), and each row is
written and handed to the response as soon as it is read, so a million rows take the memory
of one chunk (``bench/audit_export.py`` measures it). The columns are the screen's, with the
same masking: ``sent`` was masked before it was stored and is masked again here
(``audit.mask_secrets``), as the page shows it. A message (or an access event's detail) the
dashboard worded is said in the reader's language from its stored parts, row by row
(``core.wording.compose``), as the page says it; one without parts (CM.com's words, an older
row) as stored.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.audit import mask_secrets
from dashboard.audit.models import AccessKind, Outcome
from dashboard.core import wording

CHUNK_SIZE = 2000
# Messages said in the reader's language kept by their parts during one export.
SAID_KEPT = 512
# A cell a spreadsheet would run as a formula is quoted (targets and messages are typed by
# people or come from CM.com).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_OUTCOMES = dict(Outcome.choices)
_KINDS = dict(AccessKind.choices)


@dataclass(frozen=True)
class Table:
    """What one export writes: its columns (JSON key, CSV header) and how a row reads
    (``fields``, the values read for a row; a column may be made of more than one)."""

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
        "message_parts_text",
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
    (
        "created_at",
        "kind",
        "username",
        "ip_address",
        "method",
        "path",
        "detail",
        "detail_parts_text",
    ),
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


def _audit_values() -> Callable[[tuple[Any, ...]], list[Any]]:
    """How an audit row reads, for one export (in one language).

    A trail repeats the same few messages (the same failure, the same sentence about another
    number), so the words of the last ``SAID_KEPT`` are kept by their parts as stored (text,
    not decoded): one said again costs a look-up, and the memory stays bounded.
    """

    @functools.lru_cache(maxsize=SAID_KEPT)
    def said(parts: str, stored: str) -> str:
        return wording.compose({}, json.loads(parts), stored)

    def values(row: tuple[Any, ...]) -> list[Any]:
        when, who, account, action, target, sent, outcome, status, message, parts = row
        return [
            _when(when),
            who,
            account,
            action,
            target,
            mask_secrets(sent or {}),
            str(_OUTCOMES.get(outcome, outcome)),
            status,
            message if parts is None else said(parts, message),
        ]

    return values


def _access_values() -> Callable[[tuple[Any, ...]], list[Any]]:
    """How an access event reads, for one export (in one language).

    Details are fewer still than messages (a lockout, a refusal naming a capability), so they
    are kept as ``_audit_values`` keeps messages: by their parts as stored, the last
    ``SAID_KEPT``.
    """

    @functools.lru_cache(maxsize=SAID_KEPT)
    def said(parts: str, stored: str) -> str:
        return wording.compose({}, json.loads(parts), stored)

    def values(row: tuple[Any, ...]) -> list[Any]:
        when, kind, who, ip, method, path, detail, parts = row
        return [
            _when(when),
            str(_KINDS.get(kind, kind)),
            who,
            ip or "",
            method,
            path,
            detail if parts is None else said(parts, detail),
        ]

    return values


def _rows(table: Table, found: QuerySet[Any]) -> Iterator[list[Any]]:
    values = _audit_values() if table is AUDIT else _access_values()
    # The words' parts as the database has them: decoded only when not said before.
    if table is AUDIT:
        found = found.annotate(message_parts_text=Cast("message_parts", TextField()))
    else:
        found = found.annotate(detail_parts_text=Cast("detail_parts", TextField()))
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
