"""A form renderer that writes the few widgets and field parts these pages use in Python.

Django renders every input, option, label and (even empty) error list through a template of
its own: on the editor and the filtered lists that was a third of the page's time. This
renderer writes the same HTML as Django's templates for text-like inputs, selects, textareas,
radio buttons and checkboxes, labels, field groups and error lists, and hands any other
template to Django's renderer.
Forms opt in with ``default_renderer = FastRenderer``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import BaseRenderer, get_default_renderer
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from dashboard.core.escaping import escape
from dashboard.core.render_once import remembered

_INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "search",
        "number",
        "email",
        "url",
        "tel",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "color",
    )
)

_OPTIONS = frozenset(
    ("django/forms/widgets/radio_option.html", "django/forms/widgets/checkbox_option.html")
)


def _attrs(attrs: Mapping[str, Any]) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name.
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(f" {escape(name)}")
        else:
            out.append(f' {escape(name)}="{escape(value)}"')
    return "".join(out)


def _input(widget: dict[str, Any]) -> str:
    value = widget["value"]
    shown = "" if value is None else f' value="{escape(value)}"'
    return (
        f'<input type="{escape(widget["type"])}" '
        f'name="{escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _select(widget: dict[str, Any]) -> str:
    out = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{escape(group_name)}">')
        for option in options:
            out.append(
                f'\n  <option value="{escape(option["value"])}"'
                f"{_attrs(option['attrs'])}>{escape(option['label'])}</option>"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _textarea(widget: dict[str, Any]) -> str:
    # The new line after <textarea> is Django's: a parser drops it, so a text that starts
    # with one keeps it.
    value = widget["value"]
    text = escape(value) if value else ""
    return f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'


def _label(context: dict[str, Any]) -> str:
    label = escape(context["label"])
    if not context["use_tag"]:
        return str(label)
    tag = escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>"


def _errors(context: dict[str, Any]) -> str:
    errors = context["errors"]
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    named = f' id="{escape(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{escape(error)}</li>" for error in errors)
    return f'<ul class="{escape(context["error_class"])}"{named}>{items}</ul>'


def _multiple(widget: dict[str, Any]) -> str | None:
    # As django/forms/widgets/multiple_input.html (radio buttons, checkboxes), whose every
    # option is an include of input_option.html and input.html: most of a small form's time.
    attrs = widget["attrs"]
    out = ["<div"]
    if attrs.get("id"):
        out.append(f' id="{escape(attrs["id"])}"')
    if attrs.get("class"):
        out.append(f' class="{escape(attrs["class"])}"')
    out.append(">")
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f"\n  <div><label>{escape(group_name)}</label>")
        for option in options:
            if option["template_name"] not in _OPTIONS:
                return None  # a widget of its own: Django's templates
            # The new lines end the template files Django includes for each option.
            shown = _input(option) + "\n"
            if option["wrap_label"]:
                target = option["attrs"].get("id")
                named = f' for="{escape(target)}"' if target else ""
                shown = f"<label{named}>{shown} {escape(option['label'])}</label>"
            out.append(f"<div>\n    {shown}\n\n</div>")
        if group_name:
            out.append("\n  </div>")
    out.append("\n</div>")
    return "".join(out)


def _field(context: dict[str, Any]) -> str | None:
    field = context["field"]
    # Label and help text are usually lazy: translated once here rather than at each use, and
    # the label handed to Django's label_tag ready (it looked at the lazy one three times).
    label = str(field.label) if field.label else ""
    help_text = str(field.help_text) if field.help_text else ""
    errors = field.errors
    errors_html = str(errors) if errors else ""  # an empty list writes nothing
    if field.use_fieldset:
        # Radio buttons and checkboxes: django/forms/field.html's fieldset, as it writes it.
        described = field.aria_describedby
        named = f' aria-describedby="{escape(described)}"' if described else ""
        legend = str(field.legend_tag(label)) if label else ""
        if help_text:
            helped = f' id="{field.auto_id}_helptext"' if field.auto_id else ""
            help_text = f'<div class="helptext"{helped}>{help_text}</div>'
        # (Stripped, as Django's renderer strips what a template writes.)
        return f"<fieldset{named}>\n  {legend}\n\n{help_text}\n{errors_html}\n{field}</fieldset>"
    out = [str(field.label_tag(label)) if label else ""]
    if help_text:
        named = f' id="{field.auto_id}_helptext"' if field.auto_id else ""
        out.append(f'\n<div class="helptext"{named}>{help_text}</div>')
    out.append(f"\n{errors_html}\n{field}")
    return "".join(out)


_WRITERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "django/forms/widgets/select.html": lambda c: _select(c["widget"]),
    "django/forms/widgets/textarea.html": lambda c: _textarea(c["widget"]),
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _errors,
    "django/forms/errors/list/ul.html": _errors,
    "django/forms/field.html": _field,
    "django/forms/widgets/radio.html": lambda c: _multiple(c["widget"]),
    "django/forms/widgets/checkbox_select.html": lambda c: _multiple(c["widget"]),
    **{name: (lambda c: _input(c["widget"])) for name in _INPUTS},
}


class FastRenderer(BaseRenderer):
    """Django's form HTML for the common widgets, without a template each."""

    def get_template(self, template_name: str) -> Any:
        return get_default_renderer().get_template(template_name)

    def render(
        self, template_name: str, context: dict[str, Any], request: Any = None
    ) -> SafeString:
        writer = _WRITERS.get(template_name)
        written = writer(context) if writer is not None else None
        if written is None:
            return get_default_renderer().render(template_name, context, request=request)
        return mark_safe(written)  # noqa: S308  (every value above is escaped)


def fields(form: Any) -> SafeString:
    """``{% include "partials/form.html" with form=form %}`` written in Python, for a tag that
    writes a whole form (an include per form was a good part of a small form's time): the
    non-field errors, the hidden fields, then each visible field's group."""
    out = ["\n"]
    errors = form.non_field_errors()
    if errors:
        shown = "".join(f"<p>{escape(error)}</p>" for error in errors)
        out.append(f'\n<div class="form-errors" role="alert">{shown}</div>\n')
    out.append("\n")
    out.extend(str(field) for field in form.hidden_fields())
    out.append("\n")
    out.extend(f"\n{field.as_field_group()}\n" for field in form.visible_fields())
    out.append("\n")
    return mark_safe("".join(out))  # noqa: S308  (the errors escaped, the fields Django's HTML)


def fields_remembered(form: Any, *, fixed: bool) -> SafeString:
    """``fields(form)``, remembered for an unbound form whose fields are ``fixed``: a function
    of its class, prefix, initial values and the language (no choices or labels handed to
    it), so it reads the same for everyone (the selects' options were most of a small form's
    time). A bound form shows what was typed and its errors: written afresh."""
    if form.is_bound or not fixed or form.auto_id != "id_%s":
        return fields(form)
    initial = tuple(sorted(form.initial.items()))
    try:
        # ``__class__``, not ``type()``: a form made lazily is a proxy.
        return _unbound_fields(form.__class__, form.prefix, initial, get_language())
    except TypeError:  # an initial value that cannot be a key: written afresh
        return fields(form)


@remembered(maxsize=128)
def _unbound_fields(
    kind: type[Any], prefix: str | None, initial: tuple[tuple[str, Any], ...], language: str | None
) -> SafeString:
    # ``language`` only keys what is remembered: the form writes itself in the active one.
    return fields(kind(prefix=prefix, initial=dict(initial)))
