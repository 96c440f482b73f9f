"""Inbound configuration of a channel: messaging log, customer contact, e-mail, webhooks.

Paths follow endpoints.tsv to the letter (NOTES.md rule 1): writes that add or delete use
``/channel/{channelId}/`` (singular), updates with PUT use ``/channels/{channelId}/``.
Values are checked against the sets NOTES.md lists before anything is sent, switches must be
real bools, and every body is an ``Api*Request`` model's ``to_body()``, so the models in
``channels_api.models`` are the one description of what is sent.
"""

from __future__ import annotations

from typing import Literal

from channels_api._transport import Operation
from channels_api.models import (
    ApiChannelConfigurationResponse,
    ApiChannelConfigurations,
    ApiChannelCustomerContactConfigurationRequest,
    ApiChannelCustomerContactConfigurationResponse,
    ApiChannelCustomerContactEndpointRequest,
    ApiChannelEmailAddressRequest,
    ApiChannelEmailConfigurationRequest,
    ApiChannelEmailConfigurationResponse,
    ApiChannelEventWebHookConfigurationRequest,
    ApiChannelEventWebHookConfigurationResponse,
    ApiChannelEventWebHookEndpointRequest,
    ApiChannelMessagingLogConfigurationRequest,
    ApiChannelMessagingLogConfigurationResponse,
    ApiChannelWebHookConfigurationRequest,
    ApiChannelWebHookConfigurationResponse,
    ApiChannelWebHookEndpointRequest,
)
from channels_api.resources._base import (
    Resource,
    implements,
    require_bool,
    require_choice,
    require_text,
)

CUSTOMER_CONTACT_METHODS = ("POST",)
CUSTOMER_CONTACT_TYPES = ("Xml", "Json")
WEBHOOK_METHODS = ("POST", "GET", "PUT", "UNKNOWN")
WEBHOOK_TYPES = ("Json", "Xml", "Custom")
EVENT_WEBHOOK_METHODS = ("POST",)
EVENT_WEBHOOK_TYPES = ("Json",)

WebhookMethod = Literal["POST", "GET", "PUT", "UNKNOWN"]
WebhookType = Literal["Json", "Xml", "Custom"]
CustomerContactType = Literal["Xml", "Json"]

_READ = "/accounts/{accountId}/channels/{channelId}/configuration"
_WRITE = "/accounts/{accountId}/channel/{channelId}/configuration"
_G = "configuration"

GET_ALL = Operation(_G, "Get all configurations for a channel", "GET", _READ)
GET_ONE = Operation(_G, "Get a configuration for a channel", "GET", f"{_READ}/{{configurationId}}")
SET_ENABLED = Operation(
    _G, "Enable/Disable a channel configuration", "PUT", f"{_READ}/{{configurationId}}"
)
SET_CUSTOMER_CONTACT = Operation(
    _G,
    "Update a customer contact configuration element",
    "POST",
    f"{_WRITE}/customercontact",
)
ADD_EMAIL = Operation(_G, "Add an email configuration element", "POST", f"{_WRITE}/email")
DELETE_EMAIL = Operation(
    _G, "Delete an email configuration element", "DELETE", f"{_WRITE}/email/{{addressId}}"
)
UPDATE_EMAIL = Operation(
    _G, "Update an email configuration element", "PUT", f"{_READ}/email/{{addressId}}"
)
ADD_EVENT_WEBHOOK = Operation(
    _G, "Add an event webhook configuration element", "POST", f"{_WRITE}/eventwebhook"
)
DELETE_EVENT_WEBHOOK = Operation(
    _G,
    "Delete an event webhook configuration element",
    "DELETE",
    f"{_WRITE}/eventwebhook/{{eventwebhookId}}",
)
UPDATE_EVENT_WEBHOOK = Operation(
    _G,
    "Update an event webhook configuration element",
    "PUT",
    f"{_READ}/eventwebhook/{{eventwebhookId}}",
)
SET_MESSAGING_LOG = Operation(
    _G, "Update a messaging log configuration", "POST", f"{_WRITE}/messaginglog"
)
ADD_WEBHOOK = Operation(_G, "Add a webhook configuration element", "POST", f"{_WRITE}/webhook")
DELETE_WEBHOOK = Operation(
    _G, "Delete a webhook configuration element", "DELETE", f"{_WRITE}/webhook/{{webhookId}}"
)
UPDATE_WEBHOOK = Operation(
    _G, "Update a webhook configuration element", "PUT", f"{_READ}/webhook/{{webhookId}}"
)


def _customer_contact_body(url: str, method: str, type_: str) -> dict[str, object]:
    endpoint = ApiChannelCustomerContactEndpointRequest(
        method=require_choice("method", method, CUSTOMER_CONTACT_METHODS),
        url=require_text("url", url),
        type=require_choice("type", type_, CUSTOMER_CONTACT_TYPES),
    )
    return ApiChannelCustomerContactConfigurationRequest(endpoint=endpoint).to_body()


def _webhook_body(url: str, method: str, type_: str) -> dict[str, object]:
    endpoint = ApiChannelWebHookEndpointRequest(
        method=require_choice("method", method, WEBHOOK_METHODS),
        url=require_text("url", url),
        type=require_choice("type", type_, WEBHOOK_TYPES),
    )
    return ApiChannelWebHookConfigurationRequest(endpoint=endpoint).to_body()


def _event_webhook_body(url: str) -> dict[str, object]:
    # NOTES.md rule 3: the event-webhook shape for add and update alike, always POST and Json
    # (given explicitly, so the body does not hang on the model's defaults).
    endpoint = ApiChannelEventWebHookEndpointRequest(
        method=EVENT_WEBHOOK_METHODS[0], url=require_text("url", url), type=EVENT_WEBHOOK_TYPES[0]
    )
    return ApiChannelEventWebHookConfigurationRequest(endpoint=endpoint).to_body()


def _email_body(address: str) -> dict[str, object]:
    # NOTES.md rule 12: the JSON shape ``{"email": {"address": ...}}``, not the table's string.
    email = ApiChannelEmailAddressRequest(address=require_text("address", address))
    return ApiChannelEmailConfigurationRequest(email=email).to_body()


class Configuration(Resource):
    """``client.configuration``: the inbound configuration elements of one channel."""

    @implements(GET_ALL)
    def get_all(self, channel_id: str) -> ApiChannelConfigurations:
        """The channel's group and all five inbound configuration elements."""
        return self._call(
            GET_ALL, path_params={"channelId": channel_id}, parse=ApiChannelConfigurations
        )

    @implements(GET_ONE)
    def get(self, channel_id: str, configuration_id: str) -> ApiChannelConfigurationResponse:
        """One configuration element's enabled flag and dates."""
        return self._call(
            GET_ONE,
            path_params={"channelId": channel_id, "configurationId": configuration_id},
            parse=ApiChannelConfigurationResponse,
        )

    @implements(SET_ENABLED)
    def set_enabled(
        self, channel_id: str, configuration_id: str, enabled: bool
    ) -> ApiChannelConfigurationResponse:
        """Switch one configuration element on or off."""
        return self._call(
            SET_ENABLED,
            path_params={"channelId": channel_id, "configurationId": configuration_id},
            # Required by the API; ``bool(None)`` would switch the element off unasked.
            query={"enabled": require_bool("enabled", enabled)},
            parse=ApiChannelConfigurationResponse,
        )

    @implements(SET_CUSTOMER_CONTACT)
    def set_customer_contact(
        self, channel_id: str, *, url: str, type: CustomerContactType = "Json", method: str = "POST"
    ) -> ApiChannelCustomerContactConfigurationResponse:
        """Set where customer contact data is sent (method POST; type Xml or Json)."""
        return self._call(
            SET_CUSTOMER_CONTACT,
            path_params={"channelId": channel_id},
            body=_customer_contact_body(url, method, type),
            parse=ApiChannelCustomerContactConfigurationResponse,
        )

    @implements(ADD_EMAIL)
    def add_email(self, channel_id: str, address: str) -> ApiChannelEmailConfigurationResponse:
        """Add an e-mail address that inbound messages are sent to."""
        return self._call(
            ADD_EMAIL,
            path_params={"channelId": channel_id},
            body=_email_body(address),
            parse=ApiChannelEmailConfigurationResponse,
        )

    @implements(DELETE_EMAIL)
    def delete_email(self, channel_id: str, address_id: str) -> None:
        """Remove one e-mail address."""
        self._call(DELETE_EMAIL, path_params={"channelId": channel_id, "addressId": address_id})

    @implements(UPDATE_EMAIL)
    def update_email(
        self, channel_id: str, address_id: str, address: str
    ) -> ApiChannelEmailConfigurationResponse:
        """Change one e-mail address."""
        return self._call(
            UPDATE_EMAIL,
            path_params={"channelId": channel_id, "addressId": address_id},
            body=_email_body(address),
            parse=ApiChannelEmailConfigurationResponse,
        )

    @implements(ADD_EVENT_WEBHOOK)
    def add_event_webhook(
        self, channel_id: str, *, url: str
    ) -> ApiChannelEventWebHookConfigurationResponse:
        """Set the endpoint that receives events (always POST, always Json)."""
        return self._call(
            ADD_EVENT_WEBHOOK,
            path_params={"channelId": channel_id},
            body=_event_webhook_body(url),
            parse=ApiChannelEventWebHookConfigurationResponse,
        )

    @implements(DELETE_EVENT_WEBHOOK)
    def delete_event_webhook(self, channel_id: str, event_webhook_id: str) -> None:
        """Remove the event webhook endpoint."""
        self._call(
            DELETE_EVENT_WEBHOOK,
            path_params={"channelId": channel_id, "eventwebhookId": event_webhook_id},
        )

    @implements(UPDATE_EVENT_WEBHOOK)
    def update_event_webhook(
        self, channel_id: str, event_webhook_id: str, *, url: str
    ) -> ApiChannelEventWebHookConfigurationResponse:
        """Change the event webhook endpoint (NOTES.md rule 3: the event-webhook shape)."""
        return self._call(
            UPDATE_EVENT_WEBHOOK,
            path_params={"channelId": channel_id, "eventwebhookId": event_webhook_id},
            body=_event_webhook_body(url),
            parse=ApiChannelEventWebHookConfigurationResponse,
        )

    @implements(SET_MESSAGING_LOG)
    def set_messaging_log(
        self, channel_id: str, enabled: bool
    ) -> ApiChannelMessagingLogConfigurationResponse:
        """Turn the messaging log on or off (NOTES.md rule 23: body ``{"enabled": …}``)."""
        return self._call(
            SET_MESSAGING_LOG,
            path_params={"channelId": channel_id},
            body=ApiChannelMessagingLogConfigurationRequest(
                enabled=require_bool("enabled", enabled)
            ).to_body(),
            parse=ApiChannelMessagingLogConfigurationResponse,
        )

    @implements(ADD_WEBHOOK)
    def add_webhook(
        self,
        channel_id: str,
        *,
        url: str,
        method: WebhookMethod = "POST",
        type: WebhookType = "Json",
    ) -> ApiChannelWebHookConfigurationResponse:
        """Add an endpoint that inbound messages are sent to."""
        return self._call(
            ADD_WEBHOOK,
            path_params={"channelId": channel_id},
            body=_webhook_body(url, method, type),
            parse=ApiChannelWebHookConfigurationResponse,
        )

    @implements(DELETE_WEBHOOK)
    def delete_webhook(self, channel_id: str, webhook_id: str) -> None:
        """Remove one webhook endpoint."""
        self._call(DELETE_WEBHOOK, path_params={"channelId": channel_id, "webhookId": webhook_id})

    @implements(UPDATE_WEBHOOK)
    def update_webhook(
        self,
        channel_id: str,
        webhook_id: str,
        *,
        url: str,
        method: WebhookMethod = "POST",
        type: WebhookType = "Json",
    ) -> ApiChannelWebHookConfigurationResponse:
        """Change one webhook endpoint."""
        return self._call(
            UPDATE_WEBHOOK,
            path_params={"channelId": channel_id, "webhookId": webhook_id},
            body=_webhook_body(url, method, type),
            parse=ApiChannelWebHookConfigurationResponse,
        )
