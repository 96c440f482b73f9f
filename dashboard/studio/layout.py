"""The editor's page around its content, written while CM.com answers (issue 19; the way
``core.layout_ahead`` says). Only the title and the content are left to write after the
answers: ``studio/edit.html`` puts marks where they go (``title_mark``, ``content_mark``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from dashboard import upstream
from dashboard.core import layout_ahead
from dashboard.core.escaping import escape

PAGE = "studio/edit.html"

_TITLE_MARK = layout_ahead.mark("studio-title")
_CONTENT_MARK = layout_ahead.mark("studio-content")


class Layout:
    """The editor's page without its title and content."""

    def __init__(self, written: layout_ahead.Layout) -> None:
        self.written = written

    def page(self, request: HttpRequest, context: dict[str, Any]) -> HttpResponse | None:
        """The page with ``context``'s title and content, or None when it must be written
        whole (the cache's banner changed since the layout was written)."""
        if not self.written.current:
            return None
        head, middle, tail = self.written.pieces
        content = self.written.render(request, f"{PAGE}#content", context)
        return HttpResponse(head + _title(context["template"]) + middle + content + tail)


def written(request: HttpRequest) -> Layout | None:
    """The layout of the editor's page for ``request``, or None when the page does not split
    as expected. Toasts it shows are shown again by a page written whole instead: Django's
    messages stay readable until the response is sent."""
    found = layout_ahead.written(
        request,
        PAGE,
        (_TITLE_MARK, _CONTENT_MARK),
        {"title_mark": _TITLE_MARK, "content_mark": _CONTENT_MARK},
    )
    return Layout(found) if found is not None else None


def _title(template: Any) -> str:
    """The page's title, as the template's block writes it: the words not escaped (as
    {% translate %}), the name escaped."""
    if upstream.is_failure(template):
        return f"{gettext('Template')} · {gettext('WhatsApp templates')}"
    return f"{escape(template.name)} · {gettext('WhatsApp templates')}"
