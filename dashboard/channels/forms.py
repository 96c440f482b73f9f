"""Forms of the channels pages: every value is checked here before anything is sent.

The sets are the ones NOTES.md lists ("Value constraints the documentation states"), taken
from the client so the form and the client can never disagree:

- customer contact endpoint: method POST only; type Xml or Json;
- webhook endpoint: method POST, GET, PUT or UNKNOWN; type Json, Xml or Custom;
- event webhook endpoint: method POST only; type Json only;
- URLs absolute, http or https; e-mail addresses valid.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from channels_api.resources.configuration import (
    CUSTOMER_CONTACT_METHODS,
    CUSTOMER_CONTACT_TYPES,
    EVENT_WEBHOOK_METHODS,
    EVENT_WEBHOOK_TYPES,
    WEBHOOK_METHODS,
    WEBHOOK_TYPES,
)
from dashboard.channels.selectors import REQUEST_STATUSES
from dashboard.core.fast_forms import FastRenderer

URL_HELP = _("The whole address, starting with http:// or https://.")
_URL_MESSAGE = "Enter an absolute URL that starts with http:// or https://."


class _Form(forms.Form):
    """A form of the channels pages: fields written in Python (``FastRenderer``), because a
    channel's page carries five forms and Django's per-widget templates were most of its
    rendering time."""

    default_renderer = FastRenderer


def _choices(values: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(value, value) for value in values]


def _port_in_range(value: str) -> None:
    """Django's URLValidator takes any five digits as a port; CM.com takes 1 to 65535."""
    try:
        port = urlsplit(value).port
    except ValueError:
        port = -1
    if port is not None and not 0 < port < 65536:
        raise ValidationError(
            _("The port after the host must be a number from 1 to 65535 (or leave it out)."),
            code="port",
        )


class EndpointURLField(forms.CharField):
    """An absolute http(s) URL, taken as typed (never given a scheme it did not have)."""

    widget = forms.URLInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("URL"))
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("help_text", URL_HELP)
        kwargs.setdefault(
            "validators",
            [URLValidator(schemes=["http", "https"], message=_URL_MESSAGE), _port_in_range],
        )
        super().__init__(strip=True, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"placeholder": _("https://"), "autocomplete": "url", "spellcheck": "false"})
        return attrs


_LOCAL_PART_MAX = 64
_NOT_IN_LOCAL_PART = set(',;<>()[]\\"')
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")


class EmailAddressForm(_Form):
    """Add or change an e-mail address that inbound messages are sent to."""

    address = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={"invalid": _("Enter a valid e-mail address, e.g. support@example.com.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def clean_address(self) -> str:
        """Django's rule is wider than CM.com's: a quoted local part, a local part over 64
        characters, an address at ``localhost`` or at ``[127.0.0.1]`` pass it and CM.com
        refuses them. A domain in other scripts is sent in its xn-- form, as mail sends it."""
        address = self.cleaned_data["address"]
        local, _at, domain = address.rpartition("@")
        if len(local) > _LOCAL_PART_MAX:
            raise ValidationError(
                _(
                    "The part before the @ has at most %(LOCAL_PART_MAX)s characters; "
                    "this one has %(len)s."
                )
                % {"LOCAL_PART_MAX": _LOCAL_PART_MAX, "len": len(local)},
                code="local_part",
            )
        if any(ch in _NOT_IN_LOCAL_PART or ch.isspace() for ch in local):
            raise ValidationError(
                _("Quotes, spaces, brackets, commas and semicolons cannot be used before the @."),
                code="local_part",
            )
        try:
            ascii_domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            ascii_domain = ""
        if not _DOMAIN.fullmatch(ascii_domain):
            raise ValidationError(
                _("Enter the domain after the @ as a name with a dot, e.g. example.com."),
                code="domain",
            )
        result = f"{local}@{ascii_domain}"
        if len(result) > 254:
            raise ValidationError(_("An e-mail address has at most 254 characters."), code="long")
        return result


class WebhookForm(_Form):
    """Add or change a webhook endpoint."""

    url = EndpointURLField()
    method = forms.ChoiceField(label=_("Method"), choices=_choices(WEBHOOK_METHODS), initial="POST")
    type = forms.ChoiceField(label=_("Type"), choices=_choices(WEBHOOK_TYPES), initial="Json")


class EventWebhookForm(_Form):
    """Set or change the event webhook endpoint: the API allows only POST and Json."""

    url = EndpointURLField()
    method = forms.ChoiceField(
        label=_("Method"),
        choices=_choices(EVENT_WEBHOOK_METHODS),
        initial="POST",
        help_text=_("Event webhooks are always POST."),
    )
    type = forms.ChoiceField(
        label=_("Type"),
        choices=_choices(EVENT_WEBHOOK_TYPES),
        initial="Json",
        help_text=_("Event webhooks are always Json."),
    )


class CustomerContactForm(_Form):
    """Set the customer contact endpoint: method POST only, type Xml or Json."""

    url = EndpointURLField()
    method = forms.ChoiceField(
        label=_("Method"),
        choices=_choices(CUSTOMER_CONTACT_METHODS),
        initial="POST",
        help_text=_("Customer contact endpoints are always POST."),
    )
    type = forms.ChoiceField(
        label=_("Type"), choices=_choices(CUSTOMER_CONTACT_TYPES), initial="Json"
    )


ON_OFF = [("true", _("On")), ("false", _("Off"))]


def _as_bool(value: str) -> bool:
    return value == "true"


class MessagingLogForm(_Form):
    """Set the messaging log on or off."""

    enabled = forms.TypedChoiceField(
        label=_("Messaging log"),
        choices=ON_OFF,
        coerce=_as_bool,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether messages are logged: on or off.")},
    )


class SwitchForm(_Form):
    """The enabled switch of a configuration element (a hidden value the button posts)."""

    enabled = forms.TypedChoiceField(
        choices=ON_OFF,
        coerce=_as_bool,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Say whether to switch this on or off — reload the page and try again."),
            "invalid_choice": _(
                "Say whether to switch this on or off — reload the page and try again."
            ),
        },
    )


class ConfirmForm(_Form):
    """A confirmation step: the confirm button posts ``confirm=yes``."""

    confirm = forms.ChoiceField(
        choices=[("yes", _("yes"))],
        widget=forms.HiddenInput,
        initial="yes",
        error_messages={"required": _("Confirm first: nothing was changed.")},
    )


class RequestFilterForm(_Form):
    """Filter channel requests by channel type and status, and page."""

    type = forms.ChoiceField(
        label=_("Channel type"),
        required=False,
        error_messages={
            "invalid_choice": _(
                "Choose a channel type from the list: %(value)s is not one "
                "this account can request."
            )
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *REQUEST_STATUSES.items()],
        error_messages={
            "invalid_choice": _(
                "Choose a status from the list: %(value)s is not a status of a channel request."
            )
        },
    )

    def __init__(
        self, *args: Any, types: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types")), *(types or [])]
        if types is None:
            # The types could not be loaded: still accept the id in the URL, as typed.
            self.fields["type"] = forms.UUIDField(
                label=_("Channel type id"),
                required=False,
                error_messages={"invalid": _("Enter a channel type id (a uuid).")},
            )


class SendTestForm(_Form):
    """ "Send a test event": the button posts ``send=yes``; the endpoint comes from CM.com."""

    send = forms.ChoiceField(
        choices=[("yes", _("yes"))],
        widget=forms.HiddenInput,
        initial="yes",
        error_messages={
            "required": _("Press “Send a test event” to send one: nothing was sent."),
            "invalid_choice": _("Press “Send a test event” to send one: nothing was sent."),
        },
    )
