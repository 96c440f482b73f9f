"""The editor's inputs and selects written without the widgets' contexts
(``forms._WrittenBoundField``): exactly the HTML Django's own bound field writes, for every
input of the editor in every state (values, errors, choices, hostile text), and for the
attributes Django adds (required, disabled, invalid, described by)."""

from __future__ import annotations

import pytest
from django import forms
from django.forms import BoundField

from dashboard.core.fast_forms import FastRenderer
from dashboard.studio.forms import EditorForm, _written, _WrittenBoundField
from dashboard.studio.models import TemplateDraft

HOSTILE = '"><script>alert(1)</script>&amp;'


def _draft(**extra) -> TemplateDraft:
    values = {
        "name": "order_update",
        "category_id": "c2",
        "contents": {"English (US)": "Hi {{1}}", "Dutch": f"Hoi {HOSTILE}"},
        "fields": [
            {"key": "a", "name": "customer_name", "type": "text"},
            {"key": "b", "name": "total", "type": "currency"},
        ],
        "samples": {"a": HOSTILE, "b": "12.50"},
        "base": {"contents": {"English (US)": "Hi {{1}}"}, "locked": ["English (US)"]},
    }
    values.update(extra)
    return TemplateDraft(**values)


CATEGORIES = [("c1", "Marketing"), ("c2", "Utility"), ("c3", f"Odd {HOSTILE}")]
LANGUAGES = ["English (US)", "Dutch", "French", f"Klingon {HOSTILE}"]


def _editor_forms() -> dict[str, EditorForm]:
    return {
        "as saved": EditorForm.for_draft(_draft(), categories=CATEGORIES, languages=LANGUAGES),
        "with errors": EditorForm.for_draft(
            _draft(
                name=f"Bad Name {HOSTILE}",
                fields=[{"key": "a", "name": "bad name!", "type": "currency"}],
                samples={"a": "not money"},
            ),
            categories=CATEGORIES,
            languages=LANGUAGES,
            extra={"new_field_name": HOSTILE, "new_field_type": "datetime"},
        ),
        "categories not read": EditorForm.for_draft(_draft(), categories=[], languages=[]),
        "category not offered": EditorForm.for_draft(
            _draft(category_id=HOSTILE), categories=CATEGORIES, languages=LANGUAGES
        ),
        "nothing typed": EditorForm.for_draft(
            _draft(name="", contents={}, fields=[]), categories=CATEGORIES, languages=LANGUAGES
        ),
    }


@pytest.mark.parametrize("state", list(_editor_forms()))
def test_every_input_of_the_editor_is_written_as_django_writes_it(state):
    form = _editor_forms()[state]
    form.is_valid()
    assert isinstance(form["name"], _WrittenBoundField)
    for name, field in form.fields.items():
        assert str(form[name]) == str(BoundField(form, field, name)), name
    # Written here (not handed to Django): the inputs and selects the editor shows.
    written = [name for name in form.fields if _written(form[name]) is not None]
    assert {"name", "category_id", "new_field_name", "new_field_type"} <= set(written)


def test_the_comparison_covers_errors_selections_and_hostile_values():
    form = _editor_forms()["with errors"]
    form.is_valid()
    assert 'aria-invalid="true"' in str(form["name"])
    assert 'value="Bad Name &quot;&gt;&lt;script&gt;' in str(form["name"])
    assert '<option value="datetime" selected>' in str(form["new_field_type"])
    assert "<script>" not in str(form["category_id"])
    offered = _editor_forms()["as saved"]
    assert '<option value="c2" selected>Utility</option>' in str(offered["category_id"])
    assert "Klingon &quot;&gt;&lt;script&gt;" in str(offered["add_language"])


class _Other(forms.Form):
    """Attributes the editor's own fields do not use, which Django adds."""

    default_renderer = FastRenderer
    bound_field_class = _WrittenBoundField

    choice = forms.ChoiceField(choices=[("", "Choose"), ("a", "A"), ("a", "A again")])
    grouped = forms.ChoiceField(choices=[("Group", [("x", "X"), ("y", "Y")]), ("z", "Z")])
    locked = forms.CharField(disabled=True, initial="kept")
    helped = forms.CharField(help_text="Say <b>something</b>", required=False)
    number = forms.IntegerField(required=False)
    many = forms.MultipleChoiceField(choices=[("a", "A")], required=False)


@pytest.mark.parametrize(
    "data", [None, {"choice": "a", "grouped": "y", "helped": "x"}, {"choice": "nope"}]
)
def test_what_django_adds_is_written_as_django_writes_it(data):
    form = _Other(data)
    if data is not None:
        form.is_valid()
    for name, field in form.fields.items():
        assert str(form[name]) == str(BoundField(form, field, name)), name
    assert form["choice"].as_widget(attrs={"class": "x"}) == BoundField(
        form, form.fields["choice"], "choice"
    ).as_widget(attrs={"class": "x"})
