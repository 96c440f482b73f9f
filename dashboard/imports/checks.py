"""The report on a parsed file: every problem at its row and column, and what may be imported.

Pure: the rows, and what CM.com has (categories, languages, template names; None for a read
that failed, whose checks are then left out and said to be), in; a ``Report`` out.

What blocks a template from being imported (CM.com would refuse it, or it would not be what
the file says): a name WhatsApp does not allow, or one that CM.com already has or that the file
uses for another template with the same language; a category CM.com does not know (a category
is given by name or id, without regard to case), or two categories for one template; a language
WhatsApp does not support, or one this business account has not activated (a language is given
by name, "Dutch", or code, "nl"); fields that cannot be read or whose names are missing or
repeated, or two rows of a template giving different fields; a text longer than CM.com stores.
Content lint (the approval rule: placeholders, length, blank lines; and, as warnings, unused
fields and invisible direction characters) does not block: a draft may be unfinished, and such a
template is imported without being offered for validation.

Nothing of the report is stored: it is worked out on every view of the run (``selectors.
report_of``), so its notes are said in the language of the person reading it, whoever uploaded
the file (issue 18); only the rows are kept.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from channels_api.resources.templates import FIELD_TYPES
from dashboard.studio import drafts, lint
from dashboard.studio.lint import ERROR, WARNING, LintField

COLUMN_LABELS = {
    "name": "name",
    "category": "category",
    "language": "language",
    "content": "content",
    "fields": "fields",
}


@dataclass(frozen=True)
class Finding:
    """One problem of the file, at a row and column."""

    row: int
    column: str
    """The column's name (``content``)."""
    letter: str
    """The column's letter in the file (``D``)."""
    severity: str
    message: str
    blocks: bool
    """Whether it keeps the template from being imported (else: content lint only)."""
    detail: str = ""
    """Where in the cell: ``character 43 ({{3}})``."""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def cell(self) -> str:
        """The cell in words: ``D7``."""
        return f"{self.letter}{self.row}"


@dataclass
class Candidate:
    """One template of the file (its rows grouped by name), as it would be created."""

    name: str
    rows: list[int]
    category_id: str = ""
    contents: dict[str, str] = field(default_factory=dict)
    fields: list[dict[str, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return any(f.blocks for f in self.findings)

    @property
    def lint_clean(self) -> bool:
        return not any(f.is_error for f in self.findings)

    @property
    def blocking_rows(self) -> list[int]:
        """The rows whose findings keep it from being imported."""
        return sorted({f.row for f in self.findings if f.blocks})

    @property
    def reasons(self) -> list[str]:
        """Why it cannot be imported, in words (the blocking findings)."""
        return [f"{f.cell}: {f.message}" for f in self.findings if f.blocks]

    def payload(self) -> dict[str, Any]:
        """What is sent to CM.com (samples stay in the draft)."""
        return {
            "name": self.name,
            "category_id": self.category_id,
            "contents": dict(self.contents),
            "fields": [dict(item) for item in self.fields],
        }


@dataclass(frozen=True)
class Seen:
    """What CM.com has, as the checks need it; None where the read failed."""

    categories: list[Any] | None
    supported: list[Any] | None
    active: list[Any] | None
    names: set[str] | None

    @property
    def unchecked(self) -> list[str]:
        """What could not be checked, in words."""
        missing = [
            (gettext("the categories"), self.categories),
            (gettext("the languages WhatsApp supports"), self.supported),
            (gettext("the languages active for this account"), self.active),
            (gettext("the template names already on CM.com"), self.names),
        ]
        return [what for what, value in missing if value is None]


@dataclass
class Report:
    """Every row's findings and every template of the file."""

    findings: dict[int, list[Finding]]
    candidates: list[Candidate]
    unchecked: list[str]

    @property
    def error_rows(self) -> list[int]:
        """Rows with a finding that blocks their template."""
        return sorted({f.row for items in self.findings.values() for f in items if f.blocks})

    @property
    def counts(self) -> dict[str, int]:
        everything = [f for items in self.findings.values() for f in items]
        return {
            "errors": sum(1 for f in everything if f.is_error),
            "warnings": sum(1 for f in everything if not f.is_error),
            "templates": len(self.candidates),
            "importable": sum(1 for c in self.candidates if not c.blocked),
        }


class _Row:
    """One row while it is checked: its cells and a way to note a finding at a column."""

    def __init__(self, raw: dict[str, Any], columns: dict[str, str], out: list[Finding]) -> None:
        self.raw, self.columns, self.out = raw, columns, out
        self.number = int(raw["row"])

    def __getitem__(self, name: str) -> str:
        return str(self.raw.get(name, "") or "")

    def note(
        self,
        column: str,
        message: str,
        *,
        blocks: bool = True,
        severity: str = ERROR,
        detail: str = "",
    ) -> Finding:
        found = Finding(
            self.number,
            column,
            self.columns.get(column, "?"),
            severity,
            message,
            blocks,
            detail,
        )
        self.out.append(found)
        return found


def _index(items: Iterable[Any], *attributes: str) -> dict[str, Any]:
    """Each item by each of its attributes, without regard to case."""
    found: dict[str, Any] = {}
    for item in items:
        for attribute in attributes:
            value = str(getattr(item, attribute, "") or "")
            if value:
                found.setdefault(value.casefold(), item)
    return found


def parse_fields(text: str) -> tuple[list[dict[str, str]], list[str]]:
    """``customer_name:text:Ada; amount:currency:EUR 12.50`` → fields, and what is wrong."""
    fields: list[dict[str, str]] = []
    wrong: list[str] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, _, rest = part.partition(":")
        type_, _, sample = rest.partition(":")
        name, type_ = name.strip(), (type_.strip().lower() or "text")
        if type_ not in FIELD_TYPES:
            wrong.append(
                gettext("The field %(name)s has the type %(type)r: use one of %(types)s.")
                % {
                    "name": name or gettext("(no name)"),
                    "type": type_,
                    "types": ", ".join(FIELD_TYPES),
                }
            )
        if any(unicodedata.category(c) == "Cc" for c in name):
            wrong.append(
                gettext("The field name %(name)r holds a control character.") % {"name": name}
            )
        if len(name) > drafts.MAX_FIELD_NAME:
            wrong.append(
                gettext("A field name has at most %(max)d characters.")
                % {"max": drafts.MAX_FIELD_NAME}
            )
        fields.append({"name": name, "type": type_, "sample": sample.strip()})
    found = lint.check_fields([LintField(str(i), f["name"]) for i, f in enumerate(fields)])
    return fields, wrong + [problem.message for problem in found]


def check(rows: list[dict[str, Any]], columns: dict[str, str], seen: Seen) -> Report:
    """The report on ``rows`` given what CM.com has."""
    findings: dict[int, list[Finding]] = {}
    groups: dict[str, Candidate] = {}
    categories = _index(seen.categories or [], "name", "id")
    supported = _index(seen.supported or [], "name", "code")
    active_ids = {str(item.id) for item in seen.active or []}
    languages_of: dict[str, dict[str, int]] = {}
    fields_of: dict[str, tuple[int, str]] = {}
    category_of: dict[str, tuple[int, str]] = {}
    accepted: dict[int, str] = {}
    for raw in rows:
        row = _Row(raw, columns, findings.setdefault(int(raw["row"]), []))
        name = row["name"]
        candidate = groups.get(name)
        if candidate is None:
            candidate = groups[name] = Candidate(name=name, rows=[])
            _check_name(row, name, seen.names)
        candidate.rows.append(row.number)
        _check_category(row, candidate, categories, category_of, seen)
        language = _check_language(row, supported, active_ids, seen)
        _check_fields(row, candidate, fields_of)
        earlier = languages_of.setdefault(name, {}).get(language.casefold()) if language else None
        if earlier is not None:
            row.note(
                "language",
                gettext(
                    "Row %(row)s already gives %(language)s of %(name)s: "
                    "one row per template and language."
                )
                % {"row": earlier, "language": language, "name": name or gettext("this template")},
            )
        elif language:
            languages_of[name][language.casefold()] = row.number
            candidate.contents[language] = lint.normalise(row["content"])
            accepted[row.number] = language
        candidate.findings.extend(row.out)
    return _finish(rows, columns, findings, groups, accepted, seen)


def _finish(
    rows: list[dict[str, Any]],
    columns: dict[str, str],
    findings: dict[int, list[Finding]],
    groups: dict[str, Candidate],
    accepted: dict[int, str],
    seen: Seen,
) -> Report:
    """Content lint, once each template's fields are known (a placeholder needs its field)."""
    by_row = {int(raw["row"]): raw for raw in rows}
    for candidate in groups.values():
        count = len(candidate.fields)
        lint_fields = [LintField(str(i), f["name"]) for i, f in enumerate(candidate.fields)]
        for number in candidate.rows:
            if number not in accepted:
                continue
            row = _Row(by_row[number], columns, findings[number])
            before = len(row.out)
            _check_content(row, accepted[number], count, lint_fields)
            candidate.findings.extend(row.out[before:])
    for items in findings.values():
        items.sort(key=lambda f: (not f.is_error, list(COLUMN_LABELS).index(f.column)))
    return Report(findings=findings, candidates=list(groups.values()), unchecked=seen.unchecked)


def _check_name(row: _Row, name: str, names: set[str] | None) -> None:
    for problem in lint.check_name(name):
        row.note("name", problem.message)
    if name and names is not None and name in names:
        row.note(
            "name",
            gettext("CM.com already has a template named %(name)s: give this one another name.")
            % {"name": name},
        )


def _check_category(
    row: _Row,
    candidate: Candidate,
    categories: dict[str, Any],
    category_of: dict[str, tuple[int, str]],
    seen: Seen,
) -> None:
    typed = row["category"]
    if not typed:
        row.note("category", gettext("Enter a category."))
        return
    first = category_of.setdefault(candidate.name, (row.number, typed))
    if first[1].casefold() != typed.casefold():
        row.note(
            "category",
            gettext(
                "Row %(row)s gives this template the category %(category)s: one category per "
                "template."
            )
            % {"row": first[0], "category": first[1]},
        )
        return
    if seen.categories is None:
        return
    found = categories.get(typed.casefold())
    if found is None:
        known = ", ".join(sorted(str(c.name) for c in seen.categories if c.name))
        row.note(
            "category",
            gettext("CM.com has no category %(typed)s: use one of %(known)s.")
            % {"typed": typed, "known": known},
        )
    elif not candidate.category_id:
        candidate.category_id = str(found.id)


def _check_language(row: _Row, supported: dict[str, Any], active_ids: set[str], seen: Seen) -> str:
    """The language's name as CM.com keys it, or "" (a finding says why)."""
    typed = row["language"]
    if not typed:
        row.note("language", gettext("Enter a language (its name, English (US), or code, en_US)."))
        return ""
    if seen.supported is None or seen.active is None:
        return ""
    found = supported.get(typed.casefold())
    if found is None:
        row.note(
            "language",
            gettext("%(typed)s is not a language WhatsApp supports.") % {"typed": typed},
        )
        return ""
    if str(found.id) not in active_ids:
        row.note(
            "language",
            gettext(
                "%(language)s is not active for this WhatsApp business account: activate it on "
                "the WhatsApp pages first."
            )
            % {"language": found.name},
        )
        return ""
    return str(found.name)


def _check_fields(row: _Row, candidate: Candidate, fields_of: dict[str, tuple[int, str]]) -> None:
    typed = row["fields"]
    if not typed:
        return
    first = fields_of.setdefault(candidate.name, (row.number, typed))
    if first[0] != row.number:
        if parse_fields(first[1])[0] != parse_fields(typed)[0]:
            row.note(
                "fields",
                gettext(
                    "Row %(row)s gives this template other fields: give the fields once (or "
                    "the same on every row)."
                )
                % {"row": first[0]},
            )
        return
    fields, wrong = parse_fields(typed)
    for message in wrong:
        row.note("fields", message)
    candidate.fields = fields


def _check_content(row: _Row, language: str, count: int, fields: list[LintField]) -> None:
    content = lint.normalise(row["content"])
    if len(content) > drafts.MAX_CONTENT:
        row.note(
            "content",
            gettext("The text is %(length)d characters long; CM.com stores %(max)d at most.")
            % {"length": len(content), "max": drafts.MAX_CONTENT},
        )
        return
    problems = lint.check_content(content, count, language)
    if content.strip():
        problems += lint.check_unused_fields(content, fields, language)
    # As the studio's lint does: an invisible direction character, said before it is imported.
    problems += lint.check_bidi_controls(content, language)
    for problem in problems:
        detail = problem.place.removeprefix(language).lstrip(", ")
        row.note(
            "content",
            problem.message,
            blocks=False,
            severity=WARNING if not problem.is_error else ERROR,
            detail=detail,
        )
