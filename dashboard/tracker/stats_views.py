"""The approval-time page of an account (``/a/<uuid>/approval-times/``) and its CSV exports.

Both read the tracker's own history (``stats_selectors``): no call to CM.com. The period is
``?period=30|90|365`` (90 when absent; anything else says so and shows 90). Each chart has
its table on the page and a CSV of the same rows: ``?table=groups|distribution|weekly``.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from dashboard.accounts.models import CMAccount
from dashboard.core.htmx import render_page
from dashboard.people.access import Capability, get_account_or_404
from dashboard.tracker import charts, stats, stats_selectors
from dashboard.tracker.stats_selectors import ApprovalTimes

PAGE = "tracker/approval_times.html"
TABLES = ("groups", "distribution", "weekly")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def period_of(request: HttpRequest) -> tuple[int, str]:
    """The period asked for, and a message when it is not one the page offers."""
    raw = request.GET.get("period", "").strip()
    if not raw:
        return stats.DEFAULT_PERIOD, ""
    if raw.isdigit() and int(raw) in stats.PERIODS:
        return int(raw), ""
    shown = raw if len(raw) <= 20 else f"{raw[:20]}…"
    return stats.DEFAULT_PERIOD, gettext(
        "“%(shown)s” is not a period this page offers: choose 30, 90 or 365 days. "
        "Showing the last %(days)d days."
    ) % {"shown": shown, "days": stats.DEFAULT_PERIOD}


def _cell(value: object) -> str:
    # Group names come from CM.com: a spreadsheet must not read one as a formula.
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def table_rows(times: ApprovalTimes, table: str) -> Iterator[list[str]]:
    """The header, then the rows of one of the page's tables, as CSV cells."""
    if table == "distribution":
        yield [gettext("Approval time"), gettext("Template languages approved")]
        for found in times.distribution:
            yield [found.label, str(found.count)]
        return
    if table == "weekly":
        yield [
            gettext("Week from (Monday)"),
            gettext("Approved"),
            gettext("Median (hours)"),
            gettext("Median"),
        ]
        for week in times.weeks:
            median = stats.hours(week.median)
            yield [week.monday.isoformat(), str(week.count), median, week.median_text]
        return
    yield [
        gettext("Kind"),
        gettext("Group"),
        gettext("Approved or fulfilled"),
        gettext("Median (hours)"),
        gettext("90th percentile (hours)"),
        gettext("Rejected"),
        gettext("Median rejected (hours)"),
        gettext("90th percentile rejected (hours)"),
        gettext("Still waiting"),
    ]
    for row in [*times.rows, *times.totals]:
        done, rejected = row.done_summary, row.rejected_summary
        yield [
            _cell(row.kind_label),
            _cell(row.group),
            str(done.count),
            stats.hours(done.median),
            stats.hours(done.p90),
            str(rejected.count) if rejected else "",
            stats.hours(rejected.median) if rejected else "",
            stats.hours(rejected.p90) if rejected else "",
            str(row.waiting),
        ]


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _times(account: CMAccount, days: int) -> ApprovalTimes:
    return stats_selectors.approval_times(account, days=days, now=timezone.now())


@require_GET
def approval_times(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """How long approvals, rejections and fulfilments took in this account: charts and
    the tables behind them."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    days, problem = period_of(request)
    times = _times(account, days)
    context: dict[str, Any] = {
        "account": account,
        "times": times,
        "days": days,
        "periods": stats.PERIODS,
        "problem": problem,
        "histogram": charts.histogram_chart(times.distribution),
        "trend": charts.trend_chart(times.weeks),
        "with_data": [w for w in times.weeks if w.count],
    }
    return render_page(request, PAGE, context, fragment="approval-times")


@require_GET
def approval_times_export(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """One of the page's tables as CSV (``?table=``, ``?period=`` as on the page)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    days, _ = period_of(request)
    table = request.GET.get("table", "groups")
    if table not in TABLES:
        return HttpResponse(
            gettext("Unknown table: choose groups, distribution or weekly."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    writer = csv.writer(_Echo())
    rows = table_rows(_times(account, days), table)
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    name = slugify(account.name) or "account"
    filename = f"approval-times-{name}-{table}-{days}d-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
