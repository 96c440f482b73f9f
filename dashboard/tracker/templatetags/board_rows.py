"""``{% board_row row account %}``: one row of the pending board, written in Python.

The rows are most of what the board renders (a page holds up to its page size of them), and
in template syntax each cost two dozen lookups, five dates, two reversed URLs and two
``blocktranslate`` blocks, each of which copies the context: about a quarter of a
millisecond a row, most of what the board's template cost. This writes the same HTML
(compared with the template row it replaced, in English, Dutch and German, when it was
written) with the same words: the translatable strings below are the template's, so the
catalogues keep working.

As in a template: values are escaped, translated literals are not (a template's translated
string literal is safe text), dates are in the dashboard's time zone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import date, timesince_filter
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext, override

from dashboard.core.render_once import per_rendering
from dashboard.core.templatetags.freshness import fresh

register = template.Library()


def _date(value: Any, format_string: str) -> str:
    """``value|date:format_string`` as a template writes it (in the dashboard's time zone)."""
    local = template_localtime(value)
    if format_string == "c":
        # All the filter's "c" writes; its formatter takes several times longer for it.
        return local.isoformat()
    return conditional_escape(date(local, format_string))


def _safe(translated: str) -> str:
    """``{% translate "…" %}``: a template's translated literal is safe text. (The callers
    call ``gettext`` themselves, so ``makemessages`` finds the words.)"""
    return mark_safe(translated)  # noqa: S308  (our own catalogue's words)


def _value(context: template.Context, value: Any) -> str:
    """``{{ value }}`` in a ``blocktranslate``: text is only escaped (what the tag's
    localizing does to a string is nothing), anything else goes the tag's whole way."""
    if isinstance(value, str):
        return conditional_escape(value) if context.autoescape else value
    return render_value_in_context(value, context)


def _block(
    context: template.Context,
    sentence: Callable[[], str],
    values: dict[str, Any],
    english: Callable[[], str] | None = None,
) -> str:
    """``{% blocktranslate trimmed %}``: the translated sentence (``sentence()``, which
    calls ``gettext`` or ``ngettext``, or gives what ``_Page`` remembered of one) with its
    values rendered and escaped as the tag renders them; a translation that breaks the
    placeholders falls back to the English sentence (``english()`` when the sentence is a
    remembered one), as the tag does."""
    data = {name: _value(context, value) for name, value in values.items()}
    try:
        return sentence() % data
    except (KeyError, ValueError):
        with override(None):
            return (english or sentence)() % data


class _Page:
    """What every row of one board rendering shares, worked out once for the page rather
    than once a row: the translated words (a ``gettext`` is a few microseconds, and a row
    asked for a dozen) and the accounts' URLs (one ``reverse`` per account, not per row).
    Kept in the render context, so it lives as long as the one rendering (one language,
    one request)."""

    def __init__(self) -> None:
        self.checked = _safe(gettext("checked"))
        self.slow = _safe(gettext("Slow"))
        self.approval_times = _safe(gettext("approval times"))
        self.waiting = _safe(gettext("Waiting for you"))
        self.overdue = _safe(gettext("Overdue"))
        self.past_expected = _safe(gettext("Flagged: past its expected date"))
        self.flagged = gettext("Flagged: %(flag)s")
        self.first_seen = gettext('First seen <time datetime="%(iso)s">%(at)s</time>')
        # The column headings every kind's table repeats (translated literals: not escaped).
        headings = "".join(
            f'<th scope="col">{word}</th>'
            for word in (
                gettext("Item"),
                gettext("Status"),
                gettext("Age"),
                gettext("Expected"),
                gettext("History"),
            )
        )
        self.head = _safe(f"<tr>{headings}</tr>")
        self.head_with_account = _safe(
            f'<tr><th scope="col">{gettext("Account")}</th>{headings}</tr>'
        )
        self.change_counts: dict[int, str] = {}
        self.statuses: dict[tuple[str, str], str] = {}
        self.item_urls: dict[Any, str] = {}
        self.approval_urls: dict[Any, str] = {}
        self.moments: dict[tuple[str, datetime], str] = {}

    def _moment(self, moment: datetime, how: str, write: Callable[[], str]) -> str:
        """``write()``, remembered for this moment: a poll stamps every item it sees with
        one moment (``last_seen``, and ``first_seen`` for those it found), so most rows
        show the same few, and formatting a date is the row's costliest part. The moments
        come from the database, all in UTC, so equal ones write the same."""
        key = (how, moment)
        found = self.moments.get(key)
        if found is None:
            found = self.moments[key] = write()
        return found

    def date(self, moment: datetime, format_string: str) -> str:
        """``moment|date:format_string``, escaped."""
        return self._moment(moment, f"|date:{format_string}", lambda: _date(moment, format_string))

    def checked_at(self, moment: datetime) -> str:
        """``{% fresh moment "checked" %}``."""
        return self._moment(moment, "checked", lambda: fresh(moment, self.checked))

    def first_seen_at(self, context: template.Context, moment: datetime) -> str:
        """The history's last line: when the tracker first saw the item."""
        return self._moment(
            moment,
            "first seen",
            lambda: _block(
                context,
                lambda: self.first_seen,
                {"iso": self.date(moment, "c"), "at": self.date(moment, "j M H:i")},
                lambda: gettext('First seen <time datetime="%(iso)s">%(at)s</time>'),
            ),
        )

    def age(self, moment: datetime) -> str:
        """``moment|timesince``, escaped."""
        return self._moment(moment, "age", lambda: conditional_escape(timesince_filter(moment)))

    def status(self, item: Any) -> str:
        """``item.status_label``: the words for a kind's status, looked up once a page."""
        key = (item.kind, item.status)
        found = self.statuses.get(key)
        if found is None:
            found = self.statuses[key] = item.status_label
        return found

    def changes(self, counter: int) -> str:
        """The history's summary sentence for this many changes (one ``ngettext`` per
        count on the page)."""
        found = self.change_counts.get(counter)
        if found is None:
            found = self.change_counts[counter] = ngettext(
                '%(counter)s change<span class="visually-hidden"> of %(label)s</span>',
                '%(counter)s changes<span class="visually-hidden"> of %(label)s</span>',
                counter,
            )
        return found

    def item_url(self, account_id: Any, item_id: int) -> str:
        """``reverse("tracker:item", args=[account_id, item_id])``, escaped: the account's
        prefix reversed once (with item 0, whose path ends in ``/0/``), the id appended."""
        prefix = self.item_urls.get(account_id)
        if prefix is None:
            zero = reverse("tracker:item", args=[account_id, 0])
            prefix = self.item_urls[account_id] = zero[: -len("0/")]
        return _escaped(f"{prefix}{int(item_id)}/")

    def approval_url(self, account_id: Any) -> str:
        url = self.approval_urls.get(account_id)
        if url is None:
            url = self.approval_urls[account_id] = _escaped(
                reverse("tracker:approval_times", args=[account_id])
            )
        return url


def _escaped(value: str) -> str:
    """Escaped text, as the template's autoescaping writes a URL."""
    return str(conditional_escape(value))


def _page(context: template.Context) -> _Page:
    return per_rendering(context, _Page)


@register.simple_tag(takes_context=True)
def board_head(context: template.Context, account: Any = None) -> str:
    """The rows' column headings, which every kind's table repeats: written once a
    rendering. ``account`` as ``board_row``'s (None: the rows name their account)."""
    page = _page(context)
    return page.head if account else page.head_with_account


@register.simple_tag(takes_context=True)
def board_row(context: template.Context, row: Any, account: Any = None) -> SafeString:
    """One pending item's row (``tracker.selectors.BoardRow``); ``account`` is the board's
    account (None: every account, so the row names its account and links its approval
    times)."""
    e = conditional_escape
    page = _page(context)
    item = row.item
    shown_label = item.display_label  # composed in the active language: once, used twice
    item_account = item.account
    parts = [
        '<tr class="overdue">' if row.overdue or row.flag else "<tr>",
        "\n            ",
        "" if account else f"<td>{e(item_account.name)}</td>",
        '\n            <td><a href="',
        page.item_url(item_account.account_id, item.pk),
        '">',
        e(shown_label),
        "</a><br><small>",
        page.checked_at(item.last_seen),
        '</small></td>\n            <td><span class="status status-',
        e(item.status),
        '">',
        e(page.status(item)),
        "</span>",
        f"<br><small>{e(item.display_detail)}</small>" if item.detail else "",
        "</td>\n            <td>",
        page.age(item.requested_at or item.first_seen),
    ]
    if row.flag:
        parts += [
            ' <strong class="badge badge-bad">',
            page.slow,
            '</strong><small class="pending-flag">',
            _block(
                context,
                lambda: page.flagged,
                {"flag": row.flag},
                lambda: gettext("Flagged: %(flag)s"),
            ),
        ]
        if not account:
            parts += [
                ' (<a href="',
                page.approval_url(item_account.account_id),
                '?period=365">',
                page.approval_times,
                "</a>)",
            ]
        parts.append("</small>")
    parts.append("</td>\n            <td>")
    if row.waits_for_customer:
        parts.append(page.waiting)
    elif item.expected_at:
        parts += [
            '<time datetime="',
            page.date(item.expected_at, "c"),
            '">',
            page.date(item.expected_at, "j M Y"),
            "</time>",
        ]
        if row.overdue:
            parts += [
                ' <strong class="badge badge-bad">',
                page.overdue,
                '</strong><small class="pending-flag">',
                page.past_expected,
                "</small>",
            ]
    else:
        parts.append("—")
    parts += [
        "</td>\n            <td>\n              <details>\n                <summary>",
        _block(
            context,
            lambda: page.changes(len(row.history)),
            {"counter": len(row.history), "label": shown_label},
            lambda: ngettext(
                '%(counter)s change<span class="visually-hidden"> of %(label)s</span>',
                '%(counter)s changes<span class="visually-hidden"> of %(label)s</span>',
                len(row.history),
            ),
        ),
        '</summary>\n                <ol class="history">\n                  ',
    ]
    for change in row.history:
        parts += [
            '\n                  <li><time datetime="',
            page.date(change.at, "c"),
            '">',
            page.date(change.at, "j M H:i"),
            "</time>: ",
            e(change.from_label),
            " → ",
            e(change.to_label),
            f" ({e(change.display_detail)})" if change.detail else "",
            "</li>\n                  ",
        ]
    parts += [
        "\n                  <li>",
        page.first_seen_at(context, item.first_seen),
        "</li>\n                </ol>\n              </details>\n            </td>\n",
        "          </tr>",
    ]
    return mark_safe("".join(map(str, parts)))  # noqa: S308  (every value escaped above)
