"""Forms of the studio: the list's filters, the create form, and the editor.

The editor form is bound to the draft's values on every render, so what was typed (kept in the
draft, even when invalid) shows with its errors at the field. What a POST sent is read with
``typed()``: only the inputs present change the draft, so a request without them (or a stale
page) never blanks anything.
"""

from __future__ import annotations

import copy
import functools
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from channels_api.resources.templates import FIELD_TYPES
from dashboard.core.fast_forms import FastRenderer
from dashboard.core.labels import TEMPLATE_CATEGORY, label
from dashboard.core.selectors import STATUS_LABELS
from dashboard.studio import direction, drafts, lint, preview
from dashboard.studio.models import TemplateDraft

FIELD_TYPE_CHOICES = [
    ("text", _("Text")),
    ("currency", _("Currency")),
    ("datetime", _("Date and time")),
]
assert {value for value, _label in FIELD_TYPE_CHOICES} == set(FIELD_TYPES)

NAME_HELP = _("Lowercase letters, digits and underscores, e.g. order_update.")
STATUS_CHOICES: list[tuple[str, str]] = [(str(k), v) for k, v in STATUS_LABELS.items()]


class ListFilterForm(forms.Form):
    """Search (sent to CM.com), category and status (applied here); the page is
    ``core.paging.page_number``'s."""

    default_renderer = FastRenderer

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    category = forms.CharField(label=_("Category"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *STATUS_CHOICES]
    )

    def __init__(self, *args: Any, categories: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
        if categories:
            self.fields["category"] = forms.ChoiceField(
                label=_("Category"),
                required=False,
                choices=[
                    ("", _("Any category")),
                    *((name, label(TEMPLATE_CATEGORY, name)) for name in categories),
                ],
            )

    @classmethod
    def asked(cls, query: QueryDict) -> tuple[str, str, str]:
        """Search, category and status as a form without the category choices cleans them
        ("" for a missing or invalid one), by the class's own fields: the list reads them
        before it has the categories, and a form built only for that copied every field again.
        Cleaning leaves the fields unchanged."""
        found = []
        for name in ("q", "category", "status"):
            field = cls.base_fields[name]
            try:
                found.append(field.clean(field.widget.value_from_datadict(query, {}, name)) or "")
            except forms.ValidationError:
                found.append("")
        return found[0], found[1], found[2]


def _check_name(value: str) -> None:
    reasons = lint.check_name(value)
    if reasons:
        raise forms.ValidationError([problem.message for problem in reasons])


class TemplateCreateForm(forms.Form):
    """Name (WhatsApp's rule) and category of a new template."""

    default_renderer = FastRenderer

    name = forms.CharField(
        label=_("Name"),
        max_length=512,
        help_text=NAME_HELP,
        validators=[_check_name],
        widget=forms.TextInput(
            attrs={"pattern": "[a-z0-9_]+", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    category_id = forms.ChoiceField(label=_("Category"))

    def __init__(
        self, *args: Any, categories: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category_id"].choices = [("", _("Choose a category")), *(categories or [])]


@dataclass
class LanguageRow:
    """One language in the editor."""

    name: str
    slug: str
    field: forms.BoundField | None
    content: str
    status: str
    label: str
    reason: str
    locked: bool
    removable: bool
    shown: direction.TextDirection = direction.UNKNOWN
    """Its text's direction and language (a locked text is shown in it too)."""


@dataclass
class FieldRow:
    """One replacement field in the editor."""

    key: str
    number: int
    prefix: str
    """What the row's inputs are named by (``f-0``): ``f-0-key`` carries the key."""
    placeholder: str
    name: forms.BoundField
    type: forms.BoundField
    sample: forms.BoundField


# A language's slug, made once per name: the editor's form makes them on every view, twice.
_slug = functools.lru_cache(maxsize=512)(slugify)


def language_slugs(languages: list[str]) -> dict[str, str]:
    """Language name → a stable id-safe slug (``English (US)`` → ``english-us``)."""
    slugs: dict[str, str] = {}
    for index, name in enumerate(languages):
        slug = _slug(name) or f"language-{index}"
        if slug in slugs.values():
            slug = f"{slug}-{index}"
        slugs[name] = slug
    return slugs


class _WrittenBoundField(forms.BoundField):
    """An input or a select of the editor as Django writes it (its attributes from Django's
    own ``build_widget_attrs``, its value from ``value()``), without the widget's context,
    a dict per option made for the select's template: the editor's dozen inputs and selects
    were the most of rendering it (issue 19). Any other widget, or a call with arguments,
    is Django's."""

    def as_widget(
        self, widget: Any = None, attrs: Any = None, only_initial: bool = False
    ) -> SafeString:
        written = None if widget or attrs or only_initial else _written(self)
        return super().as_widget(widget, attrs, only_initial) if written is None else written


def _written(bound: forms.BoundField) -> SafeString | None:
    field, widget, renderer = bound.field, bound.field.widget, bound.form.renderer
    kind = type(widget)
    if field.localize or kind not in (forms.TextInput, forms.Select):
        return None
    if not isinstance(renderer, FastRenderer):
        return None
    attrs = bound.build_widget_attrs({}, widget)
    if bound.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", bound.auto_id)
    context: dict[str, Any] = {
        "name": bound.html_name,
        "attrs": {**widget.attrs, **attrs},  # as Widget.build_attrs
    }
    value = widget.format_value(bound.value())
    if kind is forms.TextInput:
        context.update(type=widget.input_type, value=value)
        return renderer.render(widget.template_name, {"widget": context})
    # As ChoiceWidget.optgroups: the first option whose value is the value is selected.
    options, chosen = [], False
    for option_value, option_label in widget.choices:
        if isinstance(option_label, (list, tuple)):
            return None  # a group of options: Django's
        option_value = "" if option_value is None else option_value
        selected = not chosen and str(option_value) in value
        chosen = chosen or selected
        shown = {"selected": True} if selected else {}
        options.append({"value": option_value, "label": option_label, "attrs": shown})
    context["optgroups"] = [(None, options, 0)]
    return renderer.render(widget.template_name, {"widget": context})


class EditorForm(forms.Form):
    """The studio's editor: name, category, fields with samples, the content per language."""

    default_renderer = FastRenderer
    bound_field_class = _WrittenBoundField

    name = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=512,
        help_text=NAME_HELP,
        widget=forms.TextInput(
            attrs={"pattern": "[a-z0-9_]+", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    category_id = forms.ChoiceField(label=_("Category"), required=False)
    new_field_name = forms.CharField(label=_("New field's name"), required=False, max_length=100)
    new_field_type = forms.ChoiceField(
        label=_("New field's type"), required=False, choices=FIELD_TYPE_CHOICES
    )
    add_language = forms.ChoiceField(label=_("Add a language"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        draft: TemplateDraft,
        categories: list[tuple[str, str]],
        languages: list[str],
        codes: dict[str, str] | None = None,
    ) -> None:
        # BaseForm copies the declared fields with copy.deepcopy on every form, a third of
        # making this one (issue 19): here they are copied as Field.__deepcopy__ copies them,
        # without deepcopy's walk (``_copied``).
        self.base_fields = {}  # what BaseForm.__init__ deep-copies: nothing
        super().__init__(data, prefix=None)
        del self.base_fields
        self.fields.update((name, _copied(field)) for name, field in EditorForm.base_fields.items())
        self.draft = draft
        self.codes = codes or {}
        self.fields["category_id"].choices = categories or [(draft.category_id, draft.category_id)]
        self.slugs = language_slugs(list(draft.contents))
        locked = set(draft.locked)
        for language, slug in self.slugs.items():
            if language in locked:
                continue
            # Written and shown in the language's direction (issue 18): Arabic right to left.
            shown = direction.direction_of(language, self.codes).attrs()
            self.fields[f"content-{slug}"] = forms.CharField(
                label=language,
                required=False,
                max_length=drafts.MAX_CONTENT,
                strip=False,
                widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true", **shown}),
            )
        # A field's inputs are named by its row (``f-0-name``), its key sent once per row in
        # ``f-0-key``: keys are 36-character ids, and naming every input, id and error slot by
        # them made the fields most of what adding or deleting one swaps.
        # Each row's inputs are copies of the rows' fields (``_ROW_*``), their own words first.
        for index in range(len(draft.fields)):
            number = {"number": "{{" + str(index + 1) + "}}"}
            self.fields[f"f-{index}-name"] = _copied(
                _ROW_NAME, first={"aria-label": gettext("Name of field %(number)s") % number}
            )
            self.fields[f"f-{index}-type"] = _copied(
                _ROW_TYPE, first={"aria-label": gettext("Type of field %(number)s") % number}
            )
            # The sample formats are said once, above the fields: a help per row was most of a
            # row, and went stale when the type was changed.
            # A sample may be a name in any script: its first letter sets its direction.
            self.fields[f"f-{index}-sample"] = _copied(
                _ROW_SAMPLE,
                first={
                    "aria-label": gettext("Sample for field %(number)s") % number,
                    "dir": "auto",
                },
            )
        addable = [name for name in languages if name not in draft.contents]
        self.fields["add_language"].choices = [
            ("", _("Choose a language")),
            *((n, n) for n in addable),
        ]
        self.addable_languages = addable
        for name, field in self.fields.items():
            # Errors show in a slot next to each input (swapped in place while typing); tie
            # both the slot and the help text to the input for screen readers. A field's type
            # is a choice among valid ones: it has no slot.
            described = [] if _is_type(name) else [f"err-id_{name}"]
            if field.help_text:
                described.insert(0, f"id_{name}_helptext")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    @classmethod
    def for_draft(
        cls,
        draft: TemplateDraft,
        *,
        categories: list[tuple[str, str]],
        languages: list[str],
        codes: dict[str, str] | None = None,
        extra: dict[str, str] | None = None,
    ) -> EditorForm:
        """The form bound to the draft's values (plus ``extra`` inputs that are not kept)."""
        data: dict[str, Any] = {"name": draft.name, "category_id": draft.category_id}
        slugs = language_slugs(list(draft.contents))
        for language, content in draft.contents.items():
            data[f"content-{slugs[language]}"] = content
        for index, item in enumerate(draft.fields):
            data[f"f-{index}-key"] = item["key"]
            data[f"f-{index}-name"] = item["name"]
            data[f"f-{index}-type"] = item["type"]
            data[f"f-{index}-sample"] = (draft.samples or {}).get(item["key"], "")
        data.update(extra or {})
        return cls(data, draft=draft, categories=categories, languages=languages, codes=codes)

    def typed(self) -> drafts.Typed:
        """What the request sent, for the draft: only the inputs present."""
        # A NUL can't be typed in a browser, and PostgreSQL's JSON refuses to store one.
        data = {key: value.replace("\x00", "") for key, value in self.data.items()}
        typed = drafts.Typed(
            name=data.get("name") if "name" in data else None,
            category_id=_category_id(data.get("category_id")) if "category_id" in data else None,
        )
        for language, slug in self.slugs.items():
            if f"content-{slug}" in data:
                typed.contents[language] = data[f"content-{slug}"]
        known = {item["key"] for item in self.draft.fields}
        for prefix, key in _posted_rows(data):
            # The row's key, not its place, says which field it is: a page loaded before a
            # field was deleted elsewhere must not write a name onto the field after it.
            if key not in known:
                continue
            for part, target in (
                ("name", typed.field_names),
                ("type", typed.field_types),
                ("sample", typed.samples),
            ):
                if f"{prefix}-{part}" in data:
                    target[key] = data[f"{prefix}-{part}"]
        return typed

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for problem in lint.check_name(self.data.get("name", "")):
            self.add_error("name", problem.message)
        for problem in lint.check_fields(drafts.lint_fields(self.draft)):
            self.add_error(self.error_for(problem.where) or None, problem.message)
        for index, item in enumerate(self.draft.fields):
            sample = self.data.get(f"f-{index}-sample", "")
            error = preview.sample_error(item["type"], sample)
            if error:
                self.add_error(f"f-{index}-sample", error)
        return cleaned

    def error_for(self, where: str) -> str:
        """The input name a service's ``where`` refers to (``field:<key>`` → its name input)."""
        if where.startswith("field:"):
            key = where.removeprefix("field:")
            index = next((i for i, f in enumerate(self.draft.fields) if f["key"] == key), None)
            return "" if index is None else f"f-{index}-name"
        return where if where in self.fields else ""

    def language_rows(self, statuses: dict[str, tuple[str, str, str]]) -> list[LanguageRow]:
        """Each language with its input (or its read-only text) and its status in words.

        ``statuses``: language → (status, label, rejection reason) as CM.com has it.
        """
        base_languages = set(self.draft.base.get("contents", {}))
        rows = []
        for language, slug in self.slugs.items():
            found = statuses.get(language)
            status, label, reason = found or ("new", gettext("Not on CM.com yet"), "")
            name = f"content-{slug}"
            rows.append(
                LanguageRow(
                    name=language,
                    slug=slug,
                    field=self[name] if name in self.fields else None,
                    content=self.draft.contents.get(language, ""),
                    status=status,
                    label=label,
                    reason=reason,
                    locked=name not in self.fields,
                    removable=language not in base_languages,
                    shown=direction.direction_of(language, self.codes),
                )
            )
        return rows

    def field_rows(self) -> list[FieldRow]:
        """Each replacement field with its inputs, numbered as its placeholder."""
        return [
            FieldRow(
                key=item["key"],
                number=index + 1,
                prefix=f"f-{index}",
                placeholder="{{" + str(index + 1) + "}}",
                name=self[f"f-{index}-name"],
                type=self[f"f-{index}-type"],
                sample=self[f"f-{index}-sample"],
            )
            for index, item in enumerate(self.draft.fields)
        ]


# A replacement field's inputs, copied for each row (``_copied``): making three fields a row
# anew (their choices, their error messages) was most of making the form.
_ROW_NAME = forms.CharField(label=_("Name"), required=False, max_length=drafts.MAX_FIELD_NAME)
_ROW_TYPE = forms.ChoiceField(label=_("Type"), choices=FIELD_TYPE_CHOICES)
_ROW_SAMPLE = forms.CharField(label=_("Sample"), required=False, max_length=drafts.MAX_SAMPLE)


def _copied(field: forms.Field, *, first: dict[str, Any] | None = None) -> forms.Field:
    """A form's own copy of ``field``, as ``Field.__deepcopy__`` makes it (the field, its
    widget and the widget's attributes, its error messages and validators copied) but with
    its choices shared: no form changes them in place (a form given other choices sets a new
    list). ``first``: attributes of this copy's widget, written before the field's own (as
    a widget made with them, whose field then adds ``maxlength``)."""
    new = copy.copy(field)
    widget = new.widget = copy.copy(field.widget)
    widget.attrs = {**first, **field.widget.attrs} if first else dict(field.widget.attrs)
    new.error_messages = dict(field.error_messages)
    new.validators = list(field.validators)
    return new


_ROW_KEY = re.compile(r"^(f-[0-9]{1,4})-key$")


def _posted_rows(data: Any) -> list[tuple[str, str]]:
    """(row prefix, field key) of every field row the request sent."""
    rows = []
    for name in data:
        match = _ROW_KEY.match(name)
        if match:
            rows.append((match.group(1), str(data.get(name))))
    return rows


def _is_type(name: str) -> bool:
    return name.startswith("f-") and name.endswith("-type")


def _category_id(value: Any) -> str | None:
    """A category id as CM.com spells them (a uuid), or None to keep the draft's: the select
    offers only CM.com's categories, so anything else is a stale or forged page, and sending
    it would only earn a 400."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None
