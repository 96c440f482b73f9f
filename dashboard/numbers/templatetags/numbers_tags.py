"""Template filters for numbers and keywords: money with its currency, number categories."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.template.defaultfilters import date
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from dashboard.core.labels import NUMBER_PURPOSE, label
from dashboard.core.render_once import per_rendering
from dashboard.numbers.selectors import category_label

register = template.Library()

# A number request's status (``selectors`` names it in English, and compares it) in words.
STATUS_WORDS = {
    "Pending": gettext_lazy("Pending"),
    "Active": gettext_lazy("Active"),
    "Cancelled": gettext_lazy("Cancelled"),
    "Closed": gettext_lazy("Closed"),
}


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
    return ngettext("%(days)s day", "%(days)s days", value) % {"days": value}


class _Page(dict[Any, Any]):
    """What the rows of one list rendering share, worked out once for the page rather than
    once a row: translated words (a row asked for up to a dozen ``gettext`` calls), a
    category's or purpose's words, "5 days". Kept in the render context, so it lives as long
    as the one rendering (one language, one request)."""

    def once(self, key: Any, make: Callable[[], Any]) -> Any:
        try:
            return self[key]
        except KeyError:
            found = self[key] = make()
            return found

    def category(self, value: str | None) -> str:
        return self.once(("category", value), lambda: category_label(value))

    def purpose(self, value: str) -> str:
        return self.once(("purpose", value), lambda: label(NUMBER_PURPOSE, value))

    def days(self, value: int | None) -> str:
        return self.once(("days", value), lambda: days(value))


def _page(context: template.Context) -> _Page:
    return per_rendering(context, _Page)


@register.simple_tag(takes_context=True)
def number_row(context: template.Context, number: Any, claim_url: str = "") -> SafeString:
    """One row of the numbers list, written in Python: the rows are most of what the list,
    its filtering and its paging render, and a tag per row costs a fraction of the fifteen
    lookups and filters the same row takes in template syntax. Cells' end tags are left to
    HTML (a <td> closes at the next one)."""
    page = _page(context)
    kind = number.number_type
    if number.is_shared:
        ownership = page.once("Shared", lambda: gettext("Shared"))
    else:
        since = number.owned_since_utc
        ownership = (
            page.once("Owned since", lambda: gettext("Owned since %(day)s")) % {"day": _day(since)}
            if since
            else page.once("Owned", lambda: gettext("Owned"))
        )
    purpose = (kind.purpose if kind else None) or []
    claim = ""
    if claim_url:
        claim = format_html(
            "<td>{}</td>",
            format_html(
                '<a href="{}?number={}">{}<span class="visually-hidden"> {}</span></a>',
                claim_url,
                number.id,
                page.once("Claim a keyword", lambda: gettext("Claim a keyword")),
                page.once("on number", lambda: gettext("on %(number)s"))
                % {"number": number.number},
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
        page.category(kind.category if kind else None) or "—",
        ", ".join(page.purpose(item) for item in purpose) or "—",
        money(kind.monthly_cost if kind else None, kind.currency if kind else ""),
        claim,
    )


@register.simple_tag(takes_context=True)
def number_type_row(context: template.Context, kind: Any, can_request: bool = False) -> SafeString:
    """One row of the number types list, written in Python for the reason ``number_row`` is:
    a row in template syntax (fifteen lookups and filters, nine translated words) cost half a
    millisecond, and the rows were most of the page's own time. The same HTML as the template
    row it replaces; ``can_request`` adds the "Check cost" cell (the table's one form)."""
    page = _page(context)
    currency = kind.currency
    # A template's translated literals are safe text (not escaped): so are these.
    start_up, a_month, notice = page.once(
        "costs",
        lambda: (
            mark_safe(gettext("start-up")),  # noqa: S308
            mark_safe(gettext("a month")),  # noqa: S308
            mark_safe(gettext("notice")),  # noqa: S308
        ),
    )
    costs = '<td class="nb-costs">{} {}<br>{} {}<br><small>{} {}</small></td>'
    request = ""
    if can_request:
        request = format_html(
            "<td>{}</td>",
            format_html(
                "<small>{}</small>",
                page.once(
                    "Short codes",
                    lambda: mark_safe(  # noqa: S308
                        gettext("Short codes are not rented here: ask CM.com support.")
                    ),
                ),
            )
            if kind.category == "SHORTCODE"
            else format_html(
                '<button type="submit" name="number_type_id" value="{}" class="small secondary">'
                '{}<span class="visually-hidden"> {} {}</span></button>',
                kind.id,
                page.once("Check cost", lambda: mark_safe(gettext("Check cost"))),  # noqa: S308
                page.once("of requesting", lambda: mark_safe(gettext("of requesting"))),  # noqa: S308
                kind.description or kind.id,
            ),
        )
    return format_html(
        "<tr><td>{}<br><small>{} · {}</small></td><td>{}</td>{}{}<td>{}</td>{}</tr>",
        kind.description or kind.category,
        kind.country,
        page.category(kind.category),
        # ``purpose|join:", "|default:"—"``: each item escaped, the joined whole not again.
        mark_safe(", ".join(conditional_escape(item) for item in kind.purpose or ())) or "—",  # noqa: S308
        format_html(
            costs,
            money(kind.startup_cost, currency),
            start_up,
            money(kind.monthly_cost, currency),
            a_month,
            page.days(kind.notice_period_days),
            notice,
        ),
        format_html(
            costs,
            money(kind.keyword_startup_cost, currency),
            start_up,
            money(kind.keyword_monthly_cost, currency),
            a_month,
            page.days(kind.keyword_notice_period_days),
            notice,
        ),
        page.days(kind.number_request_processing_days),
        request,
    )


def _day(value: Any) -> str:
    """``value|date:"j M Y"`` as a template writes it: in the dashboard's time zone, "" for
    none."""
    if not value:
        return ""
    local = template_localtime(value)
    return _day_in(local.date() if isinstance(local, datetime) else local, get_language())


@functools.lru_cache(maxsize=1024)
def _day_in(day: Any, language: str | None) -> str:
    # Formatting a date costs more than the rest of a row's cell: a list shows the same
    # few days again and again, page after page. DATE_FORMAT names the day only, in every
    # language (dashboard/formats), so the day and the language are the whole key.
    return date(day, "DATE_FORMAT")


@register.simple_tag(takes_context=True)
def number_request_row(context: template.Context, row: Any, numbers_url: str) -> SafeString:
    """One row of the number requests list, written in Python for the reason ``number_row``
    is: twenty rows of lookups, dates and conditions in template syntax were most of the
    page's own time. The same HTML as the template row it replaces."""
    page = _page(context)
    request = row.request
    kind = request.number_type
    status = row.status
    badge = {"Active": " badge-ok", "Cancelled": " badge-bad"}.get(status, "")
    expected = row.expected_on
    if expected:
        when = page.once("by", lambda: gettext("by %(day)s")) % {"day": _day(expected)}
    elif request.fulfilled_on_utc:
        when = page.once("Assigned", lambda: gettext("Assigned %(day)s")) % {
            "day": _day(request.fulfilled_on_utc)
        }
    elif request.cancelled_on_utc:
        when = page.once("Cancelled on", lambda: gettext("Cancelled %(day)s")) % {
            "day": _day(request.cancelled_on_utc)
        }
    else:
        when = "—"
    if request.phone_number_id and status == "Active":
        number = format_html(
            '<a href="{}{}/">{}</a>',
            numbers_url,
            request.phone_number_id,
            page.once("Number", lambda: gettext("Number %(id)s")) % {"id": request.phone_number_id},
        )
    elif request.phone_number_id:
        number = format_html("{}", request.phone_number_id)
    else:
        number = page.once("Not assigned yet", lambda: gettext("Not assigned yet"))
    kind_cell = format_html(
        "{}{}",
        (kind.description if kind else None)
        or page.once("Unknown type", lambda: gettext("Unknown type")),
        format_html("<br><small>{} · {}</small>", kind.country, page.category(kind.category))
        if kind
        else "",
    )
    return format_html(
        '<tr><td>{}</td><td>{}</td><td><span class="badge{}">{}</span></td><td>{}</td>'
        "<td>{}</td></tr>",
        _day(request.created_on_utc) or "—",
        kind_cell,
        badge,
        page.once(("status", status), lambda: str(STATUS_WORDS.get(status, status))),
        when,
        number,
    )


def _text(value: Any) -> str:
    """``{{ value }}`` of a text (or None) field as a template writes it: escaped, None as
    "None"."""
    return conditional_escape("None" if value is None else value)


@register.simple_tag(takes_context=True)
def keyword_row(context: template.Context, claim: Any) -> SafeString:
    """One row of the keywords list, written in Python for the reason ``number_row`` is: a
    dozen lookups, filters and a translated word per row in template syntax were most of the
    page's own time. The same HTML as the template row it replaces (cells' end tags left to
    HTML)."""
    page = _page(context)
    on = page.once("on", lambda: gettext("on"))
    phone = claim.phone_number
    return mark_safe(  # noqa: S308  (every value escaped here; "on" is our catalogue's)
        f'<tr><td><a href="{_text(claim.id)}/">{_text(claim.keyword)}'
        f'<span class="visually-hidden"> {on} {_text(phone)}</span></a>'
        f"<td>{_text(phone or '—')}<td>{_text(claim.country or '—')}"
        f"<td>{conditional_escape(money(claim.startup_cost, claim.currency))}"
        f"<td>{conditional_escape(money(claim.monthly_cost, claim.currency))}"
        f"<td>{conditional_escape(page.days(claim.notice_period_days))}"
        f"<td>{conditional_escape(_day(claim.claimed_on_utc) or '—')}"
    )
