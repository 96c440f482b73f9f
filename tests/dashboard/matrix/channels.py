"""The channels app's routes: channels and their inbound configuration, channel requests and
channel types.

Reading needs BROWSE (every role). Every write, and every GET that shows the form for one (an
edit form, a delete question, the cost confirmation), needs EDIT_CONFIGURATION: support and
admin, so marketing gets 403. The matrix sends empty POSTs: each comes back as its form with a
message (200) and sends nothing upstream; a delete or a channel request without ``confirm``
asks again.
"""

from __future__ import annotations

from dashboard.accounts.models import CMAccount
from tests.dashboard.channels.helpers import seeded
from tests.dashboard.matrix import Row

BROWSE = {
    "admin": (200, 200),
    "support": (200, 404),
    "marketing": (200, 404),
    "outsider": (404, 404),
}
EDIT = {**BROWSE, "marketing": (403, 404)}

READ_ROUTES = [
    "list",
    "detail",
    "element",
    "messaging_log",
    "customer_contact",
    "email",
    "webhook",
    "event_webhook",
    "requests",
    "request_detail",
    "types",
    "type_detail",
]
FORM_ROUTES = [
    "customer_contact_edit",
    "email_edit",
    "email_confirm_delete",
    "webhook_edit",
    "webhook_confirm_delete",
    "event_webhook_edit",
    "event_webhook_confirm_delete",
    "request_channel",
]
WRITE_ROUTES = [
    "element_set_enabled",
    "messaging_log_set",
    "customer_contact_set",
    "email_add",
    "email_update",
    "email_delete",
    "webhook_add",
    "webhook_update",
    "webhook_delete",
    "event_webhook_add",
    "event_webhook_update",
    "event_webhook_delete",
    "request_channel_create",
    # "Send a test event" (issue 16): an empty POST sends nothing and says so (200)
    "webhook_test",
    "event_webhook_test",
    "customer_contact_test",
]

ROWS: dict[str, Row] = {
    **{f"channels:{name}": Row("GET", 302, **BROWSE) for name in READ_ROUTES},
    **{f"channels:{name}": Row("GET", 302, **EDIT) for name in FORM_ROUTES},
    **{f"channels:{name}": Row("POST", 302, **EDIT) for name in WRITE_ROUTES},
}


def samples(account: CMAccount) -> dict[str, str]:
    """A channel with an e-mail address, a webhook and an event webhook; its webhook element;
    the live WhatsApp request and the WhatsApp channel type."""
    ids = seeded(account)
    return {
        "channel_id": ids.channel_id,
        "address_id": ids.address_id,
        "webhook_id": ids.webhook_id,
        "event_webhook_id": ids.event_webhook_id,
        "element": "webhook",
        "configuration_id": ids.configuration_ids["webhook"],
        "channel_request_id": ids.live_whatsapp_request_id,
        "channel_type_id": ids.whatsapp_type_id,
    }
