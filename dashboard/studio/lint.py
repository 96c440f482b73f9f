"""Lint a template before it is submitted, each problem pointing at its place.

The approval rule is ``channels_api.template_rules`` (the sandbox approves or rejects by exactly
that rule, and the rule is WhatsApp's). That module says *what* is wrong; this one also says
*where*: the language and the character offset (and placeholder) of each problem, so the editor
can put the cursor on it. The checks below mirror rules 1-9 of ``check_template_content`` one by
one; as a safety net, a reason the rule gives that no positional check found is still reported
(without a position), so the lint never passes content the rule would reject.

On top of the rule, the issue's extra checks: a field no language uses is a warning (it will be
asked for with every message and shown nowhere), and the template-level problems (name, field
names, no language at all) are errors. Errors block "Request validation"; warnings do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from channels_api.template_rules import (
    MAX_CONSECUTIVE_NEWLINES,
    MAX_CONTENT_LENGTH,
    PLACEHOLDER,
    check_template_content,
    check_template_name,
    placeholder,
)

ERROR = "error"
WARNING = "warning"

_ANY_BRACES = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_ADJACENT = re.compile(r"\{\{(\d+)\}\}\s*(?=\{\{(\d+)\}\})")
_STRAY_BRACES = re.compile(r"\{\{|\}\}")
_HOW = "write placeholders as {{1}}, {{2}}, ..."


@dataclass(frozen=True)
class Problem:
    """One thing wrong, and where: a language and an offset, or a template-level input."""

    severity: str
    message: str
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
            return {"name": "Name", "fields": "Replacement fields"}.get(
                self.where, "Replacement field" if self.where.startswith("field:") else "Template"
            )
        parts = [self.language]
        if self.offset is not None:
            parts.append(f"character {self.offset + 1}")
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
        error(f"{language} has no content yet: write the message.")
        return found
    if len(text) > MAX_CONTENT_LENGTH:
        error(
            f"The content is {len(text)} characters long; WhatsApp allows {MAX_CONTENT_LENGTH}. "
            f"Shorten it by {len(text) - MAX_CONTENT_LENGTH}.",
            MAX_CONTENT_LENGTH,
            len(text) - MAX_CONTENT_LENGTH,
        )
    lead = len(text) - len(text.lstrip())
    start = PLACEHOLDER.match(stripped)
    if start:
        error(
            "The message may not start with a placeholder: put some text before it.",
            lead,
            len(start.group(0)),
            start.group(0),
        )
    end = re.search(r"\{\{(\d+)\}\}$", stripped)
    if end:
        error(
            "The message may not end with a placeholder: put some text after it.",
            lead + end.start(),
            len(end.group(0)),
            end.group(0),
        )
    malformed = [m for m in _ANY_BRACES.finditer(text) if not PLACEHOLDER.fullmatch(m.group(0))]
    for match in malformed:
        error(
            f"{match.group(0)} is not a placeholder: {_HOW}",
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
                f"Unbalanced braces {stray.group(0)}: {_HOW}",
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
                f"Placeholders must be numbered in order of first use without gaps: "
                f"{placeholder(expected)} should come here, not {match.group(0)}.",
                match.start(),
                len(match.group(0)),
                match.group(0),
            )
            break
    have = f"{field_count} replacement field" + ("" if field_count == 1 else "s")
    reported: set[int] = set()
    for match in PLACEHOLDER.finditer(text):
        number = int(match.group(1))
        if (number < 1 or number > field_count) and number not in reported:
            reported.add(number)
            error(
                f"{match.group(0)} has no replacement field (the template has {have}): "
                "add a field or change the number.",
                match.start(),
                len(match.group(0)),
                match.group(0),
            )
    for match in _ADJACENT.finditer(text):
        a, b = placeholder(int(match.group(1))), placeholder(int(match.group(2)))
        error(
            f"Placeholders {a} and {b} stand next to each other: put text between them.",
            match.start(),
            len(match.group(0)) + len(b),
            a,
        )
    newlines = text.find("\n" * (MAX_CONSECUTIVE_NEWLINES + 1))
    if newlines >= 0:
        error(
            f"More than {MAX_CONSECUTIVE_NEWLINES} new lines in a row: one blank line at most.",
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
            f"The field {field.name or '(no name)'} ({placeholder(index + 1)}) is not used in "
            f"{language}.",
            language,
            None,
            0,
            placeholder(index + 1),
        )
        for index, field in enumerate(fields)
        if index + 1 not in used
    ]


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
                Problem(ERROR, f"Field {mark} needs a name.", where=where, placeholder=mark)
            )
        elif name.casefold() in seen:
            found.append(
                Problem(
                    ERROR,
                    f"Two fields are named {name}: field names must differ.",
                    where=where,
                    placeholder=mark,
                )
            )
        else:
            seen[name.casefold()] = field.key
    return found


def check_name(name: str) -> list[Problem]:
    """WhatsApp's rule for template names, as errors pointing at the name."""
    return [Problem(ERROR, reason, where="name") for reason in check_template_name(name)]


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
        problems.append(
            Problem(ERROR, "Add a language and write the message in it.", where="languages")
        )
    for language, content in editable.items():
        problems += check_content(content, len(fields), language)
        if normalise(content).strip():
            problems += check_unused_fields(content, fields, language)
    return sorted(problems, key=lambda p: (not p.is_error,))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that block "Request validation"."""
    return [problem for problem in problems if problem.is_error]
