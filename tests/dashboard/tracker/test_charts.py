"""The charts' geometry (dashboard/tracker/charts.py): bars in proportion to their counts
on a round axis, and a trend line broken where a week had no approval."""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.tracker import charts
from dashboard.tracker.stats import Bin, Week

PLOT = charts.HEIGHT - charts.TOP - charts.BOTTOM


def test_the_tallest_bar_reaches_the_round_top_of_the_axis_and_the_rest_in_proportion() -> None:
    chart = charts.histogram_chart([Bin("a", 0), Bin("b", 4), Bin("c", 5)])
    # 5 is a round top already; 4 of 5 is 80% of the plot's height
    assert [bar.height for bar in chart.bars] == [0, round(PLOT * 0.8, 1), PLOT]
    assert [bar.value for bar in chart.bars] == ["0", "4", "5"]
    assert [tick.label for tick in chart.ticks] == ["0", "1.25", "2.5", "3.75", "5"]
    assert chart.bars[2].y == charts.TOP


def test_the_trend_breaks_its_line_at_a_week_without_approvals() -> None:
    monday = date(2026, 3, 2)
    weeks = [
        Week(monday, 1, timedelta(hours=2)),
        Week(monday + timedelta(days=7), 2, timedelta(hours=4)),
        Week(monday + timedelta(days=14), 0, None),
        Week(monday + timedelta(days=21), 1, timedelta(hours=1)),
    ]
    chart = charts.trend_chart(weeks)
    assert len(chart.points) == 3
    assert len(chart.lines) == 1  # the lone point after the gap has no line
    assert chart.points[1].y == charts.TOP  # 4 h is the axis' top
    assert [tick.label for tick in chart.ticks] == ["0", "1 h", "2 h", "3 h", "4 h"]
    assert chart.points[0].label == "Week of 02 Mar 2026: 2 h"
