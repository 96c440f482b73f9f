"""Template helpers of the channel pages."""

from __future__ import annotations

import functools
from datetime import date, datetime, tzinfo
from html import escape
from typing import Any
from urllib.parse import quote

from django import template
from django.conf import settings
from django.forms import ChoiceField
from django.template import Context
from django.utils.dateformat import format as format_date
from django.utils.formats import get_format, localize
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import get_language, gettext, ngettext

from dashboard.channels.forms import RequestFilterForm
from dashboard.core import escaping, fast_forms
from dashboard.core.labels import CHANNEL_REQUEST_STATUS, label
from dashboard.core.render_once import remembered

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


class _ProgressWords:
    """The progress bar's and stepper's fixed words in one language."""

    def __init__(self) -> None:
        self.complete = gettext("Complete")
        self.stages = gettext("Stages")
        self.done = gettext("(done)")
        self.current = gettext("(current stage)")
        self.action_required = gettext("Action required:")
        self.next = gettext("Next:")
        self.processing = gettext("(CM.com is processing)")
        self.pending_order = gettext("Pending order:")
        self.yes = gettext("yes")
        self.unknown = gettext("unknown")
        self.no = gettext("no")


@functools.lru_cache(maxsize=16)
def _progress_words(language: str | None) -> _ProgressWords:
    return _ProgressWords()


@register.simple_tag
def request_progress(progress: Any, heading_id: str) -> SafeString:
    """A channel request's state (``selectors.RequestProgress``) as a progress bar, a stepper
    with the current stage marked, the next stage (action required stands out) and whether an
    order is pending; ``heading_id`` (unique on the page) names the bar. Written here rather
    than included: the include's words and variables were most of the request page's own
    rendering. The words are translated once per language and, as a template's translated
    literals, not escaped; everything CM.com sent is."""
    words = _progress_words(get_language())
    done = escaping.escape(progress.completeness)
    named = escaping.escape(heading_id)
    out = [
        '\n<div class="ch-progress">\n  <p class="ch-completeness">\n'
        f'    <span id="{named}-completeness">{words.complete}</span>\n'
        f'    <progress value="{done}" max="100" aria-labelledby="{named}-completeness">'
        f"{done}%</progress>\n    <strong>{done}%</strong>\n  </p>\n  "
    ]
    if progress.stages:
        out.append(f'\n  <ol class="ch-stepper" aria-label="{words.stages}">\n    ')
        for stage in progress.stages:
            state = stage.state
            current = ' aria-current="step"' if state == "current" else ""
            said = (
                f'<span class="visually-hidden"> {words.done}</span>'
                if state == "done"
                else f'<span class="visually-hidden"> {words.current}</span>'
                if state == "current"
                else ""
            )
            out.append(
                f'\n    <li class="ch-step ch-step-{escaping.escape(state)}"{current}>\n'
                f'      <span class="ch-step-label">{escaping.escape(stage.label)}</span>{said}\n'
                "    </li>\n    "
            )
        out.append("\n  </ol>\n  ")
    out.append("\n  ")
    if progress.action_required:
        # The default is the template's, which never translated it.
        needed = escaping.escape(
            progress.next_label or "the customer must act before CM.com can go on"
        )
        out.append(
            f'\n  <p class="ch-action-required"><strong>{words.action_required}</strong> '
            f"{needed}.</p>\n  "
        )
    elif progress.next_label:
        processing = f" {words.processing}" if progress.next_type == "PROCESSING" else ""
        out.append(
            f'\n  <p class="ch-next-stage">{words.next} {escaping.escape(progress.next_label)}'
            f"{processing}.</p>\n  "
        )
    pending = progress.has_pending_order
    answer = (
        f"<strong>{words.yes}</strong>"
        if pending
        else words.unknown
        if pending is None
        else words.no
    )
    out.append(f'\n  <p class="ch-pending-order">{words.pending_order} {answer}</p>\n</div>\n')
    return mark_safe("".join(out))  # noqa: S308 - every part above is escaped


class _CategoryWords:
    """A category table's fixed words in one language."""

    def __init__(self) -> None:
        self.head = (
            f'<thead><tr><th scope="col">{gettext("Channel")}</th>'
            f'<th scope="col">{gettext("Status")}</th>'
            f'<th scope="col">{gettext("Created")}</th></tr></thead>'
        )
        self.previous = gettext("Previous")
        self.page = gettext("Page")
        self.next = gettext("Next")
        self.none = gettext("None yet.")


@functools.lru_cache(maxsize=16)
def _category_words(language: str | None) -> _CategoryWords:
    return _CategoryWords()


@register.simple_tag(takes_context=True)
def channel_category(
    context: Context, category: Any, list_url: str, only: str = "", state: str = ""
) -> SafeString:
    """One category's table (``selectors.CategoryGroup``): its name and counts, its rows
    (``channel_rows``) and its pager, whose links keep the ``only`` and ``state`` filters.
    Written here rather than in the template: the page shows every category, and each one's
    counts, words and pager links in template syntax cost more than its rows. The words are
    translated once per language and, as a template's translated literals, not escaped;
    everything CM.com sent is."""
    words = _category_words(get_language())
    dom_id = escaping.escape(category.dom_id)
    name = escaping.escape(category.label)
    total = category.total
    counts = ngettext("%(total)s channel", "%(total)s channels", total) % {
        "total": escaping.escape(localize(total))
    }
    if category.pending:
        counts += ", " + gettext("%(pending)s pending") % {
            "pending": escaping.escape(localize(category.pending))
        }
    out = [
        f'\n<div id="{dom_id}" class="ch-category">\n  <h3>{name} <small>{counts}</small></h3>\n  '
    ]
    if not category.channels:
        out.append(f"\n  <p>{words.none}</p>\n  \n</div>\n")
        return mark_safe("".join(out))  # noqa: S308 - every part above is escaped
    region = gettext("%(category)s channels") % {"category": name}
    out.append(
        f'\n  <div class="table-wrap" tabindex="0" role="region" aria-label="{region}">\n'
        f"    <table>\n      {words.head}\n      <tbody>\n"
        f"{channel_rows(context, category.channels, list_url)}      </tbody>\n"
        "    </table>\n  </div>\n  "
    )
    page = category.page
    if page.has_previous or page.has_next:
        lower = escaping.escape(str(category.label).lower())
        query = f"{escaping.escape(list_url)}?group={escaping.escape(quote(category.slug))}"
        if only:
            query += f"&amp;only={escaping.escape(quote(str(only)))}"
        if state:
            query += f"&amp;state={escaping.escape(state)}"
        out.append(f'\n  <nav class="pager" aria-label="Pages of {lower}">\n    <ul>\n      ')

        def link(number: int, word: str) -> str:
            href = f"{query}&amp;page={escaping.escape(localize(number))}"
            return (
                f'\n      <li><a href="{href}#{dom_id}" hx-get="{href}" hx-target="#{dom_id}" '
                f'hx-swap="outerHTML">{word} <span class="visually-hidden">{lower}</span>'
                "</a></li>\n      "
            )

        if page.has_previous:
            out.append(link(page.previous_number, words.previous))
        out.append(
            f"\n      <li>{words.page} {escaping.escape(localize(page.number))}</li>\n      "
        )
        if page.has_next:
            out.append(link(page.next_number, words.next))
        out.append("\n    </ul>\n  </nav>\n  ")
    out.append("\n  \n</div>\n")
    return mark_safe("".join(out))  # noqa: S308 - every part above is escaped


@register.simple_tag
def request_filter_fields(form: Any) -> SafeString:
    """The channel requests' filter form's fields (``forms.RequestFilterForm``), as
    ``partials/form.html`` writes them. A person opening the list gets the empty form, a
    function of the account's channel types and the language: written once for those and
    remembered (its two selects were most of the list's own rendering). A filtered one (what
    was typed, its errors) is written afresh."""
    if form.is_bound:
        return fast_forms.fields(form)
    field = form.fields["type"]
    # The first choice is "All types"; without the types the field is a typed-in id.
    types = tuple(field.choices[1:]) if isinstance(field, ChoiceField) else None
    return _empty_request_filter(types, get_language())


@remembered(maxsize=64)
def _empty_request_filter(
    types: tuple[tuple[str, str], ...] | None, language: str | None
) -> SafeString:
    return fast_forms.fields(RequestFilterForm(types=None if types is None else list(types)))
