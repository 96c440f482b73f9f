"""Template helpers of the WhatsApp pages."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def whatsapp_nav(account: Any, request_id: str, section: str) -> SafeString:
    """The WhatsApp section's own menu, ``section`` ("home" or "profiles") marked current.

    Written here rather than included: the include (a template, its context and three ``{% url
    %}``) cost half a millisecond on every WhatsApp page. A template's translated words are
    safe text, not escaped: so are they here.
    """
    ids = {"account_id": account.account_id, "whatsapp_request_id": request_id}
    picker = reverse("whatsapp:picker", kwargs={"account_id": account.account_id})
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
    words again in a ``{% blocktranslate %}``, most of the home page's own rendering. The words
    are translated once per call, the name put in as ``blocktranslate`` does (escaped). The
    values are CM.com's plain text, never safe strings, so ``html.escape`` (what Django's
    ``escape`` calls) does it without ``conditional_escape``'s checks, ~200 times a page.
    """
    activate = gettext('Activate <span class="visually-hidden">%(name)s</span>')
    rows: list[str] = []
    for lang in languages:
        lang_id, name = escape(str(lang.id)), escape(str(lang.name))
        rows.append(
            f'<li id="supported-{lang_id}"><span>{name} <code>{escape(str(lang.code))}'
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
