"""The report on parsed rows: what blocks a template, and where (no database, no CM.com)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from dashboard.imports.checks import Seen, check, parse_fields

COLUMNS = {"name": "A", "category": "B", "language": "C", "content": "D", "fields": "E"}
SEEN = Seen(
    categories=[
        SimpleNamespace(id="cat-u", name="UTILITY"),
        SimpleNamespace(id="cat-m", name="MARKETING"),
    ],
    supported=[
        SimpleNamespace(id="l-en", code="en_US", name="English (US)"),
        SimpleNamespace(id="l-nl", code="nl", name="Dutch"),
        SimpleNamespace(id="l-it", code="it", name="Italian"),
    ],
    active=[SimpleNamespace(id="l-en"), SimpleNamespace(id="l-nl")],
    names={"taken_name"},
)


def _rows(*rows: tuple[str, ...]) -> list[dict[str, Any]]:
    return [
        dict(zip(("name", "category", "language", "content", "fields"), row, strict=True), row=n)
        for n, row in enumerate(rows, start=2)
    ]


def _found(report: Any) -> list[tuple[str, bool, str]]:
    """(cell, blocks, message) of every finding, in row order."""
    return [
        (f.cell, f.blocks, f.message)
        for row in sorted(report.findings)
        for f in report.findings[row]
    ]


def test_a_clean_template_in_two_languages_becomes_one_candidate_with_its_payload():
    report = check(
        _rows(
            ("welcome", "utility", "en_US", "Hi {{1}}, welcome.", "who:text:Ada"),
            ("welcome", "UTILITY", "Dutch", "Hoi {{1}}, welkom.", ""),
        ),
        COLUMNS,
        SEEN,
    )
    assert _found(report) == []
    (candidate,) = report.candidates
    assert (candidate.blocked, candidate.lint_clean, candidate.rows) == (False, True, [2, 3])
    assert candidate.payload() == {
        "name": "welcome",
        "category_id": "cat-u",
        "contents": {"English (US)": "Hi {{1}}, welcome.", "Dutch": "Hoi {{1}}, welkom."},
        "fields": [{"name": "who", "type": "text", "sample": "Ada"}],
    }


def test_unknown_category_and_language_and_an_inactive_language_block_at_their_cells():
    report = check(
        _rows(
            ("a_one", "SPAM", "English (US)", "Hi.", ""),
            ("a_two", "UTILITY", "Klingon", "Hi.", ""),
            ("a_three", "UTILITY", "it", "Ciao.", ""),
        ),
        COLUMNS,
        SEEN,
    )
    assert _found(report) == [
        ("B2", True, "CM.com has no category SPAM: use one of MARKETING, UTILITY."),
        ("C3", True, "Klingon is not a language WhatsApp supports."),
        (
            "C4",
            True,
            "Italian is not active for this WhatsApp business account: activate it on the "
            "WhatsApp pages first.",
        ),
    ]
    assert [c.blocked for c in report.candidates] == [True, True, True]
    assert report.error_rows == [2, 3, 4]


def test_duplicates_within_the_file_and_against_the_account_block():
    report = check(
        _rows(
            ("dup", "UTILITY", "nl", "Hoi.", ""),
            ("taken_name", "UTILITY", "nl", "Hoi.", ""),
            ("dup", "UTILITY", "Dutch", "Nog eens.", ""),
        ),
        COLUMNS,
        SEEN,
    )
    assert _found(report) == [
        (
            "A3",
            True,
            "CM.com already has a template named taken_name: give this one another name.",
        ),
        ("C4", True, "Row 2 already gives Dutch of dup: one row per template and language."),
    ]


def test_content_lint_is_reported_at_its_character_but_does_not_block():
    report = check(
        _rows(("draft_one", "UTILITY", "nl", "{{1}} is je code.", "code")), COLUMNS, SEEN
    )
    (finding,) = report.findings[2]
    assert (finding.cell, finding.blocks, finding.is_error) == ("D2", False, True)
    assert finding.detail == "character 1 ({{1}})"
    (candidate,) = report.candidates
    assert (candidate.blocked, candidate.lint_clean) == (False, False)


def test_an_unused_field_is_a_warning():
    report = check(_rows(("warned", "UTILITY", "nl", "Hoi daar.", "who")), COLUMNS, SEEN)
    (finding,) = report.findings[2]
    assert (finding.severity, finding.blocks) == ("warning", False)
    assert report.candidates[0].lint_clean


def test_an_invisible_direction_character_is_a_warning_at_its_character_that_blocks_nothing():
    report = check(
        _rows(("hidden_mark", "UTILITY", "nl", "Hoi\u200f daar, \u200fwelkom.", "")),
        COLUMNS,
        SEEN,
    )
    (finding,) = report.findings[2]
    assert (finding.cell, finding.severity, finding.blocks) == ("D2", "warning", False)
    assert finding.message.startswith(
        "An invisible right-to-left mark (U+200F) is in the text (2 in this text; this is the "
        "first)."
    )
    assert finding.detail == "character 4"
    (candidate,) = report.candidates
    assert (candidate.blocked, candidate.lint_clean) == (False, True)


def test_a_bad_name_fields_and_two_categories_for_one_template_block():
    report = check(
        _rows(
            ("Bad Name", "UTILITY", "nl", "Hoi {{1}}.", "who:number; who"),
            ("Bad Name", "MARKETING", "en_US", "Hi {{1}}.", "other"),
        ),
        COLUMNS,
        SEEN,
    )
    cells = [(cell, blocks) for cell, blocks, _ in _found(report)]
    assert ("A2", True) in cells
    assert cells.count(("E2", True)) == 2  # the type, and the repeated name
    assert ("B3", True) in cells
    assert ("E3", True) in cells


def test_what_could_not_be_read_is_said_and_its_checks_left_out():
    seen = Seen(categories=None, supported=SEEN.supported, active=SEEN.active, names=None)
    report = check(_rows(("fine", "ANYTHING", "nl", "Hoi.", "")), COLUMNS, seen)
    assert report.unchecked == ["the categories", "the template names already on CM.com"]
    assert _found(report) == []


def test_fields_are_read_as_name_type_and_sample():
    assert parse_fields("a; b:currency:EUR 1.50 ;c:datetime:2026-01-01 10:00") == (
        [
            {"name": "a", "type": "text", "sample": ""},
            {"name": "b", "type": "currency", "sample": "EUR 1.50"},
            {"name": "c", "type": "datetime", "sample": "2026-01-01 10:00"},
        ],
        [],
    )
