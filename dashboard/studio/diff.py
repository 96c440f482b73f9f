"""Two states of a template side by side: what changed per language and per field.

A ``TemplateState`` is one side: a version of the history, the draft, or CM.com's copy.
``compare(before, after)`` says, per language, whether it was added, removed, changed or is
unchanged, with each side's text split into runs marked deleted or inserted (word by word,
``difflib``); and per field (by position: a field's placeholder is its index) whether its name,
type or sample changed. ``templates/studio/_comparison.html`` shows a ``Comparison`` in words
as well as marks, so it reads without colour.

Pure functions on plain values: nothing here reads CM.com or the database.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from dashboard.studio import direction

if TYPE_CHECKING:
    from dashboard.studio.models import TemplateDraft

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "unchanged"
# The words people read for a change (the codes above stay in class names and comparisons).
CHANGE_WORDS = {
    ADDED: _("added"),
    REMOVED: _("removed"),
    CHANGED: _("changed"),
    SAME: _("unchanged"),
}
# A field's attributes by name, as people read them in "changed (name, sample)".
ATTRIBUTE_WORDS = {"name": _("name"), "type": _("type"), "sample": _("sample")}
# Words and the space after them stay together: a run is what a reader sees as one change.
_TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class TemplateState:
    """One side of a comparison; a version, a draft or CM.com's copy."""

    name: str
    category_id: str
    contents: dict[str, str]
    """Language → text."""
    fields: list[dict[str, str]]
    """In index order: ``{"name", "type", "sample"}``."""


def state_of_draft(draft: TemplateDraft) -> TemplateState:
    """The draft as it stands (what was typed, saved to CM.com or not), samples included."""
    samples = draft.samples or {}
    return TemplateState(
        name=draft.name,
        category_id=draft.category_id,
        contents=dict(draft.contents),
        fields=[
            {
                "name": str(f.get("name", "")),
                "type": str(f.get("type", "text")),
                "sample": str(samples.get(f.get("key", ""), "")),
            }
            for f in draft.fields
        ],
    )


@dataclass(frozen=True)
class Run:
    """A piece of one side's text: ``mark`` is "" (the same on both sides), "deleted" (only
    before) or "inserted" (only after)."""

    text: str
    mark: str = ""


@dataclass(frozen=True)
class LanguageChange:
    """One language on both sides: ``change`` is added, removed, changed or unchanged."""

    language: str
    change: str
    before: list[Run]
    after: list[Run]

    @property
    def changed(self) -> bool:
        return self.change != SAME

    @property
    def shown(self) -> direction.TextDirection:
        """Which way the language's text is written (issue 18: Arabic right to left)."""
        return direction.direction_of(self.language)

    @property
    def change_label(self) -> str:
        """``change`` in the reader's words."""
        return str(CHANGE_WORDS.get(self.change, self.change))


@dataclass(frozen=True)
class Value:
    """One attribute of a field (or the name, the category) on both sides."""

    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class FieldChange:
    """The field at one position (placeholder ``{{n}}``) on both sides."""

    number: int
    change: str
    name: Value
    type: Value
    sample: Value

    @property
    def placeholder(self) -> str:
        return "{{" + str(self.number) + "}}"

    @property
    def values(self) -> tuple[Value, Value, Value]:
        return (self.name, self.type, self.sample)

    @property
    def what(self) -> list[str]:
        """What changed of a field present on both sides, in words ("name", "type"...)."""
        if self.change != CHANGED:
            return []
        return [
            str(ATTRIBUTE_WORDS.get(v.label, v.label))
            for v in (self.name, self.type, self.sample)
            if v.changed
        ]

    @property
    def change_label(self) -> str:
        """``change`` in the reader's words."""
        return str(CHANGE_WORDS.get(self.change, self.change))


@dataclass(frozen=True)
class Comparison:
    """Everything that differs between two states (``before`` None: all of it is new)."""

    name: Value
    category: Value
    languages: list[LanguageChange]
    fields: list[FieldChange]
    new: bool = False
    """There was nothing before: everything is added."""

    @property
    def changed(self) -> bool:
        return (
            self.new
            or self.name.changed
            or self.category.changed
            or any(item.changed for item in self.languages)
            or any(item.change != SAME for item in self.fields)
        )

    @property
    def summary(self) -> str:
        """What changed, in one sentence."""
        if not self.changed:
            return gettext("No differences.")
        parts = []
        if self.name.changed:
            parts.append(gettext("the name"))
        if self.category.changed:
            parts.append(gettext("the category"))
        # One whole phrase per count and change, so a language can order and inflect it.
        language_phrases = {
            ADDED: lambda n: ngettext("%(count)d language added", "%(count)d languages added", n),
            CHANGED: lambda n: ngettext(
                "%(count)d language changed", "%(count)d languages changed", n
            ),
            REMOVED: lambda n: ngettext(
                "%(count)d language removed", "%(count)d languages removed", n
            ),
        }
        field_phrases = {
            ADDED: lambda n: ngettext("%(count)d field added", "%(count)d fields added", n),
            CHANGED: lambda n: ngettext("%(count)d field changed", "%(count)d fields changed", n),
            REMOVED: lambda n: ngettext("%(count)d field removed", "%(count)d fields removed", n),
        }
        for items, phrases in ((self.languages, language_phrases), (self.fields, field_phrases)):
            for change in (ADDED, CHANGED, REMOVED):
                count = sum(1 for item in items if item.change == change)
                if count:
                    parts.append(phrases[change](count) % {"count": count})
        return gettext("Changed: %(parts)s.") % {"parts": ", ".join(parts)}


def words(text: str) -> list[str]:
    """``text`` in tokens that join back to it exactly: each word with the space after it."""
    return _TOKEN.findall(text)


def runs(before: str, after: str) -> tuple[list[Run], list[Run]]:
    """Both texts split into runs, word by word: what only ``before`` has is deleted, what
    only ``after`` has inserted; the rest is the same on both sides."""
    old, new = words(before), words(after)
    left: list[Run] = []
    right: list[Run] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(left, "".join(old[i1:i2]), "")
            _append(right, "".join(new[j1:j2]), "")
            continue
        if i2 > i1:
            _append(left, "".join(old[i1:i2]), "deleted")
        if j2 > j1:
            _append(right, "".join(new[j1:j2]), "inserted")
    return left, right


def _append(into: list[Run], text: str, mark: str) -> None:
    if not text:
        return
    if into and into[-1].mark == mark:
        into[-1] = Run(into[-1].text + text, mark)
    else:
        into.append(Run(text, mark))


def _language(language: str, before: str | None, after: str | None) -> LanguageChange:
    if before is None:
        return LanguageChange(language, ADDED, [], [Run(after or "", "inserted")])
    if after is None:
        return LanguageChange(language, REMOVED, [Run(before, "deleted")], [])
    if before == after:
        return LanguageChange(language, SAME, [Run(before)], [Run(after)])
    left, right = runs(before, after)
    return LanguageChange(language, CHANGED, left, right)


def _field(number: int, before: dict[str, str] | None, after: dict[str, str] | None) -> FieldChange:
    old, new = before or {}, after or {}
    values = {
        key: Value(key, str(old.get(key, "")), str(new.get(key, "")))
        for key in ("name", "type", "sample")
    }
    if before is None:
        change = ADDED
    elif after is None:
        change = REMOVED
    else:
        change = CHANGED if any(v.changed for v in values.values()) else SAME
    return FieldChange(number, change, values["name"], values["type"], values["sample"])


def compare(
    before: TemplateState | None,
    after: TemplateState,
    *,
    categories: Mapping[str, str] | None = None,
) -> Comparison:
    """What differs from ``before`` to ``after``; ``before`` None: nothing before, all new.

    Languages come in ``after``'s order, then those only ``before`` had; fields by position.
    ``categories`` (id → name) shows the category by name (else by its id).
    """
    old = before or TemplateState(name="", category_id="", contents={}, fields=[])
    names = categories or {}
    order = [*after.contents, *(lang for lang in old.contents if lang not in after.contents)]
    languages = [
        _language(lang, old.contents.get(lang), after.contents.get(lang)) for lang in order
    ]
    count = max(len(old.fields), len(after.fields))
    fields = [
        _field(
            n + 1,
            old.fields[n] if n < len(old.fields) else None,
            after.fields[n] if n < len(after.fields) else None,
        )
        for n in range(count)
    ]
    return Comparison(
        name=Value("name", old.name, after.name),
        category=Value(
            "category",
            names.get(old.category_id, old.category_id),
            names.get(after.category_id, after.category_id),
        ),
        languages=languages,
        fields=fields,
        new=before is None,
    )
