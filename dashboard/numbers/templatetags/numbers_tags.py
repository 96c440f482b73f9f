"""Template filters for numbers and keywords: money with its currency, number categories."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.template.defaultfilters import date
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import template_localtime

from dashboard.core.labels import NUMBER_PURPOSE, label
from dashboard.numbers.selectors import category_label

register = template.Library()


@register.filter
def money(amount: Any, currency: str | None = "") -> str:
    """``Decimal("1500")|money:"EUR"`` → ``EUR 1,500.00``; unknown amounts → ``—``."""
    if amount is None or amount == "":
        return "—"
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return "—"
    return f"{currency or ''} {value:,.2f}".strip()


@register.filter
def category(value: str | None) -> str:
    """``SHORTCODE`` → ``short code``."""
    return category_label(value)


@register.filter
def days(value: int | None) -> str:
    """``1`` → ``1 day``, ``5`` → ``5 days``; unknown → ``—``."""
    if value is None:
        return "—"
    return f"{value} day" if value == 1 else f"{value} days"


@register.simple_tag
def number_row(number: Any, claim_url: str = "") -> SafeString:
    """One row of the numbers list, written in Python: the rows are most of what the list,
    its filtering and its paging render, and a tag per row costs a fraction of the fifteen
    lookups and filters the same row takes in template syntax. Cells' end tags are left to
    HTML (a <td> closes at the next one)."""
    kind = number.number_type
    ownership = "Shared"
    if not number.is_shared:
        since = number.owned_since_utc
        ownership = f"Owned since {date(template_localtime(since), 'j M Y')}" if since else "Owned"
    purpose = (kind.purpose if kind else None) or []
    claim = ""
    if claim_url:
        claim = format_html(
            "<td>{}</td>",
            format_html(
                '<a href="{}?number={}">Claim a keyword<span class="visually-hidden"> on {}'
                "</span></a>",
                claim_url,
                number.id,
                number.number,
            )
            if "SMS" in purpose
            else "",
        )
    return format_html(
        '<tr><td><a href="{}/">{}</a><td>{}<td>{}<td>{}<td>{}<td>{}</td>{}</tr>',
        number.id,
        number.number or number.id,
        ownership,
        (kind.country if kind else None) or "—",
        category_label(kind.category if kind else None) or "—",
        ", ".join(label(NUMBER_PURPOSE, item) for item in purpose) or "—",
        money(kind.monthly_cost if kind else None, kind.currency if kind else ""),
        claim,
    )


def _day(value: Any) -> str:
    """``value|date:"j M Y"`` as a template writes it: in the dashboard's time zone, "" for
    none."""
    return date(template_localtime(value), "j M Y") if value else ""


@register.simple_tag
def number_request_row(row: Any, numbers_url: str) -> SafeString:
    """One row of the number requests list, written in Python for the reason ``number_row``
    is: twenty rows of lookups, dates and conditions in template syntax were most of the
    page's own time. The same HTML as the template row it replaces."""
    request = row.request
    kind = request.number_type
    status = row.status
    badge = {"Active": " badge-ok", "Cancelled": " badge-bad"}.get(status, "")
    expected = row.expected_on
    if expected:
        when = f"by {_day(expected)}"
    elif request.fulfilled_on_utc:
        when = f"Assigned {_day(request.fulfilled_on_utc)}"
    elif request.cancelled_on_utc:
        when = f"Cancelled {_day(request.cancelled_on_utc)}"
    else:
        when = "—"
    if request.phone_number_id and status == "Active":
        number = format_html(
            '<a href="{}{}/">Number {}</a>',
            numbers_url,
            request.phone_number_id,
            request.phone_number_id,
        )
    elif request.phone_number_id:
        number = format_html("{}", request.phone_number_id)
    else:
        number = "Not assigned yet"
    kind_cell = format_html(
        "{}{}",
        (kind.description if kind else None) or "Unknown type",
        format_html("<br><small>{} · {}</small>", kind.country, category_label(kind.category))
        if kind
        else "",
    )
    return format_html(
        '<tr><td>{}</td><td>{}</td><td><span class="badge{}">{}</span></td><td>{}</td>'
        "<td>{}</td></tr>",
        _day(request.created_on_utc) or "—",
        kind_cell,
        badge,
        status,
        when,
        number,
    )
