"""Reading the sandbox's request log: how many calls a page made, and how many bytes came back.

The sandbox logs every ``/channels/v1`` request with the account id of its path and the size
of its answer (``response_bytes``). Pure functions over those entries, so ``tests/bench`` can
check the counting on hand-made logs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

LogEntry = Mapping[str, Any]


@dataclass(frozen=True)
class Tally:
    """What one account asked the sandbox for in a stretch of the log."""

    calls: int = 0
    response_bytes: int = 0
    requests: list[str] = field(default_factory=list)
    """``GET /path?query`` of each call, the account's prefix cut off, in order."""
    largest_take: int = 0
    """The largest ``take`` any call asked for: a bounded page, or a whole list."""
    slowest_ms: float = 0.0
    """The longest any call took in the sandbox (its added latency included)."""


def _short(entry: LogEntry) -> str:
    path = str(entry.get("path", ""))
    # /channels/v1/accounts/<id>/channels → /channels: the account is the same for all.
    parts = path.split("/")
    if len(parts) > 5 and parts[3].lower() == "accounts":
        path = "/" + "/".join(parts[5:])
    query = str(entry.get("query") or "")
    return f"{entry.get('method', '?')} {path}{'?' + query if query else ''}"


def _take(entry: LogEntry) -> int:
    params = entry.get("params") or {}
    for name, values in params.items():
        if str(name).lower() == "take":
            for value in values or []:
                try:
                    return int(value)
                except (TypeError, ValueError):
                    return 0
    return 0


def tally(entries: Iterable[LogEntry], account_id: str | None = None) -> Tally:
    """Calls, bytes and requests of ``account_id`` (every account when None) in ``entries``."""
    wanted = account_id.lower() if account_id else None
    calls, size, largest, slowest = 0, 0, 0, 0.0
    requests: list[str] = []
    for entry in entries:
        if wanted is not None and str(entry.get("account_id") or "").lower() != wanted:
            continue
        calls += 1
        size += int(entry.get("response_bytes") or 0)
        largest = max(largest, _take(entry))
        slowest = max(slowest, float(entry.get("duration_ms") or 0))
        requests.append(_short(entry))
    return Tally(
        calls=calls,
        response_bytes=size,
        requests=requests,
        largest_take=largest,
        slowest_ms=slowest,
    )


def per_account(entries: Iterable[LogEntry], account_ids: Iterable[str]) -> dict[str, int]:
    """Calls per account, for the accounts named (zero for an account that made none)."""
    counts = {str(a).lower(): 0 for a in account_ids}
    for entry in entries:
        key = str(entry.get("account_id") or "").lower()
        if key in counts:
            counts[key] += 1
    return counts
