"""URLs of the channels app: channels (and their inbound configuration), channel requests and
channel types, all under ``/a/<account id>/`` (the account id is part of each pattern, as in
core, so the access matrix sees it).

Every route takes one method. Routes that change something are POST and need
EDIT_CONFIGURATION; so do the GET routes that show a form for such a change (an edit form, a
delete question, the cost confirmation of "Request a channel").
"""

from django.urls import path

from dashboard.channels.views import channels, configuration, probes, requests, types

app_name = "channels"

_ACCOUNT = "a/<uuid:account_id>/"
_CHANNEL = _ACCOUNT + "channels/<uuid:channel_id>/"
_CONFIG = _CHANNEL + "configuration/"
_ELEMENT = _CONFIG + "elements/<slug:element>/<uuid:configuration_id>/"
_EMAIL = _CONFIG + "emails/<uuid:address_id>/"
_WEBHOOK = _CONFIG + "webhooks/<uuid:webhook_id>/"
_EVENT_WEBHOOK = _CONFIG + "event-webhook/<uuid:event_webhook_id>/"

urlpatterns = [
    path(_ACCOUNT + "channels/", channels.channel_list, name="list"),
    path(_CHANNEL, channels.channel_detail, name="detail"),
    # the enabled switch of each element
    path(_ELEMENT, configuration.element, name="element"),
    path(_ELEMENT + "enabled/", configuration.element_set_enabled, name="element_set_enabled"),
    # messaging log
    path(_CONFIG + "messaging-log/", configuration.messaging_log, name="messaging_log"),
    path(_CONFIG + "messaging-log/set/", configuration.messaging_log_set, name="messaging_log_set"),
    # customer contact
    path(_CONFIG + "customer-contact/", configuration.customer_contact, name="customer_contact"),
    path(
        _CONFIG + "customer-contact/edit/",
        configuration.customer_contact_edit,
        name="customer_contact_edit",
    ),
    path(
        _CONFIG + "customer-contact/set/",
        configuration.customer_contact_set,
        name="customer_contact_set",
    ),
    # e-mail addresses, webhooks, the event webhook: add, and for one item: show it, its edit
    # form, change it, the delete question, delete it
    path(_CONFIG + "emails/add/", configuration.email_add, name="email_add"),
    path(_EMAIL, configuration.email, name="email"),
    path(_EMAIL + "edit/", configuration.email_edit, name="email_edit"),
    path(_EMAIL + "update/", configuration.email_update, name="email_update"),
    path(
        _EMAIL + "confirm-delete/",
        configuration.email_confirm_delete,
        name="email_confirm_delete",
    ),
    path(_EMAIL + "delete/", configuration.email_delete, name="email_delete"),
    path(_CONFIG + "webhooks/add/", configuration.webhook_add, name="webhook_add"),
    path(_WEBHOOK, configuration.webhook, name="webhook"),
    path(_WEBHOOK + "edit/", configuration.webhook_edit, name="webhook_edit"),
    path(_WEBHOOK + "update/", configuration.webhook_update, name="webhook_update"),
    path(
        _WEBHOOK + "confirm-delete/",
        configuration.webhook_confirm_delete,
        name="webhook_confirm_delete",
    ),
    path(_WEBHOOK + "delete/", configuration.webhook_delete, name="webhook_delete"),
    path(_CONFIG + "event-webhook/add/", configuration.event_webhook_add, name="event_webhook_add"),
    path(_EVENT_WEBHOOK, configuration.event_webhook, name="event_webhook"),
    path(_EVENT_WEBHOOK + "edit/", configuration.event_webhook_edit, name="event_webhook_edit"),
    path(
        _EVENT_WEBHOOK + "update/",
        configuration.event_webhook_update,
        name="event_webhook_update",
    ),
    path(
        _EVENT_WEBHOOK + "confirm-delete/",
        configuration.event_webhook_confirm_delete,
        name="event_webhook_confirm_delete",
    ),
    path(
        _EVENT_WEBHOOK + "delete/",
        configuration.event_webhook_delete,
        name="event_webhook_delete",
    ),
    # channel requests
    path(_ACCOUNT + "requests/", requests.request_list, name="requests"),
    path(
        _ACCOUNT + "requests/<uuid:channel_request_id>/",
        requests.request_detail,
        name="request_detail",
    ),
    # channel types
    path(_ACCOUNT + "channel-types/", types.type_list, name="types"),
    path(_ACCOUNT + "channel-types/<uuid:channel_type_id>/", types.type_detail, name="type_detail"),
    path(
        _ACCOUNT + "channel-types/<uuid:channel_type_id>/request/",
        types.request_channel,
        name="request_channel",
    ),
    path(
        _ACCOUNT + "channel-types/<uuid:channel_type_id>/request/create/",
        types.request_channel_create,
        name="request_channel_create",
    ),
]

# "Send a test event" to an endpoint (issue 16): the dashboard sends it, not CM.com.
urlpatterns += [
    path(_WEBHOOK + "test/", probes.webhook_test, name="webhook_test"),
    path(_EVENT_WEBHOOK + "test/", probes.event_webhook_test, name="event_webhook_test"),
    path(
        _CONFIG + "customer-contact/test/",
        probes.customer_contact_test,
        name="customer_contact_test",
    ),
]
