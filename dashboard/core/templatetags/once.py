"""``{% once_per_language %}…{% endonce_per_language %}``: a part of a template that is the
same on every page in one language, rendered once per process and language and remembered.

For what base.html draws on every page that depends on nothing but the language and the
static files: ``{% static %}`` links (a lookup in the manifest each), ``{% translate %}``
words and ``{% url %}`` links without arguments (keyed by the script prefix and the URL
configuration too, so a site under a path prefix gets its own). Nothing inside may read the
request, the person or any other variable: the first page's rendering is what every later
page in that language gets. Not remembered with ``DEBUG`` on (templates and static files
change under the development server), and keyed by the static files' storage and URL too,
so a test that swaps them sees its own.
"""

from __future__ import annotations

import threading
from typing import Any

from django import template
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.base import Node, NodeList, Parser, Token
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

_remembered: dict[tuple[Any, ...], SafeString] = {}
_lock = threading.Lock()
# A handful of blocks, per language and storage; a bound in case a test makes many storages.
_MOST = 256


class OncePerLanguageNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        if settings.DEBUG:
            return self.nodelist.render(context)
        # The storage object itself (``empty`` until first used): a new one is new settings.
        storage = staticfiles_storage._wrapped
        key = (
            id(self),
            get_language(),
            settings.STATIC_URL,
            id(storage),
            get_script_prefix(),
            get_urlconf(),
        )
        found = _remembered.get(key)
        if found is None:
            # Rendered outside the page's context: nothing of this page or person can leak
            # into what later pages get.
            found = mark_safe(self.nodelist.render(template.Context(autoescape=True)))  # noqa: S308
            with _lock:
                if len(_remembered) >= _MOST:
                    _remembered.clear()
                _remembered[key] = found
        return found


@register.tag("once_per_language")
def once_per_language(parser: Parser, token: Token) -> OncePerLanguageNode:
    """Remember what is inside, per language (see the module's docstring)."""
    nodelist = parser.parse(("endonce_per_language",))
    parser.delete_first_token()
    return OncePerLanguageNode(nodelist)
