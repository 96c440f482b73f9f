"""How long CM.com and WhatsApp take: the arithmetic behind the approval-time page and the
pending board's "waited longer than usual" flag. Plain Python over lists of moves and
durations: no query here (``stats_selectors.py`` reads the rows and calls these).

**A wait, precisely.** Each tracked item is a list of status moves (the tracker's
``StatusChange`` rows: from, to, when the poll saw it). A wait *opens* when the item enters a
waiting state and *closes* when it leaves them; it has a duration only when it closes in a
finishing state:

=================  ==========================================  =======================
kind               waiting states                              finishing states
=================  ==========================================  =======================
template language  ``validation_requested``, ``pending``       ``approved``, ``rejected``
channel request    ``pending``, ``processing``,                ``fulfilled``
                   ``action_required``
number request     ``pending``                                 ``fulfilled``
=================  ==========================================  =======================

- **Start**: the ``at`` of the latest move *into* a waiting state *from* a state that is not
  one (a draft submitted, a rejected language submitted again). When the item was already
  waiting when the tracker first stored it (no such move before the end), the start is the
  date CM.com gave for the request: a channel or number request's ``requested_at`` (its
  creation), a template language's date of the request for validation (``meta
  ["review_requested_at"]``, which the poller keeps while the language is in review, because
  ``requested_at`` is replaced by the creation date once it is decided). Where that date is
  missing or later than the end (the language was submitted again since), the item's
  ``first_seen`` is used: a lower bound, since the tracker saw it already waiting.
- **End**: the ``at`` of the move into the finishing state (``approved``, ``rejected`` or
  ``fulfilled``), so a duration can be up to one poll interval long.
- A wait that closes otherwise (``cancelled``, back to a draft) has no duration and is not
  counted. A language rejected, edited and submitted again gives two waits: one rejected,
  one approved (or still open).
- **Period**: a wait counts in the last *N* days (30, 90 or 365) when its *end* falls in
  them, ``now - N days < end <= now``, whenever it started.
- **Still waiting**: items waiting now are in no duration (their wait has no end); they are
  counted separately, whatever the period.

**Statistics.** ``median``: the middle duration, or the mean of the two middle ones for an
even count. ``percentile``: *nearest rank*, the smallest duration with at least p % of the
durations at or below it, the ``ceil(p/100 * n)``-th in ascending order (p90 of 10 durations
is the 9th, of 11 the 10th). Both are ``None`` for no durations.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dashboard.tracker.statuses import Kind

WAITING: dict[str, frozenset[str]] = {
    Kind.TEMPLATE: frozenset({"validation_requested", "pending"}),
    Kind.CHANNEL_REQUEST: frozenset({"pending", "processing", "action_required"}),
    Kind.NUMBER_REQUEST: frozenset({"pending"}),
}
FINISHING: dict[str, frozenset[str]] = {
    Kind.TEMPLATE: frozenset({"approved", "rejected"}),
    Kind.CHANNEL_REQUEST: frozenset({"fulfilled"}),
    Kind.NUMBER_REQUEST: frozenset({"fulfilled"}),
}
MEASURED_KINDS: tuple[str, ...] = (Kind.TEMPLATE, Kind.CHANNEL_REQUEST, Kind.NUMBER_REQUEST)
PERIODS: tuple[int, ...] = (30, 90, 365)
DEFAULT_PERIOD = 90


@dataclass(frozen=True)
class Move:
    """One status change of an item."""

    from_status: str
    to_status: str
    at: datetime


@dataclass(frozen=True)
class Wait:
    """One finished wait: when it started, when it ended, and how (``approved``...)."""

    start: datetime
    end: datetime
    outcome: str

    @property
    def duration(self) -> timedelta:
        """How long it took (never negative: the poll's clock and CM.com's may differ)."""
        return max(self.end - self.start, timedelta(0))


def waits(
    kind: str, moves: Iterable[Move], *, requested_at: datetime | None, first_seen: datetime
) -> list[Wait]:
    """The finished waits of one item, oldest first (see the module's definition).

    ``requested_at`` is CM.com's date of the request the item was first stored waiting for
    (the caller picks it per kind), ``first_seen`` when the tracker stored it.
    """
    waiting, finishing = WAITING[kind], FINISHING[kind]
    found: list[Wait] = []
    start: datetime | None = None
    first = True
    for move in sorted(moves, key=lambda m: m.at):
        if first and move.from_status in waiting:
            # Stored already waiting: no move records the request, CM.com's date does.
            start = requested_at if requested_at and requested_at <= move.at else first_seen
        first = False
        if move.to_status in waiting:
            if move.from_status not in waiting:
                start = move.at
            continue
        if move.to_status in finishing and start is not None:
            found.append(Wait(start=start, end=move.at, outcome=move.to_status))
        start = None
    return found


def waiting_since(
    kind: str, moves: Iterable[Move], *, requested_at: datetime | None, first_seen: datetime
) -> datetime:
    """When the open wait of an item waiting now started, by the same rule as ``waits``."""
    waiting = WAITING[kind]
    entered = [m.at for m in moves if m.to_status in waiting and m.from_status not in waiting]
    if entered:
        return max(entered)
    return requested_at or first_seen


def in_period(end: datetime, *, now: datetime, days: int) -> bool:
    """Whether a wait that ended at ``end`` counts in the last ``days`` days."""
    return now - timedelta(days=days) < end <= now


# --- statistics --------------------------------------------------------------------------------


def median(durations: Sequence[timedelta]) -> timedelta | None:
    """The middle duration; the mean of the two middle ones for an even count."""
    ordered = sorted(durations)
    n = len(ordered)
    if n == 0:
        return None
    if n % 2:
        return ordered[n // 2]
    return (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def percentile(durations: Sequence[timedelta], p: float) -> timedelta | None:
    """The nearest-rank ``p``-th percentile: the ``ceil(p/100 * n)``-th smallest."""
    ordered = sorted(durations)
    if not ordered:
        return None
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass(frozen=True)
class Summary:
    """Count, median and 90th percentile of some durations."""

    count: int
    median: timedelta | None
    p90: timedelta | None

    @property
    def median_text(self) -> str:
        """The median in words (— for none)."""
        return duration_words(self.median)

    @property
    def p90_text(self) -> str:
        """The 90th percentile in words (— for none)."""
        return duration_words(self.p90)


def summarise(durations: Sequence[timedelta]) -> Summary:
    """Count, median and nearest-rank 90th percentile."""
    return Summary(count=len(durations), median=median(durations), p90=percentile(durations, 90))


def duration_words(value: timedelta | None) -> str:
    """A duration as people read it: ``45 min``, ``5 h 10 min``, ``3 d 4 h`` (— for none)."""
    if value is None:
        return "—"
    minutes = round(value.total_seconds() / 60)
    if minutes < 1:
        return gettext("under 1 min")
    if minutes < 60:
        return gettext("%(minutes)d min") % {"minutes": minutes}
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        if rest:
            return gettext("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
        return gettext("%(hours)d h") % {"hours": hours}
    days, hours = divmod(hours, 24)
    if hours:
        return gettext("%(days)d d %(hours)d h") % {"days": days, "hours": hours}
    return gettext("%(days)d d") % {"days": days}


def hours(value: timedelta | None) -> str:
    """A duration in hours with two decimals, for CSV ("" for none)."""
    return "" if value is None else f"{value.total_seconds() / 3600:.2f}"


# --- the charts' data ----------------------------------------------------------------------------

# Bins of the distribution: lower bound included, upper excluded.
BINS: tuple[tuple[Promise, timedelta, timedelta | None], ...] = (
    (_("under 1 h"), timedelta(0), timedelta(hours=1)),
    (_("1 to 6 h"), timedelta(hours=1), timedelta(hours=6)),
    (_("6 to 24 h"), timedelta(hours=6), timedelta(hours=24)),
    (_("1 to 2 d"), timedelta(days=1), timedelta(days=2)),
    (_("2 to 3 d"), timedelta(days=2), timedelta(days=3)),
    (_("3 to 7 d"), timedelta(days=3), timedelta(days=7)),
    (_("7 d or more"), timedelta(days=7), None),
)


@dataclass(frozen=True)
class Bin:
    """One bar of the distribution."""

    label: str
    count: int


def histogram(durations: Iterable[timedelta]) -> list[Bin]:
    """How many durations fall in each of ``BINS``."""
    counts = [0] * len(BINS)
    for value in durations:
        for index, (_label, low, high) in enumerate(BINS):
            if value >= low and (high is None or value < high):
                counts[index] += 1
                break
    return [
        Bin(str(label), count) for (label, _low, _high), count in zip(BINS, counts, strict=True)
    ]


@dataclass(frozen=True)
class Week:
    """One week of the trend: its Monday, how many finished, their median."""

    monday: date
    count: int
    median: timedelta | None

    @property
    def median_text(self) -> str:
        """The median in words."""
        return duration_words(self.median)


def monday_of(day: date) -> date:
    """The Monday of the week ``day`` is in."""
    return day - timedelta(days=day.weekday())


def weekly(
    finished: Iterable[tuple[date, timedelta]], *, first_day: date, last_day: date
) -> list[Week]:
    """Each week from ``first_day``'s to ``last_day``'s, with the median of the durations
    that ended in it (``finished``: local end date, duration). Empty weeks are kept, with no
    median, so a chart shows the gap."""
    by_week: dict[date, list[timedelta]] = {}
    for day, duration in finished:
        by_week.setdefault(monday_of(day), []).append(duration)
    weeks = []
    monday = monday_of(first_day)
    while monday <= last_day:
        found = by_week.get(monday, [])
        weeks.append(Week(monday=monday, count=len(found), median=median(found)))
        monday += timedelta(days=7)
    return weeks
