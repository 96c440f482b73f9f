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
from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import date, timesince_filter
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext, override

from dashboard.core.templatetags.freshness import fresh

register = template.Library()


def _date(value: Any, format_string: str) -> str:
    """``value|date:format_string`` as a template writes it (in the dashboard's time zone)."""
    return conditional_escape(date(template_localtime(value), format_string))


def _safe(translated: str) -> str:
    """``{% translate "…" %}``: a template's translated literal is safe text. (The callers
    call ``gettext`` themselves, so ``makemessages`` finds the words.)"""
    return mark_safe(translated)  # noqa: S308  (our own catalogue's words)


def _block(context: template.Context, sentence: Callable[[], str], values: dict[str, Any]) -> str:
    """``{% blocktranslate trimmed %}``: the translated sentence (``sentence()``, which
    calls ``gettext`` or ``ngettext``) with its values rendered and escaped as the tag
    renders them; a translation that breaks the placeholders falls back to the English
    sentence, as the tag does."""
    data = {name: render_value_in_context(value, context) for name, value in values.items()}
    try:
        return sentence() % data
    except (KeyError, ValueError):
        with override(None):
            return sentence() % data


@register.simple_tag(takes_context=True)
def board_row(context: template.Context, row: Any, account: Any = None) -> SafeString:
    """One pending item's row (``tracker.selectors.BoardRow``); ``account`` is the board's
    account (None: every account, so the row names its account and links its approval
    times)."""
    e = conditional_escape
    item = row.item
    item_account = item.account
    parts = [
        '<tr class="overdue">' if row.overdue or row.flag else "<tr>",
        "\n            ",
        "" if account else f"<td>{e(item_account.name)}</td>",
        '\n            <td><a href="',
        e(reverse("tracker:item", args=[item_account.account_id, item.pk])),
        '">',
        e(item.display_label),
        "</a><br><small>",
        fresh(item.last_seen, _safe(gettext("checked"))),
        '</small></td>\n            <td><span class="status status-',
        e(item.status),
        '">',
        e(item.status_label),
        "</span>",
        f"<br><small>{e(item.display_detail)}</small>" if item.detail else "",
        "</td>\n            <td>",
        e(timesince_filter(item.requested_at or item.first_seen)),
    ]
    if row.flag:
        parts += [
            ' <strong class="badge badge-bad">',
            _safe(gettext("Slow")),
            '</strong><small class="pending-flag">',
            _block(context, lambda: gettext("Flagged: %(flag)s"), {"flag": row.flag}),
        ]
        if not account:
            parts += [
                ' (<a href="',
                e(reverse("tracker:approval_times", args=[item_account.account_id])),
                '?period=365">',
                _safe(gettext("approval times")),
                "</a>)",
            ]
        parts.append("</small>")
    parts.append("</td>\n            <td>")
    if row.waits_for_customer:
        parts.append(_safe(gettext("Waiting for you")))
    elif item.expected_at:
        parts += [
            '<time datetime="',
            _date(item.expected_at, "c"),
            '">',
            _date(item.expected_at, "j M Y"),
            "</time>",
        ]
        if row.overdue:
            parts += [
                ' <strong class="badge badge-bad">',
                _safe(gettext("Overdue")),
                '</strong><small class="pending-flag">',
                _safe(gettext("Flagged: past its expected date")),
                "</small>",
            ]
    else:
        parts.append("—")
    parts += [
        "</td>\n            <td>\n              <details>\n                <summary>",
        _block(
            context,
            lambda: ngettext(
                '%(counter)s change<span class="visually-hidden"> of %(label)s</span>',
                '%(counter)s changes<span class="visually-hidden"> of %(label)s</span>',
                len(row.history),
            ),
            {"counter": len(row.history), "label": item.display_label},
        ),
        '</summary>\n                <ol class="history">\n                  ',
    ]
    for change in row.history:
        parts += [
            '\n                  <li><time datetime="',
            _date(change.at, "c"),
            '">',
            _date(change.at, "j M H:i"),
            "</time>: ",
            e(change.from_label),
            " → ",
            e(change.to_label),
            f" ({e(change.display_detail)})" if change.detail else "",
            "</li>\n                  ",
        ]
    parts += [
        "\n                  <li>",
        _block(
            context,
            lambda: gettext('First seen <time datetime="%(iso)s">%(at)s</time>'),
            {
                "iso": date(template_localtime(item.first_seen), "c"),
                "at": date(template_localtime(item.first_seen), "j M H:i"),
            },
        ),
        "</li>\n                </ol>\n              </details>\n            </td>\n",
        "          </tr>",
    ]
    return mark_safe("".join(map(str, parts)))  # noqa: S308  (every value escaped above)
