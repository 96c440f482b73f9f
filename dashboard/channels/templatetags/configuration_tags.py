"""A channel's inbound configuration written in Python: the parts its page repeats.

The channel's page shows five element switches and a row for each configured address and
endpoint; each was an include with its URL reversals, date formats and translated words, most
of the page's own rendering time. ``element_switch`` and ``item_shown`` write the same HTML as
those templates did, with the words translated once per language (``_words``) and each route
reversed once per process (``_route``).
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from typing import Any

from django import template
from django.template.defaultfilters import date
from django.template.defaulttags import CsrfTokenNode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.urls.converters import UUIDConverter
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext

register = template.Library()


class _Words:
    """The switches' and rows' fixed words in one language."""

    def __init__(self) -> None:
        self.enabled = gettext("Enabled")
        self.disabled = gettext("Disabled")
        self.changed = gettext("changed")
        self.enable = gettext("Enable")
        self.disable = gettext("Disable")
        self.not_loaded = gettext("Its state could not be loaded from CM.com.")
        self.edit = gettext("Edit")
        self.delete = gettext("Delete")


@functools.lru_cache(maxsize=16)
def _words(language: str | None) -> _Words:
    # Per language, not per rendering: each partial of the channel's page (a row, a block) is
    # a rendering of its own, so the words were translated again in each.
    return _Words()


def _when(value: datetime) -> tuple[str, str]:
    """``value|date:"c"`` (the ISO format) and ``value|date:"DATETIME_FORMAT"``."""
    local = template_localtime(value)
    return local.isoformat(), date(local, "DATETIME_FORMAT")


# Stand-ins for the account, the channel and the item in a route reversed once (``_route``).
_ACCOUNT, _CHANNEL, _ITEM = (f"00000000-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))
_UUID = re.compile(UUIDConverter.regex)


@functools.lru_cache(maxsize=64)
def _route(name: str, slug: str | None, urlconf: Any, prefix: str) -> str:
    # Remembered per URL configuration and script prefix, which are all a reverse depends on
    # besides its arguments (as the menu's links are, ``people.context_processors``).
    args = (_ACCOUNT, _CHANNEL, _ITEM) if slug is None else (_ACCOUNT, _CHANNEL, slug, _ITEM)
    return reverse(name, args=args, urlconf=urlconf)


def _url(context: template.Context, name: str, item_id: Any, slug: str | None = None) -> str:
    """``{% url name account.account_id channel_id [slug] item_id as … %}``: the route is
    reversed once per process with stand-ins, which each link replaces; a reversal per link
    was most of a row's time. An id that is not a uuid gives no link, as the tag did."""
    item = str(item_id)
    if not _UUID.fullmatch(item):
        return ""
    route = _route(name, slug, get_urlconf(), get_script_prefix())
    account, channel = str(context["account"].account_id), str(context["channel_id"])
    return route.replace(_ACCOUNT, account).replace(_CHANNEL, channel).replace(_ITEM, item)


def _attribute(item: Any, name: str) -> Any:
    # As ``{{ item.<name> }}``: an item not read from CM.com is a stub dict with only its id.
    if isinstance(item, dict):
        return item.get(name, "")
    return getattr(item, name, "")


_CSRF_TOKEN = CsrfTokenNode()  # ``{% csrf_token %}``


@register.simple_tag(takes_context=True)
def element_switch(context: template.Context, sw: Any) -> SafeString:
    """An element's enabled switch (``views.configuration.Switch``), or nothing without one:
    its state and when it changed, why it is unknown or did not change, and for editors the
    button that flips it. It refreshes itself on ``<slug>-changed``."""
    if not sw:
        return mark_safe("")
    words = _words(get_language())
    slug, label, element = sw.info.slug, sw.info.label, sw.element
    element_url = _url(context, "channels:element", sw.configuration_id, slug)
    state = ""
    if element:
        iso, shown = _when(element.updated_on_utc) if element.updated_on_utc else ("", "")
        state = format_html(
            '\n  <p class="ch-switch-state">\n    <span class="badge {}">{}</span>\n'
            '    <small><a href="{}">{} <time datetime="{}">{}</time>'
            '<span class="visually-hidden"> ({})</span></a></small>\n  </p>',
            "badge-ok" if element.enabled else "badge-bad",
            words.enabled if element.enabled else words.disabled,
            element_url,
            words.changed,
            iso,
            shown or "—",
            label,
        )
    elif sw.failure:
        state = format_html(
            '\n  <p class="upstream-unavailable" role="status">{} {}</p>',
            words.not_loaded,
            sw.failure.message,
        )
    error = (
        format_html('\n  <p class="form-errors" role="alert">{}</p>', sw.error) if sw.error else ""
    )
    button = ""
    if element and context.get("can", {}).get("EDIT_CONFIGURATION"):
        set_url = _url(context, "channels:element_set_enabled", sw.configuration_id, slug)
        button = format_html(
            '\n  <form method="post" class="inline-form"\n        action="{}"\n'
            '        hx-post="{}"\n        hx-target="#switch-{}" hx-swap="outerHTML">\n'
            "    {}\n"
            '    <input type="hidden" name="enabled" value="{}">\n'
            '    <button type="submit" class="small{}">{} '
            '<span class="visually-hidden">{}</span></button>\n  </form>',
            set_url,
            set_url,
            slug,
            _CSRF_TOKEN.render(context),
            "false" if element.enabled else "true",
            " secondary outline" if element.enabled else "",
            words.disable if element.enabled else words.enable,
            str(label).lower(),
        )
    return format_html(
        '<div id="switch-{}" class="ch-switch"\n     hx-get="{}"\n'
        '     hx-trigger="{}-changed from:body" hx-swap="outerHTML">{}{}{}\n</div>',
        slug,
        element_url,
        slug,
        state,
        error,
        button,
    )


@register.simple_tag(takes_context=True)
def item_shown(
    context: template.Context,
    item: Any,
    name: str,
    target: str,
    hidden: str,
    address: bool = False,
    block: bool | None = None,
) -> SafeString:
    """An address or endpoint as it is: its main line, when it changed, and for editors its
    Edit and Delete links (the ``channels:<name>_edit`` and ``_confirm_delete`` routes),
    swapping ``#<target>``; ``hidden`` says what the links are about to a screen reader.

    ``block`` is the single-endpoint layout (paragraphs, not spans in a row). Left out, it is
    what the include this replaces saw under that name: in the whole page Django's own
    ``block`` (the block being rendered), so the rows there take the paragraphs too, and in a
    fragment rendered alone nothing, so the spans."""
    if block is None:
        block = bool(context.get("block"))
    words = _words(get_language())
    main = (
        format_html("{}", _attribute(item, "address"))
        if address
        else format_html(
            '<span class="badge">{}</span> <span class="ch-url">{}</span> '
            '<span class="badge">{}</span>',
            _attribute(item, "method"),
            _attribute(item, "url"),
            _attribute(item, "type"),
        )
    )
    tag = "p" if block else "span"
    out = [format_html('<{} class="ch-item-main">{}</{}>\n', tag, main, tag)]
    updated = _attribute(item, "updated_on_utc")
    if updated:
        changed = format_html('{} <time datetime="{}">{}</time>', words.changed, *_when(updated))
        if block:
            out.append(format_html("<p><small>{}</small></p>", changed))
        else:
            out.append(format_html('<small class="ch-item-meta">{}</small>', changed))
    out.append("\n")
    if context.get("can", {}).get("EDIT_CONFIGURATION"):
        item_id = _attribute(item, "id")
        links = [
            format_html(
                '<a href="{}" hx-get="{}" hx-target="#{}" hx-swap="outerHTML">{} '
                '<span class="visually-hidden">{}</span></a>',
                url,
                url,
                target,
                word,
                hidden,
            )
            for url, word in (
                (_url(context, f"channels:{name}_edit", item_id), words.edit),
                (_url(context, f"channels:{name}_confirm_delete", item_id), words.delete),
            )
        ]
        out.append(
            format_html('<{} class="ch-item-actions">\n  {}\n  {}\n</{}>\n', tag, *links, tag)
        )
    return mark_safe("".join(out))  # noqa: S308  (every part above is escaped)
