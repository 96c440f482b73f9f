"""A channel's inbound configuration written in Python: the parts its page repeats.

The channel's page shows five element switches and a row for each configured address and
endpoint; each was an include with its URL reversals, date formats and translated words, most
of the page's own rendering time. ``element_switch`` and ``item_shown`` write the same HTML as
those templates did, with the words translated once per language (``_words``) and each route
reversed once per process (``_route``). So do ``add_form`` (an element's add form),
``probe_form`` ("Send a test event" and the endpoint's last tests) and ``form_fields`` (a
form's fields, as ``partials/form.html``): an empty form of the page is written once per
language and initial values and remembered (``core.fast_forms.fields_remembered``).
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
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext

from dashboard.channels.forms import (
    CustomerContactForm,
    EmailAddressForm,
    EventWebhookForm,
    MessagingLogForm,
    WebhookForm,
)
from dashboard.core import fast_forms
from dashboard.core.escaping import escape

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
def _route(name: str, slug: str | None, urlconf: Any, prefix: str, item: bool = True) -> str:
    # Remembered per URL configuration and script prefix, which are all a reverse depends on
    # besides its arguments (as the menu's links are, ``people.context_processors``).
    args = (_ACCOUNT, _CHANNEL) + ((slug,) if slug is not None else ()) + ((_ITEM,) if item else ())
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


def _channel_url(context: template.Context, name: str) -> str:
    """``{% url name account.account_id channel_id %}``, as ``_url`` does it."""
    route = _route(name, None, get_urlconf(), get_script_prefix(), item=False)
    account, channel = str(context["account"].account_id), str(context["channel_id"])
    return route.replace(_ACCOUNT, account).replace(_CHANNEL, channel)


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
    button that flips it. It refreshes itself on ``<slug>-changed``. Written as strings with
    ``escape`` (``format_html`` checked every argument for lazy text: most of a switch's
    time, and the page shows five)."""
    if not sw:
        return mark_safe("")
    words = _words(get_language())
    slug, label, element = escape(sw.info.slug), escape(sw.info.label), sw.element
    element_url = escape(_url(context, "channels:element", sw.configuration_id, sw.info.slug))
    state = ""
    if element:
        iso, shown = _when(element.updated_on_utc) if element.updated_on_utc else ("", "")
        state = (
            '\n  <p class="ch-switch-state">\n'
            f'    <span class="badge {"badge-ok" if element.enabled else "badge-bad"}">'
            f"{escape(words.enabled if element.enabled else words.disabled)}</span>\n"
            f'    <small><a href="{element_url}">{escape(words.changed)} '
            f'<time datetime="{escape(iso)}">{escape(shown or "—")}</time>'
            f'<span class="visually-hidden"> ({label})</span></a></small>\n  </p>'
        )
    elif sw.failure:
        state = (
            f'\n  <p class="upstream-unavailable" role="status">{escape(words.not_loaded)} '
            f"{escape(sw.failure.message)}</p>"
        )
    error = f'\n  <p class="form-errors" role="alert">{escape(sw.error)}</p>' if sw.error else ""
    button = ""
    if element and context.get("can", {}).get("EDIT_CONFIGURATION"):
        set_url = escape(
            _url(context, "channels:element_set_enabled", sw.configuration_id, sw.info.slug)
        )
        button = (
            f'\n  <form method="post" class="inline-form"\n        action="{set_url}"\n'
            f'        hx-post="{set_url}"\n'
            f'        hx-target="#switch-{slug}" hx-swap="outerHTML">\n'
            f"    {escape(_CSRF_TOKEN.render(context))}\n"
            '    <input type="hidden" name="enabled" '
            f'value="{"false" if element.enabled else "true"}">\n'
            '    <button type="submit" class="small'
            f'{" secondary outline" if element.enabled else ""}">'
            f"{escape(words.disable if element.enabled else words.enable)} "
            f'<span class="visually-hidden">{escape(str(sw.info.label).lower())}</span>'
            "</button>\n  </form>"
        )
    return mark_safe(  # noqa: S308  (every value above is escaped)
        f'<div id="switch-{slug}" class="ch-switch"\n     hx-get="{element_url}"\n'
        f'     hx-trigger="{slug}-changed from:body" hx-swap="outerHTML">{state}{error}{button}\n'
        "</div>"
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
    if address:
        main = escape(_attribute(item, "address"))
    else:
        main = (
            f'<span class="badge">{escape(_attribute(item, "method"))}</span> '
            f'<span class="ch-url">{escape(_attribute(item, "url"))}</span> '
            f'<span class="badge">{escape(_attribute(item, "type"))}</span>'
        )
    tag = "p" if block else "span"
    out = [f'<{tag} class="ch-item-main">{main}</{tag}>\n']
    updated = _attribute(item, "updated_on_utc")
    if updated:
        iso, shown = _when(updated)
        changed = f'{escape(words.changed)} <time datetime="{escape(iso)}">{escape(shown)}</time>'
        if block:
            out.append(f"<p><small>{changed}</small></p>")
        else:
            out.append(f'<small class="ch-item-meta">{changed}</small>')
    out.append("\n")
    if context.get("can", {}).get("EDIT_CONFIGURATION"):
        item_id = _attribute(item, "id")
        about, swapped = escape(hidden), escape(target)
        links = [
            f'<a href="{url}" hx-get="{url}" hx-target="#{swapped}" hx-swap="outerHTML">'
            f'{escape(word)} <span class="visually-hidden">{about}</span></a>'
            for url, word in (
                (escape(_url(context, f"channels:{name}_edit", item_id)), words.edit),
                (escape(_url(context, f"channels:{name}_confirm_delete", item_id)), words.delete),
            )
        ]
        out.append(f'<{tag} class="ch-item-actions">\n  {links[0]}\n  {links[1]}\n</{tag}>\n')
    return mark_safe("".join(out))  # noqa: S308  (every part above is escaped)


def _words_safe(text: str) -> SafeString:
    # A template's translated literal (``_("…")``) is written as it is, not escaped.
    return mark_safe(text)  # noqa: S308  (our catalogue's words)


@register.simple_tag
def form_fields(form: Any) -> SafeString:
    """``{% include "partials/form.html" with form=form %}``, without the include."""
    return _fields(form)


# The forms of the channel's page made with nothing but a prefix and initial values: unbound,
# their fields are a function of those and the language.
_FIXED = frozenset(
    (EmailAddressForm, WebhookForm, EventWebhookForm, CustomerContactForm, MessagingLogForm)
)


def _fields(form: Any) -> SafeString:
    return fast_forms.fields_remembered(form, fixed=form.__class__ in _FIXED)


@register.simple_tag(takes_context=True)
def add_form(
    context: template.Context,
    action: str,
    target: str,
    title: str,
    form: Any,
    button: str,
    error: Any = "",
    outcome: Any = None,
    endpoint_fields: bool = False,
) -> SafeString:
    """An element's add form, posting to ``action`` (a URL name taking the account and the
    channel) and swapping ``#<target>``: its title, a refusal's ``error``, the form's fields
    (wrapped for the endpoint layout with ``endpoint_fields``) and the ``button``. ``outcome``
    is a write whose answer was lost: what the check found replaces the button, which comes
    back as "Send it again" only when the add surely did not happen
    (``partials/write_outcome.html``). Written here rather than included: each include
    reversed its URL and rendered the form through a second include."""
    url = escape(_channel_url(context, action))
    out = [
        f'\n<form method="post" class="ch-item-form ch-add-form"\n      action="{url}"\n'
        f'      hx-post="{url}"\n      hx-target="#{escape(target)}" hx-swap="outerHTML">\n'
        f"  {_CSRF_TOKEN.render(context)}\n"
        f'  <h4 class="ch-add-title">{escape(title)}</h4>\n  '
    ]
    if error:
        out.append(f'<p class="form-errors" role="alert">{escape(error)}</p>')
    out.append("\n  ")
    if outcome:
        shown = {
            "result": outcome,
            "resend_label": _words_safe(gettext("Send it again")),
            "check_href": _channel_url(context, "channels:detail"),
        }
        with context.push(**shown):
            out.append(context.template.engine.get_template(_OUTCOME).render(context))
    out.append("\n  ")
    fields = _fields(form)
    out.append(f'<div class="ch-endpoint-fields">{fields}</div>' if endpoint_fields else fields)
    out.append("\n  ")
    if not outcome:
        out.append(f'<button type="submit" class="small">{escape(button)}</button>')
    out.append("\n</form>\n")
    return mark_safe("".join(out))  # noqa: S308  (every value above is escaped)


_OUTCOME = "partials/write_outcome.html"


@register.simple_tag(takes_context=True)
def probe_form(
    context: template.Context,
    action: str,
    item_id: Any,
    kind: str,
    endpoint_id: Any,
    hidden: str,
    noun: str,
) -> SafeString:
    """ "Send a test event" for one endpoint (editors only): the button posting to ``action``
    (a URL name, with ``item_id`` when the endpoint's URL names one) and the box its result
    swaps into, showing the endpoint's last tests (``endpoint_histories``) meanwhile.
    ``hidden`` says what the button is about to a screen reader, ``noun`` what the endpoint
    is. Written here rather than included: the include reversed its URL and translated its
    words each time."""
    if not context.get("can", {}).get("EDIT_CONFIGURATION"):
        return mark_safe("\n\n")
    url = escape(_url(context, action, item_id) if item_id else _channel_url(context, action))
    box = f"probe-{escape(kind)}-{escape(endpoint_id)}"
    words = _probe_words(get_language())
    tests = (context.get("endpoint_histories") or {}).get(f"{kind}:{endpoint_id}", [])
    history = ""
    if tests:
        with context.push(tests=tests, noun=noun):
            history = context.template.engine.get_template(_HISTORY).render(context)
    return mark_safe(  # noqa: S308  (every value is escaped)
        f'\n\n\n<form method="post" class="ch-probe-form" action="{url}" hx-post="{url}"\n'
        f'      hx-target="#{box}" hx-swap="outerHTML">\n'
        f"  {_CSRF_TOKEN.render(context)}\n"
        '  <input type="hidden" name="send" value="yes">\n'
        f'  <button type="submit" class="small secondary">{words[0]}'
        f'<span class="visually-hidden"> {words[1]} {escape(hidden)}</span></button>\n'
        f'</form>\n<div id="{box}" class="ch-probe" aria-live="polite">\n  \n  '
        f"{history}\n</div>\n\n"
    )


_HISTORY = "channels/_probe_history.html"


@functools.lru_cache(maxsize=16)
def _probe_words(language: str | None) -> tuple[str, str]:
    return gettext("Send a test event"), gettext("to")
