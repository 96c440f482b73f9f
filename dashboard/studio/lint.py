"""Lint a template before it is submitted, each problem pointing at its place.

The approval rule is ``channels_api.template_rules`` (the sandbox approves or rejects by exactly
that rule, and the rule is WhatsApp's). That module says *what* is wrong; this one also says
*where*: the language and the character offset (and placeholder) of each problem, so the editor
can put the cursor on it. The checks below mirror rules 1-9 of ``check_template_content`` one by
one; as a safety net, a reason the rule gives that no positional check found is still reported
(without a position), so the lint never passes content the rule would reject.

On top of the rule, the issue's extra checks: a field no language uses is a warning (it will be
asked for with every message and shown nowhere), so is an invisible direction character (issue
18: a bidi control such as U+200F moves text around on the phone unseen), and the
template-level problems (name, field names, no language at all) are errors. Errors block
"Request validation"; warnings do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

from channels_api.template_rules import (
    MAX_CONSECUTIVE_NEWLINES,
    MAX_CONTENT_LENGTH,
    MAX_NAME_LENGTH,
    PLACEHOLDER,
    check_template_content,
    check_template_name,
    placeholder,
    suggest_template_name,
)
from dashboard.studio.wording import say

ERROR = "error"
WARNING = "warning"

_ANY_BRACES = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_ADJACENT = re.compile(r"\{\{(\d+)\}\}\s*(?=\{\{(\d+)\}\})")
_STRAY_BRACES = re.compile(r"\{\{|\}\}")
_HOW = _("write placeholders as {{1}}, {{2}}, ...")
_NAME = re.compile(r"[a-z0-9_]+")  # the rule's (``check_template_name``)


@dataclass(frozen=True)
class Problem:
    """One thing wrong, and where: a language and an offset, or a template-level input."""

    severity: str
    message: str
    """In words; a ``core.wording.Said`` (key and parts) for the problems that stop a save."""
    language: str = ""
    """The template language (by name) the problem is in; empty for template-level problems."""
    offset: int | None = None
    """Character offset in the language's content (new lines counted as one character)."""
    length: int = 0
    placeholder: str = ""
    where: str = ""
    """For template-level problems: ``name``, ``fields`` or ``field:<key>``."""

    @property
    def is_error(self) -> bool:
        """Whether this blocks "Request validation"."""
        return self.severity == ERROR

    @property
    def place(self) -> str:
        """Where, in words: ``Dutch, character 43 ({{3}})``."""
        if not self.language:
            words = {"name": gettext("Name"), "fields": gettext("Replacement fields")}
            if self.where in words:
                return words[self.where]
            return (
                gettext("Replacement field")
                if self.where.startswith("field:")
                else gettext("Template")
            )
        parts = [self.language]
        if self.offset is not None:
            parts.append(gettext("character %(number)d") % {"number": self.offset + 1})
        text = ", ".join(parts)
        return f"{text} ({self.placeholder})" if self.placeholder else text


@dataclass(frozen=True)
class LintField:
    """What the lint needs of a replacement field: its key (for pointing at it) and name."""

    key: str
    name: str


def normalise(content: str) -> str:
    """Content as the rule reads it and as a browser's textarea holds it: ``\\n`` line ends."""
    return (content or "").replace("\r\n", "\n")


def check_content(content: str, field_count: int, language: str) -> list[Problem]:
    """Rules 1-9 of the approval rule, each problem with its offset in ``content``."""
    text = normalise(content)
    found: list[Problem] = []

    def error(message: str, offset: int | None = None, length: int = 0, mark: str = "") -> None:
        found.append(Problem(ERROR, message, language, offset, length, mark))

    stripped = text.strip()
    if not stripped:
        error(
            gettext("%(language)s has no content yet: write the message.") % {"language": language}
        )
        return found
    if len(text) > MAX_CONTENT_LENGTH:
        error(
            gettext(
                "The content is %(length)d characters long; WhatsApp allows %(max)d. "
                "Shorten it by %(over)d."
            )
            % {
                "length": len(text),
                "max": MAX_CONTENT_LENGTH,
                "over": len(text) - MAX_CONTENT_LENGTH,
            },
            MAX_CONTENT_LENGTH,
            len(text) - MAX_CONTENT_LENGTH,
        )
    lead = len(text) - len(text.lstrip())
    start = PLACEHOLDER.match(stripped)
    if start:
        error(
            gettext("The message may not start with a placeholder: put some text before it."),
            lead,
            len(start.group(0)),
            start.group(0),
        )
    end = re.search(r"\{\{(\d+)\}\}$", stripped)
    if end:
        error(
            gettext("The message may not end with a placeholder: put some text after it."),
            lead + end.start(),
            len(end.group(0)),
            end.group(0),
        )
    malformed = [m for m in _ANY_BRACES.finditer(text) if not PLACEHOLDER.fullmatch(m.group(0))]
    for match in malformed:
        error(
            gettext("%(text)s is not a placeholder: %(how)s")
            % {"text": match.group(0), "how": _HOW},
            match.start(),
            len(match.group(0)),
            match.group(0),
        )
    if not malformed:
        # Braces left once every {{...}} is taken out are unbalanced; blank those spans out
        # (keeping offsets) to find the stray ones.
        blanked = _ANY_BRACES.sub(lambda m: " " * len(m.group(0)), text)
        for stray in _STRAY_BRACES.finditer(blanked):
            error(
                gettext("Unbalanced braces %(braces)s: %(how)s")
                % {"braces": stray.group(0), "how": _HOW},
                stray.start(),
                2,
                stray.group(0),
            )
    seen: list[int] = []
    for match in PLACEHOLDER.finditer(text):
        number = int(match.group(1))
        if number in seen:
            continue
        expected = len(seen) + 1
        seen.append(number)
        if number != expected:
            error(
                gettext(
                    "Placeholders must be numbered in order of first use without gaps: "
                    "%(expected)s should come here, not %(found)s."
                )
                % {"expected": placeholder(expected), "found": match.group(0)},
                match.start(),
                len(match.group(0)),
                match.group(0),
            )
            break
    have = ngettext("%(count)d replacement field", "%(count)d replacement fields", field_count) % {
        "count": field_count
    }
    reported: set[int] = set()
    for match in PLACEHOLDER.finditer(text):
        number = int(match.group(1))
        if (number < 1 or number > field_count) and number not in reported:
            reported.add(number)
            error(
                gettext(
                    "%(placeholder)s has no replacement field (the template has %(have)s): "
                    "add a field or change the number."
                )
                % {"placeholder": match.group(0), "have": have},
                match.start(),
                len(match.group(0)),
                match.group(0),
            )
    for match in _ADJACENT.finditer(text):
        a, b = placeholder(int(match.group(1))), placeholder(int(match.group(2)))
        error(
            gettext("Placeholders %(a)s and %(b)s stand next to each other: put text between them.")
            % {"a": a, "b": b},
            match.start(),
            len(match.group(0)) + len(b),
            a,
        )
    newlines = text.find("\n" * (MAX_CONSECUTIVE_NEWLINES + 1))
    if newlines >= 0:
        error(
            gettext("More than %(max)d new lines in a row: one blank line at most.")
            % {"max": MAX_CONSECUTIVE_NEWLINES},
            newlines,
            MAX_CONSECUTIVE_NEWLINES + 1,
        )
    if not found:
        # The safety net: whatever the rule refuses that the checks above did not place.
        for reason in check_template_content(text, field_count):
            error(reason)
    return found


def check_unused_fields(content: str, fields: list[LintField], language: str) -> list[Problem]:
    """A warning for each field this language does not use."""
    used = {int(n) for n in PLACEHOLDER.findall(normalise(content))}
    return [
        Problem(
            WARNING,
            gettext("The field %(name)s (%(placeholder)s) is not used in %(language)s.")
            % {
                "name": field.name or gettext("(no name)"),
                "placeholder": placeholder(index + 1),
                "language": language,
            },
            language,
            None,
            0,
            placeholder(index + 1),
        )
        for index, field in enumerate(fields)
        if index + 1 not in used
    ]


#: The invisible characters that steer the direction of text (Unicode's bidi controls), with
#: what people call them. Pasted from another app or typed by a keyboard, none shows in the
#: editor, yet each can move words, numbers and placeholders around on the phone.
BIDI_CONTROLS: dict[str, str] = {
    "\u200e": gettext_noop("left-to-right mark"),
    "\u200f": gettext_noop("right-to-left mark"),
    "\u061c": gettext_noop("Arabic letter mark"),
    "\u202a": gettext_noop("left-to-right embedding"),
    "\u202b": gettext_noop("right-to-left embedding"),
    "\u202c": gettext_noop("end of an embedding or override (pop directional formatting)"),
    "\u202d": gettext_noop("left-to-right override"),
    "\u202e": gettext_noop("right-to-left override"),
    "\u2066": gettext_noop("left-to-right isolate"),
    "\u2067": gettext_noop("right-to-left isolate"),
    "\u2068": gettext_noop("first-strong isolate"),
    "\u2069": gettext_noop("end of an isolate (pop directional isolate)"),
}
_BIDI_CONTROL = re.compile("[" + "".join(BIDI_CONTROLS) + "]")


def check_bidi_controls(content: str, language: str) -> list[Problem]:
    """A warning for each kind of invisible direction character in the text, pointing at the
    first one (its link selects it, so Delete removes it) and saying how many there are.

    A warning, not an error: WhatsApp accepts them, and a right-to-left mark is sometimes put
    there on purpose. But nobody can see them while reviewing the text, so they are said."""
    text = normalise(content)
    first: dict[str, int] = {}
    count: dict[str, int] = {}
    for match in _BIDI_CONTROL.finditer(text):
        char = match.group(0)
        first.setdefault(char, match.start())
        count[char] = count.get(char, 0) + 1
    found = []
    for char, offset in sorted(first.items(), key=lambda item: item[1]):
        name = gettext(BIDI_CONTROLS[char])  # marked with gettext_noop above
        code = f"U+{ord(char):04X}"
        how_many = (
            ""
            if count[char] == 1
            else " "
            + gettext("(%(count)d in this text; this is the first)") % {"count": count[char]}
        )
        found.append(
            Problem(
                WARNING,
                gettext(
                    "An invisible %(name)s (%(code)s) is in the text%(how_many)s. You cannot see "
                    "it here, but it changes the order in which phones show words, numbers and "
                    "placeholders: delete it unless you put it there on purpose."
                )
                % {"name": name, "code": code, "how_many": how_many},
                language,
                offset,
                1,
            )
        )
    return found


def check_fields(fields: list[LintField]) -> list[Problem]:
    """Every field needs a name, unique without regard to case (CM.com refuses duplicates)."""
    found = []
    seen: dict[str, str] = {}
    for index, field in enumerate(fields):
        name = field.name.strip()
        where = f"field:{field.key}"
        mark = placeholder(index + 1)
        if not name:
            found.append(
                Problem(
                    ERROR,
                    say("field_needs_name", mark=mark),
                    where=where,
                    placeholder=mark,
                )
            )
        elif name.casefold() in seen:
            found.append(
                Problem(
                    ERROR,
                    say("fields_named_alike", name=name),
                    where=where,
                    placeholder=mark,
                )
            )
        else:
            seen[name.casefold()] = field.key
    return found


def check_name(name: str) -> list[Problem]:
    """WhatsApp's rule for template names, as errors pointing at the name.

    The rule says its reasons in English only: each is said here in our words (kept with
    their parts, as a save that stops on it is stored and read later in another language);
    a reason this mirror does not know is kept as the rule gives it."""
    reasons = check_template_name(name)
    if not reasons:
        return []
    ours: list[str] = []
    if not isinstance(name, str) or not name:
        ours.append(say("name_missing"))
    else:
        if len(name) > MAX_NAME_LENGTH:
            ours.append(say("name_too_long", max=MAX_NAME_LENGTH, length=len(name)))
        if not _NAME.fullmatch(name):
            example = suggest_template_name(name) or "order_update"
            ours.append(say("name_letters", example=repr(example)))
    found = ours if len(ours) == len(reasons) else reasons
    return [Problem(ERROR, reason, where="name") for reason in found]


def lint(
    *,
    name: str,
    fields: list[LintField],
    contents: Mapping[str, str],
    locked: Iterable[str] = (),
) -> list[Problem]:
    """Every problem of a template, errors first: name, fields, then each editable language.

    ``contents`` maps language name → content; languages in ``locked`` (approved: WhatsApp
    already accepted them and they cannot change) are not linted.
    """
    problems = check_name(name) + check_fields(fields)
    locked_names = set(locked)
    editable = {lang: text for lang, text in contents.items() if lang not in locked_names}
    if not contents:
        problems.append(Problem(ERROR, say("no_language"), where="languages"))
    for language, content in editable.items():
        problems += check_content(content, len(fields), language)
        if normalise(content).strip():
            problems += check_unused_fields(content, fields, language)
        problems += check_bidi_controls(content, language)
    return sorted(problems, key=lambda p: (not p.is_error,))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that block "Request validation"."""
    return [problem for problem in problems if problem.is_error]
