"""CSV exports of numbers and keyword claims, streamed row by row as pages arrive.

Cells that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``...) are prefixed
with ``'``: the text comes from CM.com and must not run in someone's spreadsheet. A page that
fails half-way ends the file with a row saying so, since the download has already started.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse
from django.utils.translation import gettext_lazy as _

from channels_api import errors
from channels_api.models import (
    ApiKeywordClaimResponse,
    ApiNumberTypeResponse,
    ApiPhoneNumberResponse,
)
from dashboard.core.labels import LABELS, NUMBER_CATEGORY, NUMBER_PURPOSE, label
from dashboard.upstream import describe_failure

logger = logging.getLogger(__name__)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def cell(value: Any) -> str:
    """A value as CSV text: blank for None, ISO 8601 UTC for times, no formula starts."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, list | tuple):
        return " ".join(cell(item) for item in value)
    text = str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


Column = tuple[str, Callable[[Any], Any]]


def type_words(kind: ApiNumberTypeResponse | None) -> str | None:
    """The number type's category in the words the screen shows (``SHORTCODE`` → ``Short
    code``), matched in any case as the screen does; a category with no words as CM.com sent
    it (``core.labels`` logs it once)."""
    if kind is None or not kind.category:
        return None
    known = kind.category.upper()
    return label(NUMBER_CATEGORY, known if known in LABELS[NUMBER_CATEGORY] else kind.category)


def purpose_words(kind: ApiNumberTypeResponse | None) -> str | None:
    """``["SMS", "VOICE"]`` → ``SMS, Voice``, as the number's page lists them."""
    if kind is None:
        return None
    return ", ".join(label(NUMBER_PURPOSE, purpose) for purpose in kind.purpose)


NUMBER_COLUMNS: list[Column] = [
    (_("Phone number id"), lambda n: n.id),
    (_("Number"), lambda n: n.number),
    (_("Shared"), lambda n: n.is_shared),
    (_("Owned since (UTC)"), lambda n: n.owned_since_utc),
    (_("Country"), lambda n: n.number_type and n.number_type.country),
    (_("Type"), lambda n: type_words(n.number_type)),
    (_("Purpose"), lambda n: purpose_words(n.number_type)),
    (_("Description"), lambda n: n.number_type and n.number_type.description),
    (_("Currency"), lambda n: n.number_type and n.number_type.currency),
    (_("Start-up cost"), lambda n: n.number_type and n.number_type.startup_cost),
    (_("Monthly cost"), lambda n: n.number_type and n.number_type.monthly_cost),
    (_("Notice period (days)"), lambda n: n.number_type and n.number_type.notice_period_days),
    (_("Keyword start-up cost"), lambda n: n.number_type and n.number_type.keyword_startup_cost),
    (_("Keyword monthly cost"), lambda n: n.number_type and n.number_type.keyword_monthly_cost),
]

KEYWORD_COLUMNS: list[Column] = [
    (_("Keyword claim id"), lambda k: k.id),
    (_("Keyword"), lambda k: k.keyword),
    (_("Phone number"), lambda k: k.phone_number),
    (_("Phone number id"), lambda k: k.phone_number_id),
    (_("Country"), lambda k: k.country),
    (_("Currency"), lambda k: k.currency),
    (_("Start-up cost"), lambda k: k.startup_cost),
    (_("Monthly cost"), lambda k: k.monthly_cost),
    (_("Notice period (days)"), lambda k: k.notice_period_days),
    (_("Claimed on (UTC)"), lambda k: k.claimed_on_utc),
]


def rows(items: Iterable[Any], columns: list[Column]) -> Iterator[list[str]]:
    """The header, then one row per item; a failing page ends with a row that says so."""
    yield [name for name, _ in columns]
    try:
        for item in items:
            yield [cell(get(item)) for _, get in columns]
    except errors.ChannelsAPIError as error:
        logger.warning("export stopped early: %r", error)
        yield ["The export is incomplete", describe_failure(error).message]


def streaming_csv(
    items: Iterable[ApiPhoneNumberResponse] | Iterable[ApiKeywordClaimResponse],
    columns: list[Column],
    filename: str,
) -> StreamingHttpResponse:
    """A CSV download that is written while the pages are read."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows(items, columns)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
