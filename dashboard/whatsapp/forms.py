"""Forms of the WhatsApp pages: validation and messages at the field, nothing else."""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from channels_api.phone import InvalidPhoneNumber, normalise_phone_number
from dashboard.core.fast_forms import FastRenderer
from dashboard.whatsapp.models import OtpMethod

_CODE = re.compile(r"^[0-9]{4,10}$")


class _Form(forms.Form):
    """Written by the house's renderer: Django's HTML for these widgets without a template
    for each input, label and error list (most of the profile page's form)."""

    default_renderer = FastRenderer


class TelInput(forms.TextInput):
    """``<input type="tel">``: a phone keypad on phones, any text accepted."""

    input_type = "tel"


class LanguageActivateForm(_Form):
    """One supported language to switch on; ``q`` keeps the search the person was in."""

    language_id = forms.CharField(
        max_length=64,
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose a language to activate.")},
    )
    q = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def clean_language_id(self) -> str:
        """The language's id as CM.com spells it (a uuid); anything else is a stale or forged
        page, which CM.com would only answer with a 400."""
        try:
            return str(uuid.UUID(self.cleaned_data["language_id"].strip()))
        except ValueError:
            raise forms.ValidationError(
                _("Choose a language from the list of supported languages."), code="invalid"
            ) from None


class PhoneNumberForm(_Form):
    """A new phone number for a profile, typed any way people type it."""

    phone_number = forms.CharField(
        label=_("New phone number"),
        max_length=40,
        help_text=_(
            "International form with the country code, e.g. +31 6 1234 5678 or 0031612345678."
        ),
        widget=TelInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        error_messages={"required": _("Enter the new phone number.")},
    )

    def __init__(self, *args: Any, current: str = "", **kwargs: Any) -> None:
        # ``current``: the profile's number now (00…), so typing it again is refused.
        self.current = current
        super().__init__(*args, **kwargs)

    def clean_phone_number(self) -> str:
        """The number as CM.com stores it (00…), or the reason it is not a phone number."""
        try:
            normalised = normalise_phone_number(self.cleaned_data["phone_number"])
        except InvalidPhoneNumber as error:
            raise forms.ValidationError(str(error)) from None
        if self.current and normalised == self.current:
            raise forms.ValidationError(_("That is the profile's number already."))
        return normalised


class OtpConfirmForm(_Form):
    """Confirms the number shown ("yes, send the code here"); carries the number seen, in case
    it changed since."""

    phone_number = forms.CharField(max_length=40, widget=forms.HiddenInput)


class OtpSendForm(_Form):
    """How to deliver the code."""

    method = forms.ChoiceField(
        label=_("Send the code by"),
        choices=OtpMethod.choices,
        widget=forms.RadioSelect,
        initial=OtpMethod.SMS,
        error_messages={
            "required": _("Choose SMS or a voice call."),
            "invalid_choice": _("Choose SMS or a voice call."),
        },
    )


class OtpCodeForm(_Form):
    """The code the phone received."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The digits from the text message or the call."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"required": _("Enter the code the phone received.")},
    )

    def clean_code(self) -> str:
        """Digits only; spaces people put between groups (123 456) are dropped."""
        code = "".join(self.cleaned_data["code"].split())
        if not _CODE.match(code):
            raise forms.ValidationError(_("The code is 4 to 10 digits, with nothing else."))
        return code
