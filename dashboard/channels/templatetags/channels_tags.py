"""Template helpers of the channel pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

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
    the rows most of the channels page's own time. The words are translated once per call.
    """
    live = format_html('<span class="badge badge-ok">{}</span>', gettext("Live"))
    pending = format_html('<span class="badge ch-pending">{}</span>', gettext("Pending"))
    # The format once per call (date_format would look it up, by language, per row).
    date_shape = get_format("DATE_FORMAT")
    rows: list[str] = []
    for channel in channels:
        if channel.id:
            cell = format_html(
                '<a href="{}{}/">{}</a>', list_url, channel.id, channel.channel_id or channel.id
            )
        else:
            cell = conditional_escape(channel.channel_id or "—")
        created = channel.created_on_utc
        # As the template's ``|date:"DATE_FORMAT"|default:"—"``: in the current time zone.
        when = (
            format_date(template_localtime(created, use_tz=context.use_tz), date_shape)
            if created
            else ""
        )
        rows.append(
            f"<tr><td>{cell}</td><td>{pending if channel.is_pending else live}</td>"
            f"<td>{conditional_escape(when or '—')}</td></tr>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every part above is escaped
