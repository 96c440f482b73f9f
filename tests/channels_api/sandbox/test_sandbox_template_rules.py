"""The template rules (channels_api.template_rules), tested without a server."""

from __future__ import annotations

import pytest

from channels_api.template_rules import (
    check_template_content,
    check_template_name,
    placeholders,
    suggest_template_name,
)


def test_good_content_with_numbered_placeholders_passes():
    assert check_template_content("Hi {{1}}, order {{2}} ships on {{3}}.", 3) == []


def test_a_placeholder_may_be_used_again_later():
    assert check_template_content("Hi {{1}}! Yes, you, {{1}}.", 1) == []


@pytest.mark.parametrize("content", ["", "   ", "\n\n"])
def test_empty_content_is_refused(content):
    assert check_template_content(content, 0) == ["The content is empty."]


def test_content_over_1024_characters_is_refused():
    reasons = check_template_content("x" * 1025, 0)
    assert reasons == ["The content is 1025 characters long; the limit is 1024."]
    assert check_template_content("x" * 1024, 0) == []


def test_content_starting_with_a_placeholder_is_refused():
    assert check_template_content("{{1}} is your code.", 1) == [
        "The content may not start with a placeholder ({{1}})."
    ]


def test_content_ending_with_a_placeholder_is_refused_even_with_trailing_space():
    assert check_template_content("Your code is {{1}}  \n", 1) == [
        "The content may not end with a placeholder ({{1}})."
    ]


def test_placeholders_out_of_order_are_refused():
    reasons = check_template_content("Hi {{2}} and {{1}}.", 2)
    assert len(reasons) == 1
    assert "in order of first use" in reasons[0]
    assert "{{2}}, {{1}}" in reasons[0]


def test_a_gap_in_the_numbering_is_refused():
    reasons = check_template_content("Hi {{1}} and {{3}}.", 3)
    assert any("without gaps; found {{1}}, {{3}}" in r for r in reasons)


def test_a_placeholder_without_a_field_is_refused():
    reasons = check_template_content("Hi {{1}} and {{2}}.", 1)
    assert reasons == [
        "{{2}} refers to a replacement field that does not exist (the template has 1 "
        "replacement field)."
    ]


def test_field_index_i_is_placeholder_i_plus_one():
    assert check_template_content("Hi {{1}}.", 1) == []
    assert "{{1}} refers" in check_template_content("Hi {{1}}.", 0)[0]


def test_placeholders_next_to_each_other_are_refused():
    assert check_template_content("Hi {{1}}{{2}} there", 2) == [
        "Placeholders {{1}} and {{2}} stand next to each other; put text between them."
    ]
    assert len(check_template_content("Hi {{1}} {{2}} {{3}} there", 3)) == 2


def test_more_than_two_consecutive_newlines_are_refused():
    assert check_template_content("Hello\n\nthere", 0) == []
    assert check_template_content("Hello\n\n\nthere", 0) == [
        "The content has more than 2 consecutive new lines."
    ]
    assert check_template_content("Hello\r\n\r\n\r\nthere", 0) != []


def test_a_named_placeholder_is_not_a_placeholder():
    reasons = check_template_content("Hi {{name}}, welcome.", 0)
    assert reasons == ["{{name}} is not a placeholder: write placeholders as {{1}}, {{2}}, ..."]


def test_several_problems_give_several_reasons():
    reasons = check_template_content("{{1}} hi {{3}}", 0)
    assert len(reasons) >= 4


def test_placeholders_lists_the_numbers_in_order():
    assert placeholders("a {{2}} b {{1}} c {{2}}") == [2, 1, 2]


@pytest.mark.parametrize("name", ["order_update", "a", "x1_2_3", "a" * 512])
def test_whatsapp_template_names_are_accepted(name):
    assert check_template_name(name) == []


@pytest.mark.parametrize("name", ["Order update", "order-update", "ÿ", "UPPER", "a b"])
def test_names_outside_lowercase_digits_and_underscores_are_refused(name):
    reasons = check_template_name(name)
    assert len(reasons) == 1
    assert "lowercase letters, digits and underscores" in reasons[0]


def test_an_empty_or_missing_name_is_refused():
    assert check_template_name("") == ["Enter a template name."]
    assert check_template_name(None) == ["Enter a template name."]


def test_a_name_over_512_characters_is_refused():
    assert "at most 512" in check_template_name("a" * 513)[0]


def test_suggest_template_name_makes_a_valid_name():
    assert suggest_template_name("  Order update! (v2) ") == "order_update_v2"
    assert check_template_name(suggest_template_name("Élan Vital")) == []
