"""Template helpers of the channel pages."""

from __future__ import annotations

import functools
from datetime import date, datetime, tzinfo
from html import escape
from typing import Any

from django import template
from django.conf import settings
from django.template import Context
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language, gettext

from dashboard.core.labels import CHANNEL_REQUEST_STATUS, label

register = template.Library()


@register.simple_tag
def endpoint_tests(
    histories: dict[str, list[Any]] | None, kind: str, endpoint_id: Any
) -> list[Any]:
    """An endpoint's last tests from ``probing.histories`` (none when the page has none)."""
    return (histories or {}).get(f"{kind}:{endpoint_id}", [])


@register.simple_tag(takes_context=True)
def channel_rows(context: Context, channels: list[Any], list_url: str) -> SafeString:
    """A category's table rows, one line each, as the template wrote them.

    Rendered here rather than by a ``{% for %}`` of template tags: per row the template
    translated "Live"/"Pending" again and resolved a dozen variables and filters, which made
    the rows most of the channels page's own time. The words are translated once per call,
    a day is formatted once per language (``_day_in``) and the cells are plain strings
    escaped as ``{{ }}`` would: ``format_html`` and formatting the date were still most of a
    row's time.
    """
    live = format_html('<span class="badge badge-ok">{}</span>', gettext("Live"))
    pending = format_html('<span class="badge ch-pending">{}</span>', gettext("Pending"))
    base = escape(list_url)
    zone, language = _zone(context), get_language()
    rows: list[str] = []
    for channel in channels:
        if channel.id:
            name = escape(channel.channel_id or channel.id)
            cell = f'<a href="{base}{escape(channel.id)}/">{name}</a>'
        else:
            cell = escape(channel.channel_id or "—")
        created = channel.created_on_utc
        # As the template's ``|date:"DATE_FORMAT"|default:"—"``: in the current time zone.
        when = _day_in(_day_of(created, zone), language) if created else "—"
        rows.append(
            f"<tr><td>{cell}</td><td>{pending if channel.is_pending else live}</td>"
            f"<td>{when}</td></tr>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every part above is escaped


@register.simple_tag(takes_context=True)
def request_rows(context: Context, rows: list[Any], requests_url: str) -> SafeString:
    """The channel requests list's rows (``selectors.RequestRow``), one line each, as the
    template's loop wrote them: for the reason ``channel_rows`` is, two dates, a label and a
    translated word per row in template syntax were most of the list's own time.

    A template's translated literals are safe text (not escaped): so are the words here.
    """
    zone, language = _zone(context), get_language()
    no_date = mark_safe(gettext("(no date)"))  # noqa: S308 - our catalogue's words
    overdue = mark_safe(  # noqa: S308 - our catalogue's words
        f' <span class="badge badge-bad">{gettext("Overdue")}</span>'
    )
    base = escape(requests_url)
    lines: list[str] = []
    for row in rows:
        request = row.request
        created = request.created_on_utc
        requested = _day_in(_day_of(created, zone), language) if created else no_date
        expected = "—"
        if row.expected:
            expected = _day_in(_day_of(row.expected, zone), language)
            expected += overdue if row.overdue else ""
        status = escape(row.status)
        lines.append(
            f'<tr><td><a href="{base}{escape(str(request.id))}/">{requested}</a></td>'
            f"<td>{escape(row.type_name)}</td>"
            f'<td><span class="badge ch-status-{status}">'
            f"{escape(label(CHANNEL_REQUEST_STATUS, row.status))}</span></td>"
            f"<td>{expected}</td></tr>\n"
        )
    return mark_safe("".join(lines))  # noqa: S308 - every part above is escaped


def _zone(context: Context) -> tzinfo | None:
    """The time zone ``|date`` shows a moment in: the current one, unless the rendering has
    time zones off. Looked up once per table: it is a thread-local read per row otherwise."""
    use_tz = settings.USE_TZ if context.use_tz is None else context.use_tz
    return get_current_timezone() if use_tz else None


def _day_of(moment: datetime, zone: tzinfo | None) -> date:
    """The day of ``moment`` in ``zone`` (an unaware moment, or no zone: as it is)."""
    if zone is not None and moment.utcoffset() is not None:
        moment = moment.astimezone(zone)
    return moment.date()


@functools.lru_cache(maxsize=1024)
def _day_in(day: date, language: str | None) -> str:
    """``day|date:"DATE_FORMAT"``, escaped. Formatting a date cost more than the rest of a
    row, and a page shows the same few days again and again; DATE_FORMAT names the day only
    in every language (dashboard/formats), so the day and the language are the whole key."""
    return escape(format_date(day, get_format("DATE_FORMAT")))
