"""A page's layout written while CM.com answers, its content after (issue 19).

The layout of a page (menu, bell, switcher, banners, toasts) needs none of CM.com's answers.
Written before they arrive, it costs nothing after them; only what shows the answers is left
to write then. The page's template puts marks (``mark``) where the parts written later go;
``written`` renders it with them, once, and splits it there. ``Layout.pieces`` are the text
between the marks; the page is those pieces with the later parts put in their place, which is
the page the template renders whole (each page's tests compare the two).

The context processors run once, for the layout, and their values are kept for the parts
written later (``Layout.render``): a ``RequestContext`` would run them again.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template import Context, engines
from django.utils.safestring import SafeString, mark_safe

from dashboard.core.resilient_cache import cache_is_down


def mark(name: str) -> SafeString:
    """A mark for a page's template: a comment no escaped value can spell, so the page splits
    on it alone."""
    return mark_safe(f"<!--{name}-{secrets.token_hex(8)}-->")  # noqa: S308


@dataclass(frozen=True)
class Layout:
    """A page written up to its later parts: the text between its marks, and the context
    processors' values it was written with."""

    pieces: tuple[str, ...]
    values: dict[str, Any]
    cache_down: bool

    @property
    def current(self) -> bool:
        """Whether the layout still holds: the cache's banner has not changed since."""
        return cache_is_down() == self.cache_down

    def render(self, request: HttpRequest, name: str, context: dict[str, Any]) -> str:
        """Template ``name`` (a page's partial) with the layout's context processors' values."""
        return _render(name, request, {**self.values, **context})


def written(
    request: HttpRequest, name: str, marks: Sequence[SafeString], context: dict[str, Any]
) -> Layout | None:
    """Template ``name`` for ``request`` split at ``marks``, which it writes in this order
    (a mark may be given twice, around a part), or None when the page does not split so."""
    down = cache_is_down()
    values: dict[str, Any] = {}
    for processor in engines["django"].engine.template_context_processors:
        values.update(processor(request))
    rest = _render(name, request, {**values, **context})
    pieces = []
    for each in marks:
        before, found, rest = rest.partition(each)
        if not found:
            return None
        pieces.append(before)
    if any(each in rest for each in marks):
        return None
    return Layout(pieces=(*pieces, rest), values=values, cache_down=down)


def _render(name: str, request: HttpRequest, values: dict[str, Any]) -> str:
    # A plain Context with the processors' values (a RequestContext would run them again);
    # the request as RequestContext has it, for {% url %}'s app.
    context = Context(values)
    context.request = request  # type: ignore[attr-defined]
    return engines["django"].engine.get_template(name).render(context)
