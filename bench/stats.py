"""The arithmetic of the benchmarks: medians, ratios and bars, with no Django and no clock.

Kept apart so ``tests/bench`` can check it without running anything slow.
"""

from __future__ import annotations

import gzip
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


def median(values: Sequence[float]) -> float:
    """The median of ``values``; ValueError for none (a figure from no run is no figure)."""
    if not values:
        raise ValueError("median of no values")
    return float(statistics.median(values))


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or None when the denominator is zero (no meaningful
    ratio: a page that made no call has no round trip to compare with)."""
    if denominator == 0:
        return None
    return numerator / denominator


def round_trip_ratio(seconds: Sequence[float], latency_ms: float) -> float:
    """Median page time over the sandbox's added latency: 1.0 is one round trip and
    nothing else, 2.0 is two sequential round trips (or one and as much again in Python)."""
    if latency_ms <= 0:
        raise ValueError("the latency must be positive")
    return median(seconds) / (latency_ms / 1000)


def own_ms(page_seconds: float, slowest_answer_ms: float) -> float:
    """The dashboard's own time of one view, in milliseconds: its page time minus the slowest
    upstream answer of that view (0 when it made no call), never below zero (a clock's jitter
    must not make a page faster than free)."""
    return max(0.0, page_seconds * 1000 - max(0.0, slowest_answer_ms))


def gzip_size(data: bytes) -> int:
    """Bytes of ``data`` gzipped at level 9, as whitenoise compresses static files."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


@dataclass(frozen=True)
class Bar:
    """A bar of the issue: its words, and whether a figure met it."""

    text: str
    met: bool | None
    """None when it could not be measured (the figure says why)."""

    @property
    def label(self) -> str:
        """``met``, ``missed`` or ``not measured``, as the tables show it."""
        if self.met is None:
            return "not measured"
        return "met" if self.met else "missed"


def at_most(value: float | None, limit: float, text: str) -> Bar:
    """The bar ``value <= limit`` (not measured when there is no value)."""
    return Bar(text, None if value is None else value <= limit)


def at_least(value: float | None, limit: float, text: str) -> Bar:
    """The bar ``value >= limit`` (not measured when there is no value)."""
    return Bar(text, None if value is None else value >= limit)


def all_met(bars: Sequence[Bar]) -> bool | None:
    """Whether every bar was met; None when any could not be measured and none was missed."""
    if any(bar.met is False for bar in bars):
        return False
    if any(bar.met is None for bar in bars):
        return None
    return True


def bytes_growth(
    demo_bytes: int, large_bytes: int, demo_rows: int, large_rows: int
) -> float | None:
    """How much more a page view downloads on the large account than on the demo account,
    per row the page shows.

    A paged list downloads about the same per row shown whatever the account's size; a list
    fetched whole downloads about as much more as the account is larger. The demo account's
    shorter lists fill less than a page (12 keywords where a page shows 25), so bytes are
    compared per row shown: 1.0 means no growth.
    """
    if demo_bytes <= 0 or demo_rows <= 0 or large_rows <= 0:
        return None
    return (large_bytes / large_rows) / (demo_bytes / demo_rows)


def rows_shown(total: int, page_size: int) -> int:
    """Rows the first page of a list shows: the page size, or the whole list when shorter."""
    return max(0, min(total, page_size))
