"""The lint says what WhatsApp's rule would reject, and where: language and character offset
(and placeholder); errors block "Request validation", warnings do not."""

from __future__ import annotations

import pytest

from channels_api.sandbox import catalog
from channels_api.template_rules import check_template_content
from dashboard.studio.lint import ERROR, WARNING, LintField, check_content, errors, lint

TWO = [LintField("a", "customer_name"), LintField("b", "total")]


def _only(problems):
    assert len(problems) == 1, problems
    return problems[0]


def test_a_placeholder_at_the_very_end_points_at_that_placeholder():
    content = "Hi {{1}}, your total is {{2}}"
    problem = _only(check_content(content, 2, "Dutch"))
    assert problem.severity == ERROR
    assert problem.language == "Dutch"
    assert content[problem.offset : problem.offset + problem.length] == "{{2}}"
    assert problem.place == f"Dutch, character {content.index('{{2}}') + 1} ({{{{2}}}})"


def test_a_placeholder_at_the_very_start_is_found_after_leading_white_space():
    content = "  {{1}} is your code."
    problem = _only(check_content(content, 1, "English (US)"))
    assert problem.offset == 2
    assert "may not start with a placeholder" in problem.message


def test_placeholders_out_of_order_or_with_a_gap_point_at_the_first_wrong_one():
    gap = "Hi {{1}}, order {{3}} is ready."
    problem = _only(
        [p for p in check_content(gap, 3, "German") if "order of first use" in p.message]
    )
    assert problem.offset == gap.index("{{3}}")
    assert "{{2}} should come here" in problem.message
    swapped = "Hi {{2}}, order {{1}} is ready."
    problem = _only(check_content(swapped, 2, "German"))
    assert problem.offset == swapped.index("{{2}}")


def test_a_placeholder_without_a_replacement_field_points_at_it_and_says_how_many_there_are():
    content = "Hi {{1}}, your code is {{2}} today."
    problem = _only(check_content(content, 1, "French"))
    assert problem.offset == content.index("{{2}}")
    assert problem.placeholder == "{{2}}"
    assert "the template has 1 replacement field" in problem.message


def test_two_placeholders_side_by_side_point_at_the_first():
    content = "Dear {{1}} {{2}}, welcome."
    problem = _only(check_content(content, 2, "Dutch"))
    assert problem.offset == content.index("{{1}}")
    assert "stand next to each other" in problem.message


def test_something_in_braces_that_is_not_a_placeholder_is_pointed_at():
    content = "Hi {{name}}, welcome."
    problem = _only(check_content(content, 0, "Dutch"))
    assert problem.offset == 3
    assert problem.placeholder == "{{name}}"


def test_unbalanced_braces_are_pointed_at():
    content = "Hi {{1}, welcome."
    problems = check_content(content, 1, "Dutch")
    assert problems
    assert problems[0].offset == 3


def test_too_long_content_points_at_the_first_character_over_the_limit():
    content = "x" * 1030
    problem = _only(check_content(content, 0, "Dutch"))
    assert problem.offset == 1024
    assert problem.length == 6
    assert "Shorten it by 6" in problem.message


def test_three_new_lines_in_a_row_are_pointed_at_but_one_blank_line_is_fine():
    assert check_content("Hello\n\nworld.", 0, "Dutch") == []
    content = "Hello\r\n\r\n\r\nworld."
    problem = _only(check_content(content, 0, "Dutch"))
    assert problem.offset == len("Hello")


def test_an_empty_language_is_an_error():
    problem = _only(check_content("   \n ", 0, "Dutch"))
    assert problem.is_error
    assert "Dutch has no content yet" in problem.message


def test_a_field_a_language_does_not_use_is_a_warning_that_does_not_block():
    problems = lint(
        name="order_ready",
        fields=TWO,
        contents={"Dutch": "Hoi {{1}}, je bestelling is klaar."},
    )
    problem = _only(problems)
    assert problem.severity == WARNING
    assert "total ({{2}}) is not used in Dutch" in problem.message
    assert errors(problems) == []


def test_the_name_and_the_fields_are_checked_too():
    problems = lint(
        name="Order Ready",
        fields=[LintField("a", "total"), LintField("b", "Total"), LintField("c", " ")],
        contents={},
    )
    wheres = [p.where for p in errors(problems)]
    assert wheres.count("name") == 1
    assert "field:b" in wheres
    assert "field:c" in wheres
    assert "languages" in wheres


def test_approved_languages_are_not_linted():
    problems = lint(
        name="ok_name",
        fields=TWO,
        contents={"English (US)": "{{2}}{{1}}", "Dutch": "Hoi {{1}}, totaal {{2}}."},
        locked=["English (US)"],
    )
    assert problems == []


CORPUS = [
    "Hi {{1}}, thanks.",
    "{{1}} is your code.",
    "Your code is {{1}}",
    "Your code is {{1}}.   ",
    "Hi {{1}} and {{2}}.",
    "Hi {{1}}{{2}} there.",
    "Hi {{1}}\n{{2}} there.",
    "Hi {{2}} then {{1}}.",
    "Hi {{1}} then {{3}}.",
    "Hi {{1}}, again {{1}}, then {{2}}.",
    "Hi {{0}} there.",
    "Hi {{ 1 }} there.",
    "Hi {{x}} and {{1}}.",
    "Hi {1}} there.",
    "Hi {{1} there.",
    "Hi {{{1}}} there.",
    "Hi }} there {{.",
    "a\n\n\nb",
    "a\r\n\r\nb",
    "",
    "   ",
    "x" * 1024,
    "x" * 1025,
    "Hi {{1}}, {{2}}, {{3}} and more.",
]


@pytest.mark.parametrize("fields", [0, 1, 2, 3])
@pytest.mark.parametrize("content", CORPUS)
def test_the_lint_finds_an_error_exactly_when_whatsapps_rule_rejects(content, fields):
    rule = check_template_content(content, fields)
    found = errors(check_content(content, fields, "Dutch"))
    assert bool(found) == bool(rule), (content, fields, rule, found)
    # Every error has its place (the rule's own words, placeless, are only a safety net).
    if content.strip():
        assert all(p.offset is not None for p in found), found


def test_the_lint_agrees_with_the_rule_on_every_seeded_template_text():
    checked = 0
    for blueprint in catalog.TEMPLATES:
        for _code, content, _state, _reason in blueprint.languages:
            rule = check_template_content(content, len(blueprint.fields))
            found = errors(check_content(content, len(blueprint.fields), "x"))
            assert bool(found) == bool(rule), content
            checked += 1
    assert checked > 20
