"""Whether a rendered page (or htmx fragment) carries hostile text from CM.com only as text.

The payloads below are what an upstream value may hold; ``assert_inert`` fails when any of
them became markup: an element, an attribute (an event handler, an htmx attribute that
would fire a request) or a ``javascript:`` link. ``escaped`` gives the characters a page shows
when the text stayed text.
"""

from __future__ import annotations

from html.parser import HTMLParser

SCRIPT = "<script>alert('cm')</script>"
ATTRIBUTE = '" hx-get="/logout/" hx-trigger="load" data-x="'
SINGLE_QUOTED = "' hx-post='/x' hx-trigger='load' data-y='"
TEMPLATE = "{{ request.user.password }}{% debug %}"
IMAGE = "<img src=x onerror=alert(1)>"
URL = "javascript:alert(1)"

#: Every payload a text value is poisoned with (URL fields get ``URL`` first).
PAYLOADS = (SCRIPT, ATTRIBUTE, SINGLE_QUOTED, TEMPLATE, IMAGE)

# Attributes that load or follow a URL: none may take a ``javascript:`` (or data: HTML) value.
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "hx-get", "hx-post", "xlink:href")


class Elements(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    """The start tags of ``page``, in order, each with its attributes."""
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser.tags


def assert_inert(page: str) -> None:
    """No hostile payload became an element, an attribute or a ``javascript:`` URL."""
    tags = elements(page)
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert all((attrs.get("src") or "").startswith("/static/") for attrs in scripts), scripts
    images = [attrs for tag, attrs in tags if tag == "img"]
    assert all(
        (attrs.get("src") or "").startswith(("/static/", "data:image/")) for attrs in images
    ), images
    handlers = [(tag, a) for tag, a in tags for name in a if name.startswith("on")]
    assert not handlers, handlers
    injected = [
        (tag, a)
        for tag, a in tags
        if a.get("hx-get") == "/logout/"
        or a.get("hx-post") == "/x"
        or "data-x" in a
        or "data-y" in a
        or a.get("hx-trigger") == "load"
    ]
    assert not injected, injected
    for tag, attrs in tags:
        for name in _URL_ATTRIBUTES:
            value = (attrs.get(name) or "").strip().lower()
            assert not value.startswith(("javascript:", "vbscript:", "data:text")), (tag, attrs)


def escaped(text: str) -> str:
    """``text`` as Django's autoescape writes it into a page."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )
