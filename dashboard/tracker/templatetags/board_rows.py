"""``{% board_row row account %}``: one row of the pending board, written in Python; and
``{% board_panel panel %}`` (with ``{% last_poll panel %}``), one account's polling panel.

The rows are most of what the board renders (a page holds up to its page size of them), and
in template syntax each cost two dozen lookups, five dates, two reversed URLs and two
``blocktranslate`` blocks, each of which copies the context: about a quarter of a
millisecond a row, most of what the board's template cost. This writes the same HTML
(compared with the template row it replaced, in English, Dutch and German, when it was
written) with the same words: the translatable strings below are the template's, so the
catalogues keep working.

The panels are written the same way, for the same reason: an admin's board has one per
account (about a fifth of a millisecond each in template syntax, "Poll now" form included:
some two fifths of the board of an admin with fifty accounts).

As in a template: values are escaped, translated literals are not (a template's translated
string literal is safe text), dates are in the dashboard's time zone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import date
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import TIME_STRINGS, timesince
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext, override

from dashboard.core.escaping import escape
from dashboard.core.render_once import per_rendering
from dashboard.core.templatetags.freshness import fresh

register = template.Library()


def _date(value: Any, format_string: str) -> str:
    """``value|date:format_string`` as a template writes it (in the dashboard's time zone)."""
    local = template_localtime(value)
    if format_string == "c":
        # All the filter's "c" writes; its formatter takes several times longer for it.
        return local.isoformat()
    return _escaped(date(local, format_string))


def _escaped(value: Any) -> SafeString:
    """``value`` escaped, and marked so: text a ``blocktranslate`` value may take as it is."""
    return mark_safe(escape(value))  # noqa: S308  (escaped)


def _safe(translated: str) -> str:
    """``{% translate "…" %}``: a template's translated literal is safe text. (The callers
    call ``gettext`` themselves, so ``makemessages`` finds the words.)"""
    return mark_safe(translated)  # noqa: S308  (our own catalogue's words)


def _value(context: template.Context, value: Any) -> str:
    """``{{ value }}`` in a ``blocktranslate``: text is only escaped (what the tag's
    localizing does to a string is nothing), anything else goes the tag's whole way."""
    if isinstance(value, str):
        return escape(value) if context.autoescape else value
    return render_value_in_context(value, context)


def blocktranslated(
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


# Reversed once a rendering with this account id in place of the real one, which is then
# substituted: one ``reverse`` per URL name on a page rather than one per account.
_ANY_ACCOUNT = uuid.UUID(int=0)
# What each date format of the board reads of a moment: a moment the page already wrote in
# that format to the same day (or minute) writes the same, so it is written once.
_FORMAT_READS: dict[str, Callable[[datetime], object]] = {
    "j M Y": lambda local: local.date(),
    "j M H:i": lambda local: local.replace(second=0, microsecond=0),
    "j M Y H:i": lambda local: local.replace(second=0, microsecond=0),
}


class _Unit:
    """One of ``timesince``'s units (``"%(num)d days"``, a lazy ``ngettext``): each number of
    it said once a page, instead of translated again for every age."""

    def __init__(self, words: Any) -> None:
        self.words = words
        self.said: dict[int, str] = {}

    def __mod__(self, values: dict[str, int]) -> str:
        number = values["num"]
        found = self.said.get(number)
        if found is None:
            found = self.said[number] = self.words % values
        return found


class _Paths:
    """URLs of an account's pages, one ``reverse`` per URL name and rendering (see
    ``_ANY_ACCOUNT``), escaped as the template's ``{% url %}`` writes them."""

    def __init__(self) -> None:
        self.patterns: dict[str, str] = {}
        self.found: dict[tuple[str, Any], str] = {}

    def of(self, name: str, account_id: Any) -> str:
        key = (name, account_id)
        url = self.found.get(key)
        if url is None:
            pattern = self.patterns.get(name)
            if pattern is None:
                pattern = self.patterns[name] = reverse(name, args=[_ANY_ACCOUNT])
            url = escape(pattern.replace(str(_ANY_ACCOUNT), str(account_id)))
            self.found[key] = url
        return url


class _Page:
    """What every row of one board rendering shares, worked out once for the page rather
    than once a row: the translated words (a ``gettext`` is a few microseconds, and a row
    asked for a dozen) and the accounts' URLs (one ``reverse`` per URL name, not per row).
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
        self.units = {name: _Unit(words) for name, words in TIME_STRINGS.items()}
        self.paths = _Paths()
        self.change_counts: dict[int, str] = {}
        self.numbers: dict[int, str] = {}
        self.statuses: dict[tuple[str, str], str] = {}
        self.item_urls: dict[Any, str] = {}
        self.moments: dict[tuple[str, object], str] = {}

    def _moment(self, moment: object, how: str, write: Callable[[], str]) -> str:
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
        if format_string == "c":
            return _date(moment, "c")  # cheaper than looking it up
        reads = _FORMAT_READS.get(format_string)
        key = reads(template_localtime(moment)) if reads else moment
        return self._moment(key, f"|date:{format_string}", lambda: _date(moment, format_string))

    def checked_at(self, moment: datetime) -> str:
        """``{% fresh moment "checked" %}``."""
        return self._moment(moment, "checked", lambda: fresh(moment, self.checked))

    def first_seen_at(self, context: template.Context, moment: datetime) -> str:
        """The history's last line: when the tracker first saw the item."""
        return self._moment(
            moment,
            "first seen",
            lambda: blocktranslated(
                context,
                lambda: self.first_seen,
                {"iso": self.date(moment, "c"), "at": self.date(moment, "j M H:i")},
                lambda: gettext('First seen <time datetime="%(iso)s">%(at)s</time>'),
            ),
        )

    def age(self, moment: datetime | None) -> str:
        """``moment|timesince``, escaped."""
        return self._moment(moment, "age", lambda: self.since(moment))

    def since(self, moment: datetime | None) -> str:
        """``moment|timesince``, escaped, not remembered (a panel's, once a page): Django's
        own ``timesince`` with the page's units (``_Unit``)."""
        if not moment:
            return ""
        try:
            return _escaped(timesince(moment, time_strings=self.units))
        except (ValueError, TypeError):  # as the filter
            return ""

    def number(self, context: template.Context, value: int) -> str:
        """``{{ value }}`` for a number (localized as the template would), once a page."""
        found = self.numbers.get(value)
        if found is None:
            found = self.numbers[value] = render_value_in_context(value, context)
        return found

    def status(self, item: Any) -> str:
        """``item.status_label``, escaped: the words for a kind's status, once a page."""
        key = (item.kind, item.status)
        found = self.statuses.get(key)
        if found is None:
            found = self.statuses[key] = escape(item.status_label)
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
            prefix = self.item_urls[account_id] = escape(zero[: -len("0/")])
        return f"{prefix}{int(item_id)}/"

    def approval_url(self, account_id: Any) -> str:
        return self.paths.of("tracker:approval_times", account_id)


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
    e = escape
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
        page.status(item),
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
            blocktranslated(
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
        blocktranslated(
            context,
            lambda: page.changes(len(row.history)),
            {"counter": page.number(context, len(row.history)), "label": shown_label},
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
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above)


class _Panels:
    """What the polling panels of one rendering share (as ``_Page`` for the rows): their
    words, translated once, and the accounts' URLs."""

    def __init__(self) -> None:
        self.pending = gettext(
            '%(pending)s pending<span class="visually-hidden"> in %(account)s</span>'
        )
        self.broken = _safe(gettext("Connection broken"))
        self.polling_stops = _safe(gettext("Polling stops until the token changes."))
        self.last_poll = _safe(gettext("Last successful poll:"))
        self.stale = _safe(gettext("— older than two poll intervals"))
        self.failed = gettext("Last attempt failed: %(failure)s")
        self.poll_now = gettext('Poll now<span class="visually-hidden"> %(account)s</span>')
        self.ago = gettext("%(since)s ago")
        self.never = _safe(gettext("never"))
        self.csrf_field: str | None = None

    def csrf(self, context: template.Context) -> str:
        """``{% csrf_token %}``: one request, one token, so written once for every panel."""
        if self.csrf_field is None:
            self.csrf_field = CsrfTokenNode().render(context)
        return self.csrf_field


def _panels(context: template.Context) -> _Panels:
    return per_rendering(context, _Panels)


def _last_poll(context: template.Context, panel: Any, *, oob: bool) -> str:
    """The panel's last successful poll, in the ``<span>`` the periodic check replaces."""
    words = _panels(context)
    page = _page(context)
    account_id = escape(panel.account.account_id)
    parts = [f'<span id="last-poll-{account_id}"', ' hx-swap-oob="true">' if oob else ">"]
    moment = panel.last_success_at
    if moment:
        parts += [
            '<time datetime="',
            page.date(moment, "c"),
            '">',
            page.date(moment, "j M Y H:i"),
            "</time> (",
            blocktranslated(
                context,
                lambda: words.ago,
                {"since": page.since(moment)},
                lambda: gettext("%(since)s ago"),
            ),
            ")",
        ]
    else:
        parts.append(words.never)
    parts.append("</span>")
    return "".join(parts)


@register.simple_tag(takes_context=True)
def last_poll(context: template.Context, panel: Any, *, oob: bool = False) -> SafeString:
    """When ``panel``'s account was last polled successfully, as its panel says it (``oob``:
    as an out-of-band swap of that, for the periodic check). A tag, not a partial: each use
    of a partial starts a render context of its own, so the words shared by every panel were
    translated again for each."""
    html = _last_poll(context, panel, oob=oob)
    return mark_safe(html)  # noqa: S308  (every value escaped)


@register.simple_tag(takes_context=True)
def board_panel(context: template.Context, panel: Any) -> SafeString:
    """One account's polling panel (``tracker.selectors.AccountPanel``), with its "Poll now"
    form: written in Python as the rows are, since an admin's board has one per account.
    ``poll_now`` in the context (the answer to "Poll now") adds its message when refused;
    ``board_url`` is where the form comes back to."""
    words = _panels(context)
    page = _page(context)
    account = panel.account
    account_id = escape(account.account_id)
    if panel.broken_reason:
        state = " is-broken"
    elif panel.is_stale:
        state = " is-stale"
    else:
        state = ""
    parts = [
        f'<li id="poll-{account_id}" class="poll-panel{state}">\n        <p><strong>',
        escape(account.name),
        "</strong>",
    ]
    if panel.pending:
        parts += [
            ' · <a href="',
            page.paths.of("tracker:account_board", account.account_id),
            '" class="count-link">',
            blocktranslated(
                context,
                lambda: words.pending,
                {"pending": page.number(context, panel.pending), "account": account.name},
                lambda: gettext(
                    '%(pending)s pending<span class="visually-hidden"> in %(account)s</span>'
                ),
            ),
            "</a>",
        ]
    parts.append("</p>\n        ")
    if panel.broken_reason:
        parts += [
            '\n        <p><span class="badge badge-bad">',
            words.broken,
            "</span> ",
            escape(panel.broken_reason),
            " ",
            words.polling_stops,
            "</p>\n        ",
        ]
    parts += [
        "\n        <p>",
        words.last_poll,
        " ",
        _last_poll(context, panel, oob=bool(context.get("oob"))),
    ]
    if panel.is_stale and not panel.broken_reason:
        parts += [' <strong class="stale-note">', words.stale, "</strong>"]
    parts.append("</p>\n        ")
    failure = panel.shown_failure
    if failure:
        parts += [
            '\n        <p class="poll-failure">',
            blocktranslated(
                context,
                lambda: words.failed,
                {"failure": failure},
                lambda: gettext("Last attempt failed: %(failure)s"),
            ),
            "</p>\n        ",
        ]
    parts.append("\n        ")
    poll_now = context.get("poll_now")
    if poll_now and not poll_now.queued:
        message = _value(context, poll_now.message)
        parts.append(f'<p role="status" class="poll-now-message">{message}</p>')
    poll_url = page.paths.of("tracker:poll_now", account.account_id)
    parts += [
        f'\n        <form method="post" action="{poll_url}" hx-post="{poll_url}" '
        f'hx-target="#poll-{account_id}" hx-swap="outerHTML">\n          ',
        words.csrf(context),
        '\n          <input type="hidden" name="next" value="',
        _value(context, context.get("board_url", "")),
        '">\n          <button type="submit" class="secondary small">',
        blocktranslated(
            context,
            lambda: words.poll_now,
            {"account": account.name},
            lambda: gettext('Poll now<span class="visually-hidden"> %(account)s</span>'),
        ),
        "</button>\n        </form>\n      </li>",
    ]
    return mark_safe("".join(parts))  # noqa: S308  (every value escaped above)
