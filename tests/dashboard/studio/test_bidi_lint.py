"""The checks flag the invisible characters that steer text direction (bidi controls): which
one, in words and as U+ code, and where, so its link selects it; a warning, never a block."""

from __future__ import annotations

import pytest

from dashboard.studio.lint import BIDI_CONTROLS, WARNING, LintField, check_bidi_controls, lint

ONE = [LintField("a", "name")]


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS))
def test_each_invisible_direction_character_is_flagged_where_it_is(char):
    content = f"مرحبا {{{{1}}}}، طلبك{char} جاهز"
    [problem] = check_bidi_controls(content, "Arabic")
    assert problem.severity == WARNING
    assert problem.language == "Arabic"
    assert content[problem.offset : problem.offset + problem.length] == char
    assert problem.place == f"Arabic, character {content.index(char) + 1}"
    assert f"(U+{ord(char):04X})" in problem.message
    assert BIDI_CONTROLS[char] in problem.message


def test_the_message_names_the_character_in_words_and_says_what_to_do():
    [problem] = check_bidi_controls("Order\u200f ready", "Hebrew")
    assert problem.message.startswith("An invisible right-to-left mark (U+200F) is in the text.")
    assert "delete it" in problem.message


def test_the_same_character_many_times_is_one_warning_at_the_first_that_counts_them():
    content = "A\u200eB\u200eC\u200e"
    [problem] = check_bidi_controls(content, "Dutch")
    assert problem.offset == 1
    assert "(3 in this text; this is the first)" in problem.message


def test_different_characters_are_each_flagged_in_the_order_they_stand():
    content = "x\u202ey\u2066z\u2069"
    problems = check_bidi_controls(content, "Dutch")
    assert [p.offset for p in problems] == [1, 3, 5]
    assert ["override" in problems[0].message, "isolate" in problems[1].message] == [True, True]


def test_text_without_direction_characters_and_visible_rtl_text_pass():
    assert check_bidi_controls("שלום {{1}}, ההזמנה שלך מוכנה. 050-1234567", "Hebrew") == []
    assert check_bidi_controls("Hi {{1}}, all set.", "English (US)") == []


def test_offsets_count_a_windows_line_end_as_one_character_as_the_editor_does():
    [problem] = check_bidi_controls("Hi\r\nthere\u200f", "Dutch")
    assert problem.offset == len("Hi\nthere")


def test_the_template_lint_warns_of_them_without_blocking_and_skips_approved_languages():
    problems = lint(
        name="order_ready",
        fields=ONE,
        contents={"Arabic": "مرحبا {{1}}،\u200f طلبك جاهز", "Hebrew": "שלום\u200e {{1}} כאן"},
        locked=["Hebrew"],
    )
    assert [(p.language, p.severity) for p in problems] == [("Arabic", WARNING)]
    assert "right-to-left mark" in problems[0].message
