"""Comparing two states of a template: per language (added, removed, changed, unchanged) with
the text split into runs marked deleted or inserted, word by word; per field by position."""

from __future__ import annotations

from dashboard.studio.diff import Run, TemplateState, compare, runs, words


def _state(contents, fields=(), name="spring_sale", category="cat-1"):
    return TemplateState(
        name=name,
        category_id=category,
        contents=dict(contents),
        fields=[{"name": n, "type": t, "sample": s} for n, t, s in fields],
    )


def test_words_join_back_to_the_text_exactly():
    text = "Hi {{1}},\n\nspring  is here! "
    assert "".join(words(text)) == text


def test_a_changed_word_is_deleted_on_the_left_and_inserted_on_the_right():
    left, right = runs("Enjoy 20% off today.", "Enjoy 30% off today.")
    assert left == [Run("Enjoy "), Run("20% ", "deleted"), Run("off today.")]
    assert right == [Run("Enjoy "), Run("30% ", "inserted"), Run("off today.")]


def test_each_language_says_whether_it_was_added_removed_changed_or_unchanged():
    before = _state({"English (US)": "Hi {{1}}", "Dutch": "Hoi {{1}}", "German": "Hallo"})
    after = _state({"English (US)": "Hello {{1}}", "Dutch": "Hoi {{1}}", "French": "Salut"})
    comparison = compare(before, after)
    changes = {item.language: item.change for item in comparison.languages}
    assert changes == {
        "English (US)": "changed",
        "Dutch": "unchanged",
        "French": "added",
        "German": "removed",
    }
    assert comparison.changed
    added = next(item for item in comparison.languages if item.language == "French")
    assert added.after == [Run("Salut", "inserted")]


def test_fields_are_compared_by_placeholder_with_what_changed_in_words():
    before = _state({}, [("name", "text", "Ann"), ("total", "text", "")])
    after = _state({}, [("name", "text", "Bob"), ("total", "currency", ""), ("code", "text", "")])
    fields = compare(before, after).fields
    assert [(f.placeholder, f.change) for f in fields] == [
        ("{{1}}", "changed"),
        ("{{2}}", "changed"),
        ("{{3}}", "added"),
    ]
    assert fields[0].what == ["sample"]
    assert fields[1].what == ["type"]
    removed = compare(after, before).fields[2]
    assert (removed.change, removed.name.before) == ("removed", "code")


def test_equal_states_have_no_changes():
    state = _state({"English (US)": "Hi {{1}}"}, [("name", "text", "Ann")])
    comparison = compare(state, state)
    assert not comparison.changed
    assert comparison.summary == "No differences."


def test_nothing_before_means_everything_is_added():
    comparison = compare(None, _state({"English (US)": "Hi"}, [("name", "text", "")]))
    assert comparison.changed
    assert comparison.new
    assert [item.change for item in comparison.languages] == ["added"]
    assert [item.change for item in comparison.fields] == ["added"]


def test_categories_are_named_when_their_names_are_given():
    comparison = compare(
        _state({}, category="c1"), _state({}, category="c2"), categories={"c1": "UTILITY"}
    )
    assert (comparison.category.before, comparison.category.after) == ("UTILITY", "c2")
    assert comparison.summary == "Changed: the category."
