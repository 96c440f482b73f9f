"""Forms of the numbers and keywords pages: filters (GET), the two dry-run flows, cancelling.

Everything a person types is checked here, before anything is sent to CM.com: a keyword must
be what the API accepts (trimmed, upper-cased, 1 to 20 of A-Z and 0-9, as the sandbox's
``channels_api/sandbox/operations/keywords.py`` checks it), a country two letters, a phone
number international (``+`` or ``00``) or a short code.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from channels_api.phone import InvalidPhoneNumber, normalise_phone_number
from dashboard.core.fast_forms import FastRenderer
from dashboard.core.render_once import remembered
from dashboard.numbers.selectors import (
    KeywordFilters,
    NumberFilters,
    NumberTypeFilters,
    RequestFilters,
)

KEYWORD_MAX_LENGTH = 20
# ASCII only: str.isalnum() would let "é" or "٣" through, which SMS keywords cannot carry.
_KEYWORD_CHARACTER = re.compile(r"[A-Za-z0-9]")
_COUNTRY = re.compile(r"[A-Za-z]{2}")
_SEPARATORS = re.compile(r"[\s().\-/]")
_SHORT_CODE_MAX_DIGITS = 15

NUMBER_CATEGORIES = [
    ("", _("Any type")),
    ("MOBILE", _("Mobile")),
    ("LANDLINE", _("Landline")),
    ("SHORTCODE", _("Short code")),
    ("TOLLFREE", _("Toll-free")),
]
PURPOSES = [("", _("Any purpose")), ("SMS", _("SMS")), ("VOICE", _("Voice"))]
YES_NO = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


def yes_no(value: str) -> bool | None:
    """``"yes"`` → True, ``"no"`` → False, anything else → None (no filter)."""
    return {"yes": True, "no": False}.get(value)


def clean_keyword(raw: str | None) -> str:
    """The keyword as CM.com stores it (trimmed, upper-cased), or a ValidationError in words."""
    text = (raw or "").strip()
    if not text:
        raise ValidationError(_("Enter a keyword."), code="required")
    problems = []
    bad: list[str] = []
    for character in text:
        if not _KEYWORD_CHARACTER.fullmatch(character) and character not in bad:
            bad.append(character)
    if bad:
        shown = ", ".join("spaces" if c.isspace() else f"“{c}”" for c in bad)
        problems.append(
            ValidationError(
                _("A keyword can only hold the letters A-Z and the digits 0-9: remove %(shown)s.")
                % {"shown": shown},
                code="characters",
            )
        )
    if len(text) > KEYWORD_MAX_LENGTH:
        problems.append(
            ValidationError(
                _("A keyword has at most %(KEYWORD_MAX_LENGTH)s characters; this one has %(len)s.")
                % {"KEYWORD_MAX_LENGTH": KEYWORD_MAX_LENGTH, "len": len(text)},
                code="too_long",
            )
        )
    if problems:
        raise ValidationError(problems)
    return text.upper()


def clean_number_reference(raw: str | None) -> str:
    """A phone number as ``00…`` (typed with + or 00) or a short code's digits; "" if blank."""
    text = (raw or "").strip()
    if not text:
        return ""
    compact = _SEPARATORS.sub("", text)
    if compact.startswith(("+", "00")):
        try:
            return normalise_phone_number(text)
        except InvalidPhoneNumber as error:
            raise ValidationError(str(error), code="phone") from None
    if compact.isascii() and compact.isdigit() and len(compact) <= _SHORT_CODE_MAX_DIGITS:
        return compact
    raise ValidationError(
        _(
            "Enter a phone number in international form (+31 6 1234 5678) or a short code "
            "(digits only, such as 3010)."
        ),
        code="phone",
    )


def _same_number(typed: str, number: str) -> bool:
    """Whether what was typed is ``number``, however it was spaced or prefixed."""
    try:
        return clean_number_reference(typed) == clean_number_reference(number)
    except ValidationError:
        return False


class CountryField(forms.CharField):
    """An ISO 3166 two-letter country code, upper-cased; blank means any country."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Two letters, such as NL."))
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"maxlength": "2", "size": "3", "autocomplete": "off", "autocapitalize": "characters"}
        )

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        if not _COUNTRY.fullmatch(text):
            raise ValidationError(
                _("Enter a two-letter country code, such as NL; “%(text)s” is not one.")
                % {"text": text},
                code="country",
            )
        return text.upper()


def _yes_no_field(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=YES_NO, required=False)


class FilterForm(forms.Form):
    """A list's filters (GET): every view of a list, every page of it and every htmx swap
    shows them, and they read the same for the same query in the same language."""

    default_renderer = FastRenderer

    @classmethod
    def read(cls, query: MultiValueDict[str, str]) -> Filtering:
        """The filters ``query`` asks for, as the list's view and template use them: what
        the form makes of the query follows from it alone, so it is worked out once per form
        and query in this process (building the form and cleaning it were ~0.1 ms of every
        list view, its filtering and its paging; issue 19)."""
        return _read(cls, tuple((name, tuple(query.getlist(name))) for name in cls.base_fields))

    def filters(self) -> Any:
        """The upstream filters (call after is_valid): each list's form says its own."""
        raise NotImplementedError

    def fields_html(self) -> SafeString:
        """Each field as a field group in a ``<div>`` (the filters' grid), rendered once per
        form, query and language in this process: rendering them was most of what a list's
        filters cost, and what they show (values, errors) follows from the query alone."""
        if not isinstance(self.data, MultiValueDict):  # not a query: nothing to know it by
            return _field_groups(self)
        values = tuple((name, tuple(self.data.getlist(name))) for name in self.fields)
        return _fields_html(type(self), get_language(), values if self.is_bound else None)


def _field_groups(form: forms.Form) -> SafeString:
    return mark_safe("".join(f"<div>{field.as_field_group()}</div>" for field in form))  # noqa: S308


@functools.lru_cache(maxsize=256)
def _fields_html(
    form_class: type[FilterForm],
    language: str | None,
    values: tuple[tuple[str, tuple[str, ...]], ...] | None,
) -> SafeString:
    # ``language`` only keys what is remembered: the form renders in the active language.
    data = None if values is None else MultiValueDict({k: list(v) for k, v in values if v})
    return _field_groups(form_class(data))


Values = tuple[tuple[str, tuple[str, ...]], ...]
"""A query's values for a form's fields: (name, every value given), in the fields' order."""


@dataclass(frozen=True)
class Filtering:
    """A filter form read from a query, for the list's view and template: whether it is valid
    and its upstream filters, and the fields to show (with their errors, in the language of
    the page asking)."""

    form_class: type[FilterForm]
    values: Values
    chosen: Any
    """The upstream filters (frozen), None when the query is not valid."""

    @property
    def errors(self) -> bool:
        """Whether the fields show errors (the filters aim htmx at the whole list then)."""
        return self.chosen is None

    def is_valid(self) -> bool:
        """Whether the query is valid: then the list is read with ``filters()``."""
        return self.chosen is not None

    def filters(self) -> Any:
        """The upstream filters (call after is_valid)."""
        return self.chosen

    def fields_html(self) -> SafeString:
        """The fields as ``FilterForm.fields_html`` writes them for this query."""
        return _fields_html(self.form_class, get_language(), self.values)


@remembered(maxsize=256)
def _read(form_class: type[FilterForm], values: Values) -> Filtering:
    form = form_class(MultiValueDict({k: list(v) for k, v in values if v}))
    chosen = form.filters() if form.is_valid() else None
    return Filtering(form_class=form_class, values=values, chosen=chosen)


class NumberFilterForm(FilterForm):
    """Search and filters of the phone numbers list."""

    q = forms.CharField(label=_("Search"), required=False, max_length=40)
    country = CountryField()
    owned = _yes_no_field(_("Owned by you"))
    shortcode = _yes_no_field(_("Short code"))
    shared = _yes_no_field(_("Shared"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": _("Part of a number")}
        )

    def filters(self) -> NumberFilters:
        """The upstream filters (call after is_valid)."""
        data = self.cleaned_data
        return NumberFilters(
            query=data["q"].strip(),
            country=data["country"],
            is_owned=yes_no(data["owned"]),
            is_shortcode=yes_no(data["shortcode"]),
            is_shared=yes_no(data["shared"]),
        )


class NumberTypeFilterForm(FilterForm):
    """Filters of the number types list."""

    country = CountryField()
    type = forms.ChoiceField(label=_("Type"), choices=NUMBER_CATEGORIES, required=False)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=PURPOSES, required=False)

    def filters(self) -> NumberTypeFilters:
        """The upstream filters (call after is_valid)."""
        data = self.cleaned_data
        return NumberTypeFilters(
            country=data["country"], category=data["type"], purpose=data["purpose"]
        )


class RequestFilterForm(FilterForm):
    """Filters of the number requests list."""

    country = CountryField()
    pending = _yes_no_field(_("Pending"))

    def filters(self) -> RequestFilters:
        """The upstream filters (call after is_valid)."""
        data = self.cleaned_data
        return RequestFilters(country=data["country"], is_pending=yes_no(data["pending"]))


class KeywordFilterForm(FilterForm):
    """Filters of the keyword claims list."""

    number = forms.CharField(
        label=_("Phone number"),
        required=False,
        help_text=_("International (+31 6 …) or a short code."),
    )
    keyword = forms.CharField(label=_("Keyword"), required=False)
    country = CountryField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})
        self.fields["keyword"].widget.attrs.update(
            {"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}
        )

    def clean_number(self) -> str:
        return clean_number_reference(self.cleaned_data.get("number"))

    def clean_keyword(self) -> str:
        raw = self.cleaned_data.get("keyword") or ""
        return clean_keyword(raw) if raw.strip() else ""

    def filters(self) -> KeywordFilters:
        """The upstream filters (call after is_valid)."""
        data = self.cleaned_data
        return KeywordFilters(
            phone_number=data["number"], keyword=data["keyword"], country=data["country"]
        )


class NumberRequestCheckForm(forms.Form):
    """The number type chosen for a dry run."""

    number_type_id = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose a number type from the list first."),
            "invalid": _("That is not a number type: choose one from the list."),
        },
    )


class KeywordClaimForm(forms.Form):
    """A shared or owned number and the keyword to claim on it.

    ``choices`` are the numbers shown in the picker: (id, label). A number chosen elsewhere
    (the numbers list links here with ``?number=<id>``) is kept even when the picker's page
    does not hold it; the dry run says whether CM.com knows it.
    """

    phone_number_id = forms.CharField(
        label=_("Phone number"),
        error_messages={"required": _("Choose the number to claim the keyword on.")},
    )
    keyword = forms.CharField(
        label=_("Keyword"),
        help_text=_("1 to 20 letters A-Z and digits 0-9; it is sent in capitals."),
        error_messages={"required": _("Enter a keyword.")},
    )

    def __init__(
        self, *args: Any, choices: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        options = list(choices or [])
        chosen = str(self.data.get("phone_number_id") or self.initial.get("phone_number_id") or "")
        if chosen and chosen not in {value for value, _ in options}:
            options.insert(0, (chosen, f"Number id {chosen}"))
        self.fields["phone_number_id"].widget = forms.Select(
            choices=[("", _("Choose a number…")), *options]
        )
        # The browser helps, the server decides: pattern and maxlength mirror clean_keyword.
        self.fields["keyword"].widget.attrs.update(
            {
                "autocapitalize": "characters",
                "autocomplete": "off",
                "spellcheck": "false",
                "pattern": r"\s*[A-Za-z0-9]{1,20}\s*",
                "title": _("1 to 20 letters A-Z and digits 0-9"),
            }
        )

    def clean_phone_number_id(self) -> str:
        value = (self.cleaned_data.get("phone_number_id") or "").strip()
        if not (value.isascii() and value.isdigit()):
            raise ValidationError(_("Choose one of the numbers in the list."), code="invalid")
        return value

    def clean_keyword(self) -> str:
        return clean_keyword(self.cleaned_data.get("keyword"))


class ConfirmationForm(forms.Form):
    """The signed token a confirmation page carries."""

    token = forms.CharField(widget=forms.HiddenInput)


class NumberCancelForm(forms.Form):
    """Cancelling ownership: the person types the number."""

    typed_number = forms.CharField(
        label=_("Type the number to confirm"),
        error_messages={"required": _("Type the number to confirm that it should be cancelled.")},
    )

    def __init__(self, *args: Any, number: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        self.fields["typed_number"].help_text = f"Type {number}; spaces, + or 00 are fine."
        self.fields["typed_number"].widget.attrs.update(
            {"autocomplete": "off", "inputmode": "tel", "spellcheck": "false"}
        )

    def clean_typed_number(self) -> str:
        typed = self.cleaned_data.get("typed_number") or ""
        if not _same_number(typed, self.number):
            raise ValidationError(
                _("That is not this number: type %(number)s to confirm.") % {"number": self.number},
                code="mismatch",
            )
        return typed


class KeywordCancelForm(forms.Form):
    """Cancelling a claim: the page's hidden keyword, so the claim cancelled is the one shown."""

    keyword = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, keyword: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keyword = keyword

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A hidden field's error would show nowhere near the button: make it the form's.
        if (data.get("keyword") or "").strip().upper() != self.keyword.upper():
            raise ValidationError(
                _("Confirm with the button on this page to cancel the claim."), code="unconfirmed"
            )
        return data
