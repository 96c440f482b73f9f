"""Sentences a task words itself, stored as a key and parts and put together where shown.

Copying and imports run in Celery, in English, and their rows are read later by people in
their own language (issue 18). So a sentence the dashboard words is stored as its key and
its parts (``{"msg": key, name: value, ...}``), and ``compose`` says it in the language active
when it is read, from the app's table of sentences (key -> msgid, marked with
``gettext_noop``). The tracker does the same for its labels (``tracker/wording.py``).

A part that is a string is kept as given: CM.com's own words, or words another app wrote
(studio's outcome of a push), which are not ours to translate here. A part that is itself a
dict with a ``msg`` is composed in turn. Parts may also be a list, said one after the other
(a check's words, then our sentence). Rows without parts are shown as stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

MSG = "msg"

Parts = dict[str, Any] | list[Any]


def said(key: str, **parts: Any) -> dict[str, Any]:
    """The parts to store for sentence ``key`` with ``parts`` (JSON-able values)."""
    return {MSG: key, **parts}


def compose(sentences: Mapping[str, str], parts: Parts | None, stored: str = "") -> str:
    """``parts`` in the active language, from ``sentences``; ``stored`` when there are none,
    or when their key is unknown (a row written by a newer version, or before keys)."""
    if not parts:
        return stored
    if isinstance(parts, list):
        pieces = [
            piece if isinstance(piece, str) else compose(sentences, piece, "") for piece in parts
        ]
        return " ".join(piece for piece in pieces if piece) or stored
    sentence = sentences.get(str(parts.get(MSG) or ""))
    if sentence is None:
        return stored
    values = {
        name: compose(sentences, value, "") if isinstance(value, dict | list) else value
        for name, value in parts.items()
        if name != MSG
    }
    words = gettext(sentence)
    return words % values if values else words
