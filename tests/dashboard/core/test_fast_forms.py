"""``fast_forms.fields`` writes what ``partials/form.html`` writes for a form, without the
include: non-field errors, hidden fields, each visible field's group."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string

from dashboard.core.fast_forms import FastRenderer, fields


def _same(html: str) -> str:
    # Only the white space between tags may differ from the template's.
    return re.sub(r">\s+<", "><", html.strip())


class _Endpoint(forms.Form):
    default_renderer = FastRenderer

    url = forms.CharField(label="URL", max_length=20, help_text="The whole <address>")
    method = forms.ChoiceField(choices=[("POST", "POST"), ("GET", "GET")], initial="POST")
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict:
        if self.cleaned_data.get("method") == "GET":
            raise forms.ValidationError("GET & <friends> are refused")
        return super().clean()


def test_a_forms_fields_are_what_the_form_partial_writes_empty_or_refused():
    for form in (
        _Endpoint(prefix="add"),
        _Endpoint({"add-url": "far too long <b> to fit", "add-method": "GET"}, prefix="add"),
    ):
        form.is_valid()
        expected = render_to_string("partials/form.html", {"form": form})
        assert _same(fields(form)) == _same(expected)


def test_a_refusal_of_the_whole_form_is_said_above_the_fields_escaped():
    form = _Endpoint({"add-url": "https://x.example", "add-method": "GET"}, prefix="add")
    form.is_valid()
    html = str(fields(form))
    assert '<div class="form-errors" role="alert"><p>GET &amp; &lt;friends&gt; are refused' in html
    assert "<friends>" not in html
