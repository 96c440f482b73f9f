"""What the project's sources would show a person without translating it.

The pseudo-locale test renders pages with every translated string wrapped in ⟦…⟧; text left
outside the brackets is either data (an account's name, a number CM.com sent) or a string that
never went through gettext. Data is not in the sources; an unmarked string is. So this module
collects, from the sources, every piece of text that could reach a page untranslated:

- templates: the text between tags and template tags (outside {% comment %} and
  {% blocktranslate %}), the visible attributes (title, aria-label, placeholder, alt), and the
  string literals of variables and tag arguments (``|default:"not set"``) not inside ``_()``;
- Python (dashboard/, not migrations): string constants and f-string parts, except docstrings
  and the arguments of gettext's functions.

A page's text outside the brackets is flagged when it is (or holds, at word boundaries) one of
these pieces.
"""

from __future__ import annotations

import ast
import functools
import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2]
OPEN, CLOSE = "⟦", "⟧"

# Attributes a person reads (or hears, with a screen reader).
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}
_LETTER = re.compile(r"[^\W\d_]")
# Modules of data, not of words the dashboard says: what `make run` seeds.
DATA_MODULES = {"demo_history.py", "demo.py"}
# Language codes ("nl", "pt_BR") are shown as codes on purpose.
_CODE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2,3})?$")
_LITERAL = re.compile(r'(_\()?("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')')
_TAG = re.compile(r"<[^>]*>")
_IDENTIFIER = re.compile(r"^(?=.*[\d_:/.@%{}<>=-])[\w.:/@%{}<>=-]+$")
_ATTRIBUTE = re.compile(r'([\w:-]+)\s*=\s*("[^"]*"|\'[^\']*\')')
_GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "format_lazy",
}
# Tags whose string arguments are names or paths, never words on the page.
_NAME_TAGS = {
    "url",
    "load",
    "include",
    "extends",
    "static",
    "partial",
    "partialdef",
    "block",
    "translate",
    "trans",
    "csrf_token",
    "get_current_language",
    "get_language_info",
}


def normal(text: str) -> str:
    """Whitespace folded; the form pieces and page text are compared in."""
    return " ".join(text.split())


def _worth(text: str) -> bool:
    return bool(_LETTER.search(text))


def _text_pieces(html: str) -> set[str]:
    pieces = set()
    for name, value in _ATTRIBUTE.findall(html):
        if name.lower() in VISIBLE_ATTRIBUTES:
            pieces.add(normal(value[1:-1]))
    # Text between tags. A token may start inside a tag whose attribute held a template tag
    # (``">Back</a>``) or end inside one (``<a href="``): those ends are markup, not text.
    first_close, first_open = html.find(">"), html.find("<")
    if first_close != -1 and (first_open == -1 or first_close < first_open):
        html = html[first_close + 1 :]
    last_open = html.rfind("<")
    if last_open != -1 and ">" not in html[last_open:]:
        html = html[:last_open]
    for piece in _TAG.split(html):
        # Attributes between template tags inside a tag ({% if %} aria-current="page") are
        # markup too.
        if '="' not in piece and "='" not in piece:
            pieces.add(normal(piece))
    return pieces


def template_pieces(path: Path) -> set[str]:
    """The pieces of one template that would show untranslated."""
    source = path.read_text(encoding="utf-8")
    pieces: set[str] = set()
    skipping: list[str] = []  # the end tags of the blocks being skipped
    in_script = False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            words = token.contents.split()
            name = words[0] if words else ""
            if skipping:
                if name == skipping[-1]:
                    skipping.pop()
                continue
            if name in ("comment", "blocktranslate", "blocktrans", "verbatim"):
                skipping.append(
                    {"comment": "endcomment", "verbatim": "endverbatim"}.get(name, "end" + name)
                )
                continue
            if name not in _NAME_TAGS:
                pieces |= _literals(token.contents)
        elif skipping or token.token_type == TokenType.COMMENT:
            continue
        elif token.token_type == TokenType.VAR:
            pieces |= _literals(token.contents)
        elif token.token_type == TokenType.TEXT:
            text = token.contents
            # Scripts and styles are not read by a person.
            for part in re.split(r"(<script\b.*?</script>|<style\b.*?</style>)", text, flags=re.S):
                if part.startswith(("<script", "<style")):
                    continue
                if "<script" in part:
                    in_script = True
                if in_script:
                    if "</script>" in part:
                        in_script = False
                    continue
                pieces |= _text_pieces(part)
    return {piece for piece in pieces if _worth(piece)}


def _literals(contents: str) -> set[str]:
    found = set()
    for wrapped, literal in _LITERAL.findall(contents):
        if not wrapped:
            found.add(normal(literal[1:-1]))
    return found


def python_pieces(path: Path) -> set[str]:
    """The string constants of one Python module that could reach a page as they are."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                skip.add(id(body[0].value))
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in _GETTEXT_NAMES:
                for argument in ast.walk(node):
                    skip.add(id(argument))
        # ngettext("%(total)s channel", ...) % {"total": n}: the keys name the sentence's
        # placeholders, they are never shown.
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Mod)
            and isinstance(node.left, ast.Call)
            and isinstance(node.right, ast.Dict)
        ):
            func = node.left.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name in _GETTEXT_NAMES:
                skip.update(id(key) for key in node.right.keys if key is not None)
    pieces = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            piece = normal(node.value)
            # Names, keys, paths and ids (``channels:list``, ``text/csv``, a UUID) are code.
            # ("Information." is a sentence, not a name: its full stop does not count.)
            name = piece.removesuffix(".")
            if _worth(piece) and not _IDENTIFIER.match(name) and not _CODE.match(name):
                pieces.add(piece)
    return pieces


@functools.cache
def source_pieces() -> tuple[frozenset[str], frozenset[str]]:
    """Every piece of every template, and of every module of the dashboard."""
    templates: set[str] = set()
    python: set[str] = set()
    for path in (ROOT / "templates").rglob("*"):
        if path.suffix in (".html", ".txt") and path.is_file():
            templates |= template_pieces(path)
    for path in (ROOT / "dashboard").rglob("*.py"):
        if "migrations" not in path.parts and path.name not in DATA_MODULES:
            python |= python_pieces(path)
    return frozenset(templates), frozenset(python)


class _PageText(HTMLParser):
    """The text nodes of a page (one a line) and its visible attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self.attributes: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._hidden += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.attributes.append(value)
            if tag == "input" and name == "value" and value and ("type", "submit") in attrs:
                self.attributes.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.nodes.append(data)


def outside_brackets(text: str) -> list[str]:
    """The fragments of ``text`` (lines) not inside ⟦…⟧, brackets nesting."""
    pattern = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
    previous = None
    while previous != text:
        previous, text = text, pattern.sub("\n", text)
    return [normal(line) for line in text.split("\n") if _worth(line)]


def untranslated(
    html: str,
    allowed: frozenset[str] = frozenset(),
    pieces: tuple[frozenset[str], frozenset[str]] | None = None,
) -> set[str]:
    """The texts of a page rendered in the pseudo-locale that come from the sources and were
    shown untranslated (a source piece outside the brackets)."""
    parser = _PageText()
    parser.feed(html)
    fragments = outside_brackets("\n".join(parser.nodes))
    for value in parser.attributes:
        fragments += outside_brackets(value)
    templates, python = pieces if pieces is not None else source_pieces()
    found = set()
    for fragment in fragments:
        bare = fragment.rstrip(":·.,;( ")
        if fragment in allowed or bare in allowed or not _worth(bare):
            continue
        if {fragment, bare} & (templates | python):
            found.add(fragment)
            continue
        # A piece inside a longer text: a sentence (several words) from anywhere, or a
        # capitalised word a template's text starts with ("Page" in "Page 2 of 3"). A lone
        # word elsewhere in a text is too often data too ("number" in a number's description).
        for piece in (templates | python) - allowed:
            if (" " in piece and re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", fragment)) or (
                piece in templates
                and piece[:1].isupper()
                and re.match(rf"{re.escape(piece)}(?!\w)", fragment)
            ):
                found.add(f"{piece!r} in {fragment!r}")
    return found
