"""Template helpers of the WhatsApp pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.simple_tag
def language_choices(languages: Iterable[Any]) -> SafeString:
    """The supported languages to activate, one ``<li>`` a line, as home.html wrote them.

    Written here rather than by a ``{% for %}``: each of the ~70 rows translated its button's
    words again in a ``{% blocktranslate %}``, most of the home page's own rendering. The words
    are translated once per call, the name put in as ``blocktranslate`` does (escaped).
    """
    activate = gettext('Activate <span class="visually-hidden">%(name)s</span>')
    rows: list[str] = []
    for lang in languages:
        lang_id, name = conditional_escape(lang.id), conditional_escape(lang.name)
        rows.append(
            f'<li id="supported-{lang_id}"><span>{name} <code>{conditional_escape(lang.code)}'
            f'</code></span> <button type="submit" name="language_id" value="{lang_id}" '
            f'class="secondary outline small">{activate % {"name": name}}</button></li>\n'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value above is escaped
