"""Template helpers of the WhatsApp pages."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import forms, template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from dashboard.core.render_once import remembered

register = template.Library()


@register.simple_tag
def whatsapp_nav(account: Any, request_id: str, section: str) -> SafeString:
    """The WhatsApp section's own menu, ``section`` ("home" or "profiles") marked current."""
    args = (account.account_id, str(request_id), section, get_language())
    return _nav(*args, get_script_prefix(), get_urlconf())


@remembered(maxsize=1024)
def _nav(
    account_id: Any, request_id: str, section: str, language: str | None, prefix: str, urlconf: Any
) -> SafeString:
    """A function of these alone, so written once and remembered (its three reversed links and
    four translated words were ~0.15 ms of every WhatsApp page; issue 19): ``language`` for
    the words, the URL configuration and script prefix for the links.

    Written here rather than included: the include (a template, its context and three ``{% url
    %}``) cost half a millisecond on every WhatsApp page. A template's translated words are
    safe text, not escaped: so are they here.
    """
    ids = {"account_id": account_id, "whatsapp_request_id": request_id}
    picker = reverse("whatsapp:picker", kwargs={"account_id": account_id})
    links = [
        ("home", reverse("whatsapp:home", kwargs=ids), gettext("Business account and languages")),
        ("profiles", reverse("whatsapp:profiles", kwargs=ids), gettext("Profiles")),
        ("", f"{picker}?all=1", gettext("All WhatsApp requests")),
    ]
    current = ' aria-current="page"'
    items = "".join(
        f'    <li><a href="{escape(url)}"{current if name == section else ""}>{words}</a></li>\n'
        for name, url, words in links
    )
    return mark_safe(  # noqa: S308 - the URLs are escaped, the words are the catalogue's
        f'<nav aria-label="{gettext("WhatsApp")}" class="subnav">\n  <ul>\n{items}  </ul>\n</nav>'
    )


@register.simple_tag
def language_choices(languages: Iterable[Any]) -> SafeString:
    """The supported languages to activate, one ``<li>`` a line, as home.html wrote them.

    Written here rather than by a ``{% for %}``: each of the ~70 rows translated its button's
    words again in a ``{% blocktranslate %}``, most of the home page's own rendering. The list
    is CM.com's, the same for every account but for the languages already active, so the rows
    are remembered by what they show (id, name, code) and the language (~0.1 ms a view of the
    home page; issue 19)."""
    shown = tuple((str(lang.id), str(lang.name), str(lang.code)) for lang in languages)
    return _language_rows(shown, get_language())


@remembered(maxsize=64)
def _language_rows(shown: tuple[tuple[str, str, str], ...], language: str | None) -> SafeString:
    """The words are translated once per call, the name put in as ``blocktranslate`` does
    (escaped). The values are CM.com's plain text, never safe strings, so ``html.escape``
    (what Django's ``escape`` calls) does it without ``conditional_escape``'s checks.
    ``language`` only keys what is remembered: the words are the active language's."""
    activate = gettext('Activate <span class="visually-hidden">%(name)s</span>')
    rows: list[str] = []
    for lang_id, name, code in shown:
        lang_id, name = escape(lang_id), escape(name)
        rows.append(
            f'<li id="supported-{lang_id}"><span>{name} <code>{escape(code)}'
            f'</code></span> <button type="submit" name="language_id" value="{lang_id}" '
            f'class="secondary outline small">{activate % {"name": name}}</button></li>\n'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag
def profile_rows(profiles: Iterable[Any], profiles_url: str) -> SafeString:
    """The profile list's rows, as profiles.html wrote them with a ``{% for %}``.

    Written here for the reason ``language_choices`` is: a row in template syntax (a ``{% url
    %}``, a dozen lookups) was most of the list's own rendering. A profile's page is its id
    under the list's URL (``whatsapp.urls``), so the list's URL is reversed once, not per row.
    """
    rows: list[str] = []
    for profile in profiles:
        # The new line the template had between image and link showed as a space.
        image = (
            f'<img class="avatar" src="{escape(profile.image_src)}" alt="" width="32" height="32"> '
            if profile.image_src
            else ""
        )
        rows.append(
            f'<tr><td class="profile-cell">{image}<a href="{escape(profiles_url)}'
            f'{escape(profile.id)}/">{escape(profile.name)}</a></td>'
            f"<td>{escape(profile.phone_display)}</td>"
            f'<td><span class="badge badge-{escape(profile.state)}">'
            f"{escape(profile.state_label)}</span></td><td>{escape(profile.otp_label)}</td></tr>\n"
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped


@register.simple_tag
def form_fields(form: forms.Form) -> SafeString:
    """``{% include "partials/form.html" with form=form %}``, remembered for a blank form.

    Only for a form whose fields are its class's (no choices or labels given to it). Blank (not
    bound, no initial values, Django's ids), such a form (the profile page's "new phone
    number") reads the same for everyone: a function of its class and the language, so it is
    rendered once (~0.25 ms of the profile page; issue 19). A bound form shows what was typed
    and its errors, so it is rendered each time."""
    if form.is_bound or form.initial or form.prefix or form.auto_id != "id_%s":
        return _form_html(form)
    return _blank_form_html(type(form), get_language())


@remembered(maxsize=64)
def _blank_form_html(form_class: type[forms.Form], language: str | None) -> SafeString:
    # ``language`` only keys what is remembered: the form renders in the active language.
    return _form_html(form_class())


def _form_html(form: forms.Form) -> SafeString:
    return mark_safe(render_to_string("partials/form.html", {"form": form}))  # noqa: S308
