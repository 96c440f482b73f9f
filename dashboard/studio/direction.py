"""Which way a template's language is written: right to left for Arabic, Hebrew, Persian and
Urdu, so the studio edits and previews those texts right to left (``dir="rtl"``, and ``lang``).

CM.com keys a template's languages by *name* ("Arabic", "English (US)"); the direction is a
property of the language *code* ("ar", "ar_EG", "he"), which the business account's active
languages give (``list_active_languages``: id, code, name). When that list was not read (a part
of the editor reloading alone reads only the template) or does not name the language, the
code comes from the preview's locale table, then from WhatsApp's names of the right-to-left
languages, so a part reloading alone decides the same way as the whole page. A language whose
code is still unknown gets ``dir="auto"``: the browser then follows the text's first letter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.studio import locales

RTL = "rtl"
LTR = "ltr"
AUTO = "auto"

#: Base language codes written right to left (ISO 639-1; ``iw`` is Hebrew's old code, which
#: some systems still send).
RTL_CODES = frozenset({"ar", "he", "iw", "fa", "ur"})

#: WhatsApp's names of the right-to-left template languages → code. A fallback only: the
#: business account's active languages name the code themselves.
RTL_NAMES: dict[str, str] = {"Arabic": "ar", "Hebrew": "he", "Persian": "fa", "Urdu": "ur"}


def base_code(code: str) -> str:
    """``"ar_EG"`` / ``"ar-EG"`` / ``"AR"`` → ``"ar"``: the language without its region."""
    return (code or "").strip().replace("-", "_").split("_", 1)[0].lower()


def is_rtl_code(code: str) -> bool:
    """Whether a language code (with or without a region) is written right to left."""
    return base_code(code) in RTL_CODES


def html_lang(code: str) -> str:
    """A WhatsApp code as HTML's ``lang`` wants it (BCP 47): ``pt_BR`` → ``pt-BR``."""
    return (code or "").strip().replace("_", "-")


@dataclass(frozen=True)
class TextDirection:
    """How a template language's text is shown: ``dir`` (rtl, ltr or auto) and ``lang``."""

    dir: str
    lang: str = ""

    @property
    def is_rtl(self) -> bool:
        return self.dir == RTL

    def attrs(self) -> dict[str, str]:
        """The HTML attributes: ``{"dir": "rtl", "lang": "ar"}`` (no ``lang`` when unknown)."""
        return {"dir": self.dir, **({"lang": self.lang} if self.lang else {})}


UNKNOWN = TextDirection(AUTO)
"""A language whose code nobody gave: its text decides."""


def codes_by_name(languages: Iterable[Any] | None) -> dict[str, str]:
    """Language name → code from the API's languages (anything with ``name`` and ``code``)."""
    return {
        str(item.name): str(item.code)
        for item in languages or ()
        if getattr(item, "name", None) and getattr(item, "code", None)
    }


def language_code(name: str, codes: Mapping[str, str] | None = None) -> str:
    """The code of a template language named ``name``: as CM.com's languages give it, else as
    the locale table or WhatsApp's right-to-left names know it; ``""`` when nothing does."""
    key = (name or "").strip()
    found = (codes or {}).get(key)
    if found:
        return found
    known = locales.FORMATS.get(key)
    if known is not None:
        return known.code
    return RTL_NAMES.get(key, "")


def direction_of(name: str, codes: Mapping[str, str] | None = None) -> TextDirection:
    """How the text of the template language ``name`` is shown."""
    code = language_code(name, codes)
    if not code:
        return UNKNOWN
    return TextDirection(RTL if is_rtl_code(code) else LTR, html_lang(code))
