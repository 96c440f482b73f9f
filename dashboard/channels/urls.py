"""URLs of the channels app: channels (and their inbound configuration), channel requests and
channel types, all under ``/a/<account id>/`` (the account id is part of each pattern, as in
core, so the access matrix sees it).

Every route takes one method. Routes that change something are POST and need
EDIT_CONFIGURATION; so do the GET routes that show a form for such a change (an edit form, a
delete question, the cost confirmation of "Request a channel").
"""

from collections.abc import Iterator

from django.urls import URLPattern, path

from dashboard.channels.views import channels, configuration, requests, types

app_name = "channels"

_ACCOUNT = "a/<uuid:account_id>/"
_CHANNEL = _ACCOUNT + "channels/<uuid:channel_id>/"
_CONFIG = _CHANNEL + "configuration/"
_ELEMENT = _CONFIG + "elements/<slug:element>/<uuid:configuration_id>/"


def _item_routes(slug: str, segment: str, id_kwarg: str) -> Iterator[URLPattern]:
    """The six routes of an item kind: ``<segment>add/`` and, under ``<segment><id>/``, the
    item itself, ``edit/``, ``update/``, ``confirm-delete/`` and ``delete/``. Names are the
    element's attribute with the role (``email_confirm_delete``; the item itself: ``email``)."""
    views = configuration.ITEM_VIEWS[slug]
    name = slug.replace("-", "_")
    one = f"{_CONFIG}{segment}<uuid:{id_kwarg}>/"
    yield path(f"{_CONFIG}{segment}add/", views.add, name=f"{name}_add")
    yield path(one, views.show, name=name)
    for role, suffix in (
        ("edit", "edit/"),
        ("update", "update/"),
        ("confirm_delete", "confirm-delete/"),
        ("delete", "delete/"),
    ):
        yield path(one + suffix, getattr(views, role), name=f"{name}_{role}")


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
    # e-mail addresses, webhooks, the event webhook: six routes each
    *_item_routes("email", "emails/", "address_id"),
    *_item_routes("webhook", "webhooks/", "webhook_id"),
    *_item_routes("event-webhook", "event-webhook/", "event_webhook_id"),
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
