"""Sentences a task words itself, stored as a key and parts and put together where shown.

Copying and imports run in Celery, in English, and their rows are read later by people in
their own language (issue 18). So a sentence the dashboard words is stored as its key and
its parts (``{"msg": key, name: value, ...}``), and ``compose`` says it in the language active
when it is read, from the app's table of sentences (key -> msgid, marked with
``gettext_noop``). The tracker does the same for its labels (``tracker/wording.py``).

An app whose sentences end up inside another app's (upstream's failures, the studio's
outcome of a push) registers its table under a namespace (``register``) and says them with
``say``: their keys are stored namespaced ("upstream.timeout"), so they compose wherever
they are nested. Keys without a namespace are looked up in the table ``compose`` is given
(rows stored before namespaces keep composing as they did).

``say`` gives a ``Said``: the words in the active language, which also keep their parts, so
every caller that took words still works and a place that stores can store ``part(words)``.

A part that is a string is kept as given: CM.com's own words, a name, a formatted time. A
part that is itself a dict with a ``msg`` is composed in turn. Parts may also be a list, said
one after the other (a check's words, then our sentence). Rows without parts are shown as
stored.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext

MSG = "msg"

Parts = dict[str, Any] | list[Any]

# A table's sentence: a msgid (marked with ``gettext_noop``), or a plural
# (``ngettext_lazy(singular, plural, "count")``, which takes its number from the parts).
Sentence = str | Promise

_TABLES: dict[str, Mapping[str, Sentence]] = {}


class Sayer(Protocol):
    """An app's ``say``: its sentence ``key`` with ``parts``, in the active language."""

    def __call__(self, key: str, /, **parts: Any) -> Said: ...


def register(namespace: str, sentences: Mapping[str, Sentence]) -> Sayer:
    """Make ``sentences`` composable anywhere as ``"<namespace>.<key>"``; the namespace's
    ``say`` (``say = wording.register(NAMESPACE, SENTENCES)``)."""
    _TABLES[namespace] = sentences
    return functools.partial(say, namespace)


def said(key: str, **parts: Any) -> dict[str, Any]:
    """The parts to store for sentence ``key`` with ``parts`` (JSON-able values)."""
    return {MSG: key, **parts}


class Said(str):
    """Words in the active language that keep their key and parts (``parts``): a function
    returns one where it returned words, and what is stored can be said again in a reader's
    language. Everything that took the words still does (it is the string)."""

    parts: Parts

    def __new__(cls, parts: Parts, sentences: Mapping[str, Sentence] | None = None) -> Said:
        said_now = super().__new__(cls, compose(sentences or {}, parts))
        said_now.parts = parts
        return said_now

    def __reduce__(self) -> tuple[Any, ...]:
        # Kept as parts when pickled (a task's result, a cached value) and said again.
        return (_unpickle, (str(self), self.parts))


def _unpickle(words: str, parts: Parts) -> Said:
    said_now = str.__new__(Said, words)
    said_now.parts = parts
    return said_now


def part(words: Any) -> Any:
    """``words`` as a part to store: their parts when they were said (``Said``), else as
    given (CM.com's words, a name, a number; lazy words as they read now)."""
    if isinstance(words, Said):
        return words.parts
    # A lazy translation (``gettext_lazy``) is no JSON: kept as the words it says here.
    return str(words) if isinstance(words, Promise) else words


def parts_of(words: Any) -> Parts | None:
    """The parts ``words`` were said from, if they were a ``Said``; else None."""
    return words.parts if isinstance(words, Said) else None


def say(namespace: str, key: str, **parts: Any) -> Said:
    """Sentence ``key`` of ``namespace``'s table with ``parts`` (strings kept as given, a
    ``Said`` nested as its parts), in the active language."""
    return Said(said(f"{namespace}.{key}", **{name: part(value) for name, value in parts.items()}))


def one_after_another(*pieces: Any) -> Said | str:
    """``pieces`` said one after the other, with a space (empty ones left out): each a
    ``Said`` or words kept as given. A single ``Said`` is itself."""
    kept = [piece for piece in pieces if piece]
    if len(kept) == 1 and isinstance(kept[0], Said):
        return kept[0]
    if not any(isinstance(piece, Said) for piece in kept):
        return " ".join(str(piece) for piece in kept)
    return Said([part(piece) for piece in kept])


def compose(sentences: Mapping[str, Sentence], parts: Parts | None, stored: str = "") -> str:
    """``parts`` in the active language, from ``sentences`` (or a registered table, for a
    namespaced key); ``stored`` when there are none, or when their key is unknown (a row
    written by a newer version, or before keys)."""
    if not parts:
        return stored
    if isinstance(parts, list):
        pieces = [compose_part(sentences, piece) for piece in parts]
        return " ".join(piece for piece in pieces if piece) or stored
    sentence = _sentence(sentences, str(parts.get(MSG) or ""))
    if sentence is None:
        return stored
    values = {
        name: compose(sentences, value, "") if isinstance(value, dict | list) else value
        for name, value in parts.items()
        if name != MSG
    }
    if isinstance(sentence, Promise):
        # A plural: it picks its form by the number among the values.
        return str(sentence % values)
    words = gettext(sentence)
    return words % values if values else words


def compose_part(sentences: Mapping[str, Sentence], value: Any) -> str:
    """One stored part in the active language: words kept as given, parts composed."""
    if isinstance(value, dict | list):
        return compose(sentences, value, "")
    return "" if value is None else str(value)


def _sentence(sentences: Mapping[str, Sentence], key: str) -> Sentence | None:
    found = sentences.get(key)
    if found is None and "." in key:
        namespace, _, name = key.partition(".")
        found = _TABLES.get(namespace, {}).get(name)
    return found
