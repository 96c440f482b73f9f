"""Django's ``gettext`` remembered per catalogue (issue 19).

A lookup walks the language's merged catalogues and then Python's chain of fallback
catalogues (en-gb, the default language, falls through five: most of the project's words
have no en-gb entry). That is 3-8 us a lookup on the benchmark's machine, and a page asks
60-100 of them (every ``{% translate %}``, lazy label and row word), 0.3-0.8 ms of each
page's own time. A translation object's catalogues are complete once it is built and never
change after: Django builds new objects when the translation settings change (tests that
override LOCALE_PATHS), and each object keeps its own memory, so the answer is always the one
the walk would give. Bounded: text that is not a msgid (a caller translating data) cannot
grow it without end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import trans_real

# Far above the number of msgids (about 2,500): reached only if data is being translated.
MAX_REMEMBERED = 20_000
_MEMO = "_dashboard_gettext_memo"

Gettext = Callable[[Any, str], str]


def _remembering(walk: Gettext) -> Gettext:
    def gettext(self: Any, message: str) -> str:
        memo: dict[str, str] | None = self.__dict__.get(_MEMO)
        if memo is None:
            memo = self.__dict__[_MEMO] = {}
        found = memo.get(message)
        if found is None:
            found = walk(self, message)
            if len(memo) < MAX_REMEMBERED:
                memo[message] = found
        return found

    gettext.remembers = True  # type: ignore[attr-defined]
    gettext.__wrapped__ = walk  # type: ignore[attr-defined]
    return gettext


def install() -> None:
    """Remember on Django's translation objects; once, however often it is called."""
    translation = trans_real.DjangoTranslation
    if not getattr(translation.gettext, "remembers", False):
        translation.gettext = _remembering(translation.gettext)  # type: ignore[method-assign]
