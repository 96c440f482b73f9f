"""Geometry of the approval-time charts, drawn as inline SVG by the template.

The strict CSP allows no inline script or style, so the charts are server-drawn: this module
turns the statistics into coordinates (SVG presentation attributes), and ``app.css`` gives
them colours through classes. Each chart has its table on the page for screen readers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext

from dashboard.tracker.stats import Bin, Week, duration_words

WIDTH = 640
HEIGHT = 240
LEFT = 56  # room for the axis labels
BOTTOM = 40
TOP = 12
RIGHT = 8


@dataclass(frozen=True)
class Bar:
    """One bar: its box, its label under it and its value above it."""

    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    label_x: float

    @property
    def value_y(self) -> float:
        """Where the value sits, just above the bar."""
        return round(self.y - 4, 1)


@dataclass(frozen=True)
class Tick:
    """A line across the plot at ``y``, labelled on the left."""

    y: float
    label: str


@dataclass(frozen=True)
class Point:
    """One week's median on the trend."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    """Everything the template draws."""

    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    points: list[Point]
    lines: list[str]
    """``points`` attributes of polylines: runs of consecutive weeks with a median."""
    labels: list[Point]
    """Labels along the bottom axis (the trend's month starts)."""
    baseline: float
    left: int = LEFT
    right: int = WIDTH - RIGHT
    axis_x: int = LEFT - 6
    """Where the left axis labels end."""

    @property
    def label_y(self) -> float:
        """Where the labels under the bars sit."""
        return self.baseline + 18


def _nice_top(value: float) -> float:
    """A round upper bound of the axis at or above ``value`` (1, 2 or 5 times a power of 10)."""
    if value <= 0:
        return 1
    step = 1.0
    while step * 10 <= value:
        step *= 10
    for factor in (1, 2, 5, 10):
        if step * factor >= value:
            return step * factor
    return step * 10


# Tops of the trend's axis, in hours: each splits into four round durations.
_HOUR_TOPS = (1, 2, 4, 8, 12, 24, 48, 96, 192, 384, 672)


def _duration_top(hours: float) -> float:
    """The smallest of ``_HOUR_TOPS`` at or above ``hours`` (whole weeks beyond)."""
    for top in _HOUR_TOPS:
        if hours <= top:
            return top
    return math.ceil(hours / (4 * 168)) * 4 * 168


def histogram_chart(bins: list[Bin]) -> Chart:
    """Bars of the distribution, one per bin."""
    plot_height = HEIGHT - TOP - BOTTOM
    top = _nice_top(max((b.count for b in bins), default=0))
    slot = (WIDTH - LEFT - RIGHT) / max(len(bins), 1)
    bars = []
    for index, found in enumerate(bins):
        height = plot_height * found.count / top
        x = LEFT + index * slot + slot * 0.15
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=found.label,
                value=str(found.count),
                label_x=round(x + slot * 0.35, 1),
            )
        )
    ticks = [
        Tick(round(TOP + plot_height * (1 - part / 4), 1), f"{top * part / 4:g}")
        for part in range(5)
    ]
    return Chart(WIDTH, HEIGHT, bars, ticks, [], [], [], baseline=TOP + plot_height)


def trend_chart(weeks: list[Week]) -> Chart:
    """The weekly median as points joined where consecutive weeks have one."""
    plot_height = HEIGHT - TOP - BOTTOM
    hours = [w.median.total_seconds() / 3600 for w in weeks if w.median is not None]
    top = _duration_top(max(hours, default=0))
    step = (WIDTH - LEFT - RIGHT) / max(len(weeks), 1)
    points: list[Point] = []
    lines: list[str] = []
    run: list[str] = []
    labels: list[Point] = []
    month = None
    for index, week in enumerate(weeks):
        x = round(LEFT + step * (index + 0.5), 1)
        if week.monday.month != month:
            month = week.monday.month
            labels.append(Point(x, HEIGHT - BOTTOM + 18, date_format(week.monday, "M")))
        if week.median is None:
            if len(run) > 1:
                lines.append(" ".join(run))
            run = []
            continue
        y = round(TOP + plot_height * (1 - week.median.total_seconds() / 3600 / top), 1)
        monday = date_format(week.monday, "d M Y")
        points.append(
            Point(
                x,
                y,
                gettext("Week of %(monday)s: %(median)s")
                % {"monday": monday, "median": week.median_text},
            )
        )
        run.append(f"{x},{y}")
    if len(run) > 1:
        lines.append(" ".join(run))
    if len(labels) > 13:  # a year: every other month, so the names do not overlap
        labels = labels[::2]
    ticks = [
        Tick(
            round(TOP + plot_height * (1 - part / 4), 1),
            duration_words(timedelta(hours=top * part / 4)) if part else "0",
        )
        for part in range(5)
    ]
    return Chart(WIDTH, HEIGHT, [], ticks, points, lines, labels, baseline=TOP + plot_height)
