"""Tolerant readers for the values the Channels API sends: timestamps, money, lists, field names.

NOTES.md says the parser must accept every spelling a real server might return. The helpers
here are the pieces of that tolerance the models in ``channels_api.models`` share:

- :func:`parse_timestamp`: ``2019-07-29T09:30:01.709Z``, ``2019-07-24T13:43:58.3329114`` (seven
  fractional digits and no zone; rule 18), other offsets; always a timezone-aware UTC datetime.
- :func:`parse_money`: integers, doubles and strings as :class:`~decimal.Decimal`, never a float
  (rule 20). A double goes through ``str()`` so ``1.1`` stays ``Decimal("1.1")``.
- :func:`normalise_key`: the form field names are compared in (rule 13: ``channelID``,
  ``channelId``, ``channel_id`` and ``CHANNELID`` are one name).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "as_list",
    "normalise_key",
    "parse_money",
    "parse_timestamp",
    "to_utc",
]

_TIMESTAMP = re.compile(
    r"""^\s*
    (?P<date>\d{4}-\d{2}-\d{2})
    (?:[Tt\s](?P<hour>\d{2}):(?P<minute>\d{2})
        (?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?
    )?
    \s*(?P<zone>[Zz]|[+-]\d{2}(?::?\d{2})?)?
    \s*$""",
    re.VERBOSE,
)
_KEY_NOISE = re.compile(r"[_\-\s]")


def normalise_key(name: str) -> str:
    """The form a field name is compared in: lower case, without ``_``, ``-`` or spaces."""
    return _KEY_NOISE.sub("", str(name)).lower()


def to_utc(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime; a naive value is taken to be UTC already.

    Raises ValueError (never OverflowError) when the moment in UTC falls outside the years
    1 to 9999, as ``0001-01-01T00:00:00+01:00`` does: callers such as pydantic turn a
    ValueError into a validation error, while an OverflowError would escape them.
    """
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"timestamp out of range: {value.isoformat()}") from None


def _zone(text: str | None) -> timezone:
    if not text or text in "Zz":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_timestamp(value: Any) -> Any:
    """Read a timestamp the way the API writes it; return an aware UTC datetime.

    ``None`` and ``""`` give ``None``. A string without a zone is UTC; more than six
    fractional digits are cut to microseconds (not rounded, so the result never moves into
    the next second). Values that are neither strings nor datetimes are handed on unchanged
    for pydantic to judge (it reads epoch seconds, for instance).
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_utc(value)
    if isinstance(value, bytes):
        value = value.decode()
    if not isinstance(value, str):
        return value
    if not value.strip():
        return None
    match = _TIMESTAMP.match(value)
    if match is None:
        try:
            return to_utc(datetime.fromisoformat(value.strip()))
        except ValueError:
            raise ValueError(f"not a timestamp: {value[:60]!r}") from None
    fraction = (match["fraction"] or "")[:6].ljust(6, "0")
    moment = datetime.fromisoformat(
        f"{match['date']}T{match['hour'] or '00'}:{match['minute'] or '00'}:"
        f"{match['second'] or '00'}.{fraction}"
    )
    return to_utc(moment.replace(tzinfo=_zone(match["zone"])))


def parse_money(value: Any) -> Decimal | None:
    """Read an amount of money as a Decimal: ``0`` → ``Decimal("0")``, ``1.1`` → ``Decimal("1.1")``.

    ``None`` and ``""`` give ``None``; booleans, infinities and text that is no number are refused.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("an amount of money cannot be true or false")
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"not an amount of money: {value!r}")
        amount = Decimal(str(value))
    elif isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"not an amount of money: {value!r}") from None
    else:
        raise ValueError(f"not an amount of money: {value!r}")
    if not amount.is_finite():
        raise ValueError(f"not an amount of money: {value!r}")
    return amount


def as_list(value: Any) -> Any:
    """``None`` → ``[]``; a lone string or object → a list of one; anything else unchanged."""
    if value is None:
        return []
    if isinstance(value, str | dict):
        return [value]
    return value
