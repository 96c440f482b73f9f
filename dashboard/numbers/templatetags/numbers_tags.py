"""Template filters and tags for numbers and keywords: money with its currency, number
categories, the lists' rows (written in Python) and the section's own menu."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.conf import settings
from django.template.defaultfilters import date
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from dashboard.core.escaping import escape
from dashboard.core.labels import NUMBER_PURPOSE, label
from dashboard.core.paging import Page
from dashboard.core.render_once import per_rendering, remembered
from dashboard.core.templatetags.freshness import fresh
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


@register.simple_tag
def numbers_subnav(account: Any, section: str) -> SafeString:
    """The numbers section's own menu (``numbers/_subnav.html``, ``section`` current)."""
    args = (account.account_id, section, get_language(), get_script_prefix(), get_urlconf())
    return _subnav(*args)


@remembered(maxsize=1024)
def _subnav(
    account_id: Any, section: str, language: str | None, prefix: str, urlconf: Any
) -> SafeString:
    """A function of these alone, and on every page of the section: rendered once and
    remembered (four reversed links and five translated words were ~0.6 ms a page; issue 19).
    ``language`` for the words, the URL configuration and script prefix for the links."""
    menu = render_to_string("numbers/_subnav.html", {"account_id": account_id, "section": section})
    return mark_safe(menu)  # noqa: S308  (the template's own escaped output)


@register.simple_tag(takes_context=True)
def list_panel(
    context: template.Context,
    table: str,
    noun: str,
    what: str,
    region: str,
    pager_what: str,
    export_url: str = "",
) -> SafeString:
    """A filtered, paged list's results, what htmx swaps when filtering or paging: the table
    (the template ``table``, rendered in this context), why there is none, or a failure; then
    the pager and, when the list has one, its CSV export link (``export_url``, relative to the
    list). Reads ``results``, ``panel`` (the results' id), ``query`` (the filters, urlencoded)
    and ``request`` from the context. ``noun`` is plural ("keywords"), ``what`` names the list
    in a failure ("The keywords"), ``region`` is the table's aria-label, ``pager_what`` the
    pager's noun.

    Written in Python rather than included (with the pager included in it): the two includes,
    their ``with`` and a dozen lookups and translated words were ~0.25 ms of every list page,
    its filtering and its paging (issue 19). Translated words and the
    templates' literals (the nouns) are safe text, as in a template; every value escaped."""
    results = context.get("results")
    panel = context.get("panel", "")
    query = context.get("query", "")
    failed = getattr(results, "is_failure", False) is True
    out = [f'\n<div id="{escape(panel)}">\n']
    if results and not failed and results.read_at:
        out.append(f'<p class="read-at">{fresh(results.read_at)}</p>\n')
    if results is None:
        words = gettext("Fix the filters above to see")
        out.append(f'<p role="status">{words} {escape(noun)}.</p>\n')
    elif failed:
        request = context.get("request")
        here = request.get_full_path() if request is not None else ""
        shown = {
            "failure": results,
            "what": what,
            "retry_href": here,
            "retry_get": here,
            "retry_target": f"#{panel}",
        }
        out.append(f"{_included(context, 'partials/upstream_unavailable.html', shown)}\n")
    elif results.items:
        out.append(
            f'<div class="table-wrap" tabindex="0" role="region" aria-label="{escape(region)}">'
            f"\n{_included(context, table, {})}</div>\n{_pager(results, query, panel, pager_what)}"
        )
    else:
        no, match = gettext("No"), gettext("match these filters.")
        out.append(f'<p role="status">{no} {escape(noun)} {match}</p>\n')
    if export_url and results and not failed:
        href = escape(export_url) + (f"?{escape(query)}" if query else "")
        out.append(
            f'<p><a href="{href}" download>{gettext("Export these")} {escape(noun)} '
            f"{gettext('as CSV')}</a> <small>{gettext('(every page, with the filters above)')}"
            "</small></p>\n"
        )
    out.append("</div>\n")
    return mark_safe("".join(out))  # noqa: S308  (every value escaped, the words are ours)


def _included(context: template.Context, name: str, values: dict[str, Any]) -> str:
    """``{% include name with values %}``: the template rendered in this context."""
    included = context.template.engine.get_template(name)  # type: ignore[union-attr]
    with context.push(**values):
        return included.render(context)


def _pager(page: Page[Any], query: str, panel: str, what: str) -> str:
    """Previous/next for a page of a list paged upstream (no total is known: the extra item
    says "next"), each link swapping the panel ``panel``; ``query`` the filters, urlencoded.
    Only for a page with items (an empty one shows no pager)."""
    before = f"?{escape(query)}&amp;page=" if query else "?page="
    target, what = escape(f"#{panel}"), escape(what)

    def link(number: int, words: str) -> str:
        return (
            f'<li><a href="{before}{number}" hx-get="{before}{number}" hx-target="{target}" '
            f'hx-swap="outerHTML" hx-push-url="true">{words}</a></li>'
        )

    where = gettext("Page %(number)s: %(what)s %(first)s to %(last)s") % {
        "number": page.number,
        "what": what,
        "first": page.first_index,
        "last": page.last_index,
    }
    previous = link(page.previous_number, gettext("Previous page")) if page.has_previous else ""
    following = link(page.next_number, gettext("Next page")) if page.has_next else ""
    pages_of = gettext("Pages of %(what)s") % {"what": what}
    return (
        f'<nav aria-label="{pages_of}" class="pager"><ul>\n{previous}\n<li>{where}</li>\n'
        f"{following}\n</ul></nav>\n"
    )


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

    def day(self, value: Any) -> str:
        """``value|date:"j M Y"`` as a template writes it: in the dashboard's time zone, ""
        for none. The zone and the language are looked up once for the page (each is a
        context-local lookup, and a row of dates asked for them a few times)."""
        if not value:
            return ""
        if isinstance(value, datetime) and settings.USE_TZ and not timezone.is_naive(value):
            value = timezone.localtime(value, self.once("zone", timezone.get_current_timezone))
        day = value.date() if isinstance(value, datetime) else value
        return _day_in(day, self.once("language", get_language))


@functools.lru_cache(maxsize=1024)
def _day_in(day: Any, language: str | None) -> str:
    # Formatting a date costs more than the rest of a row's cell: a list shows the same
    # few days again and again, page after page. DATE_FORMAT names the day only, in every
    # language (dashboard/formats), so the day and the language are the whole key.
    return date(day, "DATE_FORMAT")


def _page(context: template.Context) -> _Page:
    return per_rendering(context, _Page)


def _rows(context: template.Context, items: Any, row: Callable[..., str], *args: Any) -> SafeString:
    """The rows of a table body, each on a line of its own (as the template loop that called a
    tag per row wrote them): one tag for the body skips the loop's work per row."""
    page = _page(context)
    return mark_safe("".join(f"{row(page, item, *args)}\n" for item in items))  # noqa: S308


@register.simple_tag(takes_context=True)
def number_rows(context: template.Context, numbers: Any, claim_url: str = "") -> SafeString:
    """The numbers list's rows (``_number_row``)."""
    return _rows(context, numbers, _number_row, claim_url)


def _number_row(page: _Page, number: Any, claim_url: str) -> str:
    """One row of the numbers list, written in Python: the rows are most of what the list,
    its filtering and its paging render, and Python costs a fraction of the fifteen lookups
    and filters the same row takes in template syntax. Cells' end tags are left to HTML (a
    <td> closes at the next one)."""
    kind = number.number_type
    if number.is_shared:
        ownership = page.once("Shared", lambda: gettext("Shared"))
    elif number.owned_since_utc:
        since = page.once("Owned since", lambda: gettext("Owned since %(day)s"))
        ownership = since % {"day": page.day(number.owned_since_utc)}
    else:
        ownership = page.once("Owned", lambda: gettext("Owned"))
    purpose = (kind.purpose if kind else None) or []
    claim = ""
    if claim_url:
        link = ""
        if "SMS" in purpose:
            words = page.once("Claim a keyword", lambda: escape(gettext("Claim a keyword")))
            on_number = page.once("on number", lambda: gettext("on %(number)s"))
            link = (
                f'<a href="{escape(claim_url)}?number={escape(number.id)}">{words}<span '
                'class="visually-hidden"> '
                f"{escape(on_number % {'number': number.number})}</span></a>"
            )
        claim = f"<td>{link}</td>"
    purposes = ", ".join(page.purpose(item) for item in purpose) or "—"
    cost = money(kind.monthly_cost if kind else None, kind.currency if kind else "")
    return (
        f'<tr><td><a href="{escape(number.id)}/">{escape(number.number or number.id)}</a>'
        f"<td>{escape(ownership)}<td>{escape((kind.country if kind else None) or '—')}"
        f"<td>{escape(page.category(kind.category if kind else None) or '—')}"
        f"<td>{escape(purposes)}<td>{escape(cost)}</td>{claim}</tr>"
    )


@register.simple_tag(takes_context=True)
def number_type_rows(
    context: template.Context, kinds: Any, can_request: bool = False
) -> SafeString:
    """The number types list's rows (``_number_type_row``)."""
    return _rows(context, kinds, _number_type_row, can_request)


def _number_type_row(page: _Page, kind: Any, can_request: bool) -> str:
    """One row of the number types list, written in Python for the reason ``_number_row`` is:
    a row in template syntax (fifteen lookups and filters, nine translated words) cost half a
    millisecond, and the rows were most of the page's own time. The same HTML as the template
    row it replaces; ``can_request`` adds the "Check cost" cell (the table's one form).
    A template's translated literals are safe text (not escaped): so are the words here."""
    currency = kind.currency
    start_up, a_month, notice = page.once(
        "costs", lambda: (gettext("start-up"), gettext("a month"), gettext("notice"))
    )

    def costs(startup_cost: Any, monthly_cost: Any, notice_days: int | None) -> str:
        return (
            f'<td class="nb-costs">{escape(money(startup_cost, currency))} {start_up}<br>'
            f"{escape(money(monthly_cost, currency))} {a_month}<br>"
            f"<small>{escape(page.days(notice_days))} {notice}</small></td>"
        )

    request = ""
    if can_request:
        if kind.category == "SHORTCODE":
            refused = page.once(
                "Short codes",
                lambda: gettext("Short codes are not rented here: ask CM.com support."),
            )
            request = f"<td><small>{refused}</small></td>"
        else:
            check = page.once("Check cost", lambda: gettext("Check cost"))
            of_requesting = page.once("of requesting", lambda: gettext("of requesting"))
            request = (
                f'<td><button type="submit" name="number_type_id" value="{escape(kind.id)}" '
                f'class="small secondary">{check}<span class="visually-hidden"> {of_requesting} '
                f"{escape(kind.description or kind.id)}</span></button></td>"
            )
    # ``purpose|join:", "|default:"—"``: each item escaped, the joined whole not again.
    purposes = ", ".join(escape(item) for item in kind.purpose or ()) or "—"
    number_costs = costs(kind.startup_cost, kind.monthly_cost, kind.notice_period_days)
    keyword_costs = costs(
        kind.keyword_startup_cost, kind.keyword_monthly_cost, kind.keyword_notice_period_days
    )
    return (
        f"<tr><td>{escape(kind.description or kind.category)}<br><small>{escape(kind.country)} · "
        f"{escape(page.category(kind.category))}</small></td><td>{purposes}</td>"
        f"{number_costs}{keyword_costs}"
        f"<td>{escape(page.days(kind.number_request_processing_days))}</td>{request}</tr>"
    )


@register.simple_tag(takes_context=True)
def number_request_rows(context: template.Context, rows: Any, numbers_url: str) -> SafeString:
    """The number requests list's rows (``_number_request_row``)."""
    return _rows(context, rows, _number_request_row, numbers_url)


def _number_request_row(page: _Page, row: Any, numbers_url: str) -> str:
    """One row of the number requests list, written in Python for the reason ``_number_row``
    is: twenty rows of lookups, dates and conditions in template syntax were most of the
    page's own time. The same HTML as the template row it replaces."""
    request = row.request
    kind = request.number_type
    status = row.status
    badge = {"Active": " badge-ok", "Cancelled": " badge-bad"}.get(status, "")
    expected = row.expected_on
    if expected:
        when = page.once("by", lambda: gettext("by %(day)s")) % {"day": page.day(expected)}
    elif request.fulfilled_on_utc:
        when = page.once("Assigned", lambda: gettext("Assigned %(day)s")) % {
            "day": page.day(request.fulfilled_on_utc)
        }
    elif request.cancelled_on_utc:
        when = page.once("Cancelled on", lambda: gettext("Cancelled %(day)s")) % {
            "day": page.day(request.cancelled_on_utc)
        }
    else:
        when = "—"
    number_id = request.phone_number_id
    if number_id and status == "Active":
        words = page.once("Number", lambda: gettext("Number %(id)s")) % {"id": number_id}
        number = f'<a href="{escape(numbers_url)}{escape(number_id)}/">{escape(words)}</a>'
    elif number_id:
        number = escape(number_id)
    else:
        number = page.once("Not assigned yet", lambda: escape(gettext("Not assigned yet")))
    what = (kind.description if kind else None) or page.once(
        "Unknown type", lambda: gettext("Unknown type")
    )
    kind_cell = escape(what)
    if kind:
        kind_cell += (
            f"<br><small>{escape(kind.country)} · {escape(page.category(kind.category))}</small>"
        )
    status_words = page.once(("status", status), lambda: str(STATUS_WORDS.get(status, status)))
    return (
        f"<tr><td>{escape(page.day(request.created_on_utc) or '—')}</td><td>{kind_cell}</td>"
        f'<td><span class="badge{badge}">{escape(status_words)}</span></td><td>{escape(when)}</td>'
        f"<td>{number}</td></tr>"
    )


def _text(value: Any) -> str:
    """``{{ value }}`` of a text (or None) field as a template writes it: escaped, None as
    "None"."""
    return escape("None" if value is None else value)


@register.simple_tag(takes_context=True)
def keyword_rows(context: template.Context, claims: Any) -> SafeString:
    """The keywords list's rows (``_keyword_row``)."""
    return _rows(context, claims, _keyword_row)


def _keyword_row(page: _Page, claim: Any) -> str:
    """One row of the keywords list, written in Python for the reason ``_number_row`` is: a
    dozen lookups, filters and a translated word per row in template syntax were most of the
    page's own time. The same HTML as the template row it replaces (cells' end tags left to
    HTML); every value escaped here, "on" is our catalogue's."""
    on = page.once("on", lambda: gettext("on"))
    phone = claim.phone_number
    return (
        f'<tr><td><a href="{_text(claim.id)}/">{_text(claim.keyword)}'
        f'<span class="visually-hidden"> {on} {_text(phone)}</span></a>'
        f"<td>{_text(phone or '—')}<td>{_text(claim.country or '—')}"
        f"<td>{escape(money(claim.startup_cost, claim.currency))}"
        f"<td>{escape(money(claim.monthly_cost, claim.currency))}"
        f"<td>{escape(page.days(claim.notice_period_days))}"
        f"<td>{escape(page.day(claim.claimed_on_utc) or '—')}"
    )
