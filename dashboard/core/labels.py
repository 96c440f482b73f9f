"""Words for the values CM.com's API sends as names: one table, translatable.

A person reads "WhatsApp · Business account" and "Category: Utility", never
``whatsApp · businessAccount`` or ``UTILITY``. Each vocabulary is one dict from the API's
value to its words. A value the table does not know still shows, as CM.com spells it, and is
logged once per process, so a new value CM.com starts sending is noticed, not hidden.

Use ``label(vocabulary, value)`` in Python and ``{% load labels %}{{ value|label:"name" }}``
in templates. Keep the raw value where it is shown on purpose (a ``<code>``, a data
attribute, a filter's query string).
"""

from __future__ import annotations

import logging
import threading
from typing import Final

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

CHANNEL_TYPE: Final = "channel_type"
CHANNEL_CATEGORY: Final = "channel_category"
TEMPLATE_CATEGORY: Final = "template_category"
TEMPLATE_STATUS: Final = "template_status"
CHANNEL_STAGE: Final = "channel_stage"
NUMBER_CATEGORY: Final = "number_category"
NUMBER_PURPOSE: Final = "number_purpose"
BUSINESS_ACCOUNT_STATE: Final = "business_account_state"
PROFILE_STATE: Final = "profile_state"
WHATSAPP_REQUEST_STATE: Final = "whatsapp_request_state"
CHANNEL_REQUEST_STATUS: Final = "channel_request_status"

LABELS: Final[dict[str, dict[str, Promise]]] = {
    # The keys of "Get your channels" (available and coming soon), as CM.com spells them.
    CHANNEL_TYPE: {
        "sms": _("SMS"),
        "whatsApp": _("WhatsApp"),
        "RCS": _("RCS"),
        "Viber": _("Viber"),
    },
    CHANNEL_CATEGORY: {
        "keywords": _("Keywords"),
        "numbers": _("Numbers"),
        "templates": _("Templates"),
        "profiles": _("Profiles"),
        "businessAccount": _("Business account"),
    },
    # WhatsApp's template categories: the three current ones and the older ones Meta still
    # returns for templates made before 2023.
    TEMPLATE_CATEGORY: {
        "MARKETING": _("Marketing"),
        "UTILITY": _("Utility"),
        "AUTHENTICATION": _("Authentication"),
        "ACCOUNT_UPDATE": _("Account update"),
        "ALERT_UPDATE": _("Alert update"),
        "APPOINTMENT_UPDATE": _("Appointment update"),
        "AUTO_REPLY": _("Auto-reply"),
        "ISSUE_RESOLUTION": _("Issue resolution"),
        "PAYMENT_UPDATE": _("Payment update"),
        "PERSONAL_FINANCE_UPDATE": _("Personal finance update"),
        "RESERVATION_UPDATE": _("Reservation update"),
        "SHIPPING_UPDATE": _("Shipping update"),
        "TICKET_UPDATE": _("Ticket update"),
        "TRANSPORTATION_UPDATE": _("Transportation update"),
    },
    # channels_api.models.ReviewStatus: a template's (or a language's) review.
    TEMPLATE_STATUS: {
        "active": _("Active"),
        "pending": _("Pending approval"),
        "validation_requested": _("Validation requested"),
        "rejected": _("Rejected"),
        "incomplete": _("Incomplete"),
        "draft": _("Draft"),
    },
    # ApiRequestProgression.stages of a channel request.
    CHANNEL_STAGE: {
        "REQUESTED": _("Requested"),
        "DOCUMENTS": _("Documents"),
        "VERIFICATION": _("Verification"),
        "CONFIGURATION": _("Configuration"),
        "LIVE": _("Live"),
    },
    NUMBER_CATEGORY: {
        "MOBILE": _("Mobile"),
        "LANDLINE": _("Landline"),
        "SHORTCODE": _("Short code"),
        "TOLLFREE": _("Toll-free"),
    },
    NUMBER_PURPOSE: {
        "SMS": _("SMS"),
        "VOICE": _("Voice"),
    },
    # The dashboard's one-word states, derived from CM.com's dates and flags.
    BUSINESS_ACCOUNT_STATE: {
        "pending": _("Pending"),
        "fulfilled": _("Fulfilled"),
        "cancelled": _("Cancelled"),
    },
    PROFILE_STATE: {
        "active": _("Active"),
        "pending": _("Pending"),
        "rejected": _("Rejected"),
        "cancelled": _("Cancelled"),
    },
    WHATSAPP_REQUEST_STATE: {
        "active": _("Active"),
        "pending": _("Pending"),
        "cancelled": _("Cancelled"),
    },
    # The dashboard's status of a channel request (channels.selectors.request_status).
    CHANNEL_REQUEST_STATUS: {
        "pending": _("Pending"),
        "active": _("Active"),
        "inactive": _("Inactive"),
    },
}

_logged: set[tuple[str, str]] = set()
_logged_lock = threading.Lock()


def label(vocabulary: str, value: object) -> str:
    """The words for ``value`` in ``vocabulary``; the value itself when the table does not
    know it (logged once per vocabulary and value, so a new API value is seen, not lost)."""
    text = "" if value is None else str(value)
    words = LABELS.get(vocabulary, {}).get(text)
    if words is not None:
        return str(words)
    if text:
        _log_unknown(vocabulary, text)
    return text


def _log_unknown(vocabulary: str, value: str) -> None:
    with _logged_lock:
        if (vocabulary, value) in _logged:
            return
        _logged.add((vocabulary, value))
    # The value is CM.com's name for a category or state, never a token or a person's text;
    # repr keeps a stray newline from forging a log line.
    logger.warning("No words for %s value %r: shown as CM.com sends it", vocabulary, value)
