"""``{% tracked_check account "profile" profile.id %}``: on a page of something the tracker
follows (a channel request, a profile), when the tracker last read it from CM.com and its
"Check now"; nothing when the tracker does not follow it. ``{% tracked_template account
template_id %}``: the same for each language of a template (the tracker follows languages)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from dashboard.accounts.models import CMAccount
from dashboard.core.escaping import escape
from dashboard.core.render_once import reversed_url
from dashboard.core.templatetags.freshness import fresh
from dashboard.tracker import checking
from dashboard.tracker.models import TrackedItem
from dashboard.tracker.templatetags.board_rows import blocktranslated

register = template.Library()

_CSRF_TOKEN = CsrfTokenNode()  # ``{% csrf_token %}``


@register.simple_tag(takes_context=True)
def tracked_check(
    context: template.Context,
    account: CMAccount | None,
    kind: str,
    upstream_id: object,
    read: checking.TrackedRead | None = None,
) -> SafeString:
    """The tracker's part for this thing, or nothing: what ``tracker/_item_check.html`` (the
    item page's check) writes, in its section. Written in Python, not two includes: those
    cost a channel request's page ~1 ms after CM.com has answered (issue 19). ``read``: the
    item as the view read it ahead (``checking.tracked_read``), taken when it was read for
    this very thing, else it is read here."""
    item = None
    if account is not None and upstream_id:
        if read is not None and read.answers(account, kind, str(upstream_id)):
            item = read.item
        else:
            item = checking.tracked(account, kind, str(upstream_id))
    if item is None:
        return mark_safe("\n")  # what the template wrote around nothing
    pk = render_value_in_context(item.pk, context)
    item_url = reversed_url("tracker:item", (item.account.account_id, item.pk))
    follows = blocktranslated(
        context,
        lambda: gettext(
            'The tracker follows this: <a href="%(item_url)s">its history of changes</a>.'
        ),
        {"item_url": item_url},
    )
    html = (
        f'<section class="part tracked-item" aria-labelledby="tracked-{pk}-title">\n'
        f'  <h2 id="tracked-{pk}-title">{gettext("Tracker")}</h2>\n'
        f"  <p>{follows}</p>\n"
        f"  {_item_check(context, item, pk)}\n</section>\n"
    )
    return mark_safe(html)  # noqa: S308  (every value escaped)


def _item_check(context: template.Context, item: TrackedItem, pk: str) -> str:
    """``tracker/_item_check.html`` for ``item`` with no check made (a page, not the answer
    to "Check now")."""
    checked = fresh(item.last_seen, gettext("checked"))
    head = (
        f'\n<div id="check-{pk}" class="item-check">\n'
        f'  <p><span class="item-status">{escape(item.status_label)}</span> · {checked}</p>\n'
        "  \n  "
    )
    if item.is_demo:
        demo = gettext(
            "Demo history, made up for the approval-time charts: there is nothing at "
            "CM.com to check."
        )
        return f'{head}\n  <p class="item-check-message">{demo}</p>\n  \n</div>\n'
    check_url = escape(reversed_url("tracker:item_check", (item.account.account_id, item.pk)))
    button = blocktranslated(
        context,
        lambda: gettext('Check now<span class="visually-hidden"> %(label)s</span>'),
        {"label": item.display_label},
    )
    return (
        f'{head}\n  <form method="post" action="{check_url}" hx-post="{check_url}" '
        f'hx-target="#check-{pk}" hx-swap="outerHTML">\n'
        f"    {_CSRF_TOKEN.render(context)}\n"
        f'    <button type="submit" class="secondary small">{button}</button>\n'
        "  </form>\n  \n</div>\n"
    )


@register.inclusion_tag("tracker/_tracked_template.html")
def tracked_template(account: CMAccount | None, template_id: object) -> dict[str, Any]:
    """The tracker's part for each language of this template, or nothing."""
    if account is None or not template_id:
        return {"items": []}
    return {"items": checking.tracked_languages(account, str(template_id))}
