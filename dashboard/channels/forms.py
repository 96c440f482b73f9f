"""Forms of the channels pages: every value is checked here before anything is sent.

The sets are the ones NOTES.md lists ("Value constraints the documentation states"), taken
from the client so the form and the client can never disagree:

- customer contact endpoint: method POST only; type Xml or Json;
- webhook endpoint: method POST, GET, PUT or UNKNOWN; type Json, Xml or Custom;
- event webhook endpoint: method POST only; type Json only;
- URLs absolute, http or https; e-mail addresses valid.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator

from channels_api.resources.configuration import (
    CUSTOMER_CONTACT_METHODS,
    CUSTOMER_CONTACT_TYPES,
    EVENT_WEBHOOK_METHODS,
    EVENT_WEBHOOK_TYPES,
    WEBHOOK_METHODS,
    WEBHOOK_TYPES,
)

URL_HELP = "The whole address, starting with http:// or https://."
_URL_MESSAGE = "Enter an absolute URL that starts with http:// or https://."


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, value) for value in values]


class EndpointURLField(forms.CharField):
    """An absolute http(s) URL, taken as typed (never given a scheme it did not have)."""

    widget = forms.URLInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "URL")
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("help_text", URL_HELP)
        kwargs.setdefault(
            "validators", [URLValidator(schemes=["http", "https"], message=_URL_MESSAGE)]
        )
        super().__init__(strip=True, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"placeholder": "https://", "autocomplete": "url", "spellcheck": "false"})
        return attrs


class EmailAddressForm(forms.Form):
    """Add or change an e-mail address that inbound messages are sent to."""

    address = forms.EmailField(
        label="E-mail address",
        max_length=254,
        error_messages={"invalid": "Enter a valid e-mail address, e.g. support@example.com."},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class WebhookForm(forms.Form):
    """Add or change a webhook endpoint."""

    url = EndpointURLField()
    method = forms.ChoiceField(label="Method", choices=_choices(WEBHOOK_METHODS), initial="POST")
    type = forms.ChoiceField(label="Type", choices=_choices(WEBHOOK_TYPES), initial="Json")


class EventWebhookForm(forms.Form):
    """Set or change the event webhook endpoint: the API allows only POST and Json."""

    url = EndpointURLField()
    method = forms.ChoiceField(
        label="Method",
        choices=_choices(EVENT_WEBHOOK_METHODS),
        initial="POST",
        help_text="Event webhooks are always POST.",
    )
    type = forms.ChoiceField(
        label="Type",
        choices=_choices(EVENT_WEBHOOK_TYPES),
        initial="Json",
        help_text="Event webhooks are always Json.",
    )


class CustomerContactForm(forms.Form):
    """Set the customer contact endpoint: method POST only, type Xml or Json."""

    url = EndpointURLField()
    method = forms.ChoiceField(
        label="Method",
        choices=_choices(CUSTOMER_CONTACT_METHODS),
        initial="POST",
        help_text="Customer contact endpoints are always POST.",
    )
    type = forms.ChoiceField(label="Type", choices=_choices(CUSTOMER_CONTACT_TYPES), initial="Json")


ON_OFF = [("true", "On"), ("false", "Off")]


def _as_bool(value: str) -> bool:
    return value == "true"


class MessagingLogForm(forms.Form):
    """Set the messaging log on or off."""

    enabled = forms.TypedChoiceField(
        label="Messaging log",
        choices=ON_OFF,
        coerce=_as_bool,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether messages are logged: on or off."},
    )


class SwitchForm(forms.Form):
    """The enabled switch of a configuration element (a hidden value the button posts)."""

    enabled = forms.TypedChoiceField(
        choices=ON_OFF,
        coerce=_as_bool,
        widget=forms.HiddenInput,
        error_messages={
            "required": "Say whether to switch this on or off — reload the page and try again.",
            "invalid_choice": "Say whether to switch this on or off — reload the page and "
            "try again.",
        },
    )


class ConfirmForm(forms.Form):
    """A confirmation step: the confirm button posts ``confirm=yes``."""

    confirm = forms.ChoiceField(
        choices=[("yes", "yes")],
        widget=forms.HiddenInput,
        initial="yes",
        error_messages={"required": "Confirm first: nothing was changed."},
    )


class RequestFilterForm(forms.Form):
    """Filter channel requests by channel type, and page."""

    type = forms.ChoiceField(
        label="Channel type",
        required=False,
        error_messages={
            "invalid_choice": "Choose a channel type from the list: %(value)s is not one "
            "this account can request."
        },
    )

    def __init__(
        self, *args: Any, types: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", "All types"), *(types or [])]
        if types is None:
            # The types could not be loaded: still accept the id in the URL, as typed.
            self.fields["type"] = forms.UUIDField(
                label="Channel type id",
                required=False,
                error_messages={"invalid": "Enter a channel type id (a uuid)."},
            )
