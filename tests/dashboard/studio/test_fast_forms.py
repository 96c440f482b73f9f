"""The form renderer (``dashboard.core.fast_forms``) writes the same HTML as Django's
templates for the widgets the editor and the filtered lists use, without rendering a template
for each."""

from __future__ import annotations

import re

from django import forms
from django.forms.renderers import DjangoTemplates
from django.test.signals import template_rendered

from dashboard.core.fast_forms import FastRenderer
from dashboard.numbers.forms import KeywordFilterForm, NumberFilterForm, NumberTypeFilterForm
from dashboard.studio.forms import ListFilterForm


def _same(html: str) -> str:
    # Only the white space between tags differs from Django's templates.
    return re.sub(r">\s+<", "><", html.strip())


class _Everything(forms.Form):
    name = forms.CharField(
        label="Name <b>",
        max_length=5,
        help_text="Lowercase & digits",
        widget=forms.TextInput(attrs={"pattern": "[a-z]+", "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(
        label="Kind?",
        choices=[("", "Any"), ("a&b", "A & B"), ("Group", [("g1", "G<1>"), ("g2", "G2")])],
    )
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    flag = forms.BooleanField(required=False)
    count = forms.IntegerField(min_value=1)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


def _both(form_class, data, **kwargs):
    fast = form_class(data, renderer=FastRenderer(), **kwargs)
    django = form_class(data, renderer=DjangoTemplates(), **kwargs)
    fast.is_valid()
    django.is_valid()
    return fast, django


def test_every_field_part_is_the_html_django_writes_with_and_without_errors():
    for data in (
        {"name": "ab", "kind": "a&b", "text": "\nfirst <line>", "count": "3", "secret": "x"},
        {"name": 'too "long" <x>', "kind": "nope", "count": "0"},
    ):
        fast, django = _both(_Everything, data)
        for name in fast.fields:
            assert _same(str(fast[name])) == _same(str(django[name])), name
            assert _same(fast[name].as_field_group()) == _same(django[name].as_field_group())
            assert _same(str(fast[name].errors)) == _same(str(django[name].errors)), name
            assert str(fast[name].label_tag()) == str(django[name].label_tag())


def test_the_filter_forms_of_the_lists_are_written_as_django_writes_them():
    for form_class, data in (
        (NumberFilterForm, {"q": "06", "country": "nl", "shared": "yes"}),
        (NumberTypeFilterForm, {"country": "N1", "type": "MOBILE"}),
        (KeywordFilterForm, {"number": "06-abc", "keyword": "wín!"}),
        (ListFilterForm, {"q": "order", "status": "rejected"}),
    ):
        fast, django = _both(form_class, data)
        for name in fast.fields:
            assert _same(fast[name].as_field_group()) == _same(django[name].as_field_group())


def test_the_editor_and_the_lists_render_no_form_template(admin_client, studio, account_a):
    pages = [
        studio.url("edit", studio.template_id("order_confirmation")),
        studio.url("list"),
        f"/a/{account_a.account_id}/numbers/",
        f"/a/{account_a.account_id}/keywords/?keyword=w%C3%ADn",
    ]
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200
        names = [t.name for t in response.templates if t.name]
        assert not [n for n in names if n.startswith("django/forms/")], url


class _Choices(forms.Form):
    pick = forms.ChoiceField(
        label="Pick's",
        help_text="One <b>",
        choices=[("x", "X <1>"), ("y", "Y&")],
        widget=forms.RadioSelect,
    )
    many = forms.MultipleChoiceField(
        required=False,
        choices=[("Group", [("1", "one"), ("2", "two")]), ("3", "three")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
    )


def test_radio_buttons_and_checkboxes_are_django_s_html_written_without_a_template():
    rendered: list[str] = []

    def seen(sender, template, **kwargs):
        rendered.append(template.name)

    for data in (None, {"pick": "z", "many": ["1", "3"]}, {"pick": "x"}):
        fast, django = _both(_Choices, data)
        for name in fast.fields:
            # To the character: the new lines are Django's too.
            assert fast[name].as_field_group() == django[name].as_field_group(), name
        template_rendered.connect(seen)
        try:
            for name in fast.fields:
                fast[name].as_field_group()
        finally:
            template_rendered.disconnect(seen)
    assert rendered == []
