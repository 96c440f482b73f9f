"""The ChannelConfiguration group (14 operations): a channel's inbound configuration.

Every route answers on both ``/channel/{channelId}/`` and ``/channels/{channelId}/`` (NOTES
rule 1). Bodies are read leniently (NOTES rules 3, 12, 23): an endpoint may come as
``{"endpoint": {...}}``, ``{"endpoints": [{...}]}`` or bare; an e-mail address as
``{"email": {"address": ...}}``, ``{"email": "..."}`` or ``{"address": ...}``. Values must be
in the documented sets (matched case-insensitively, answered in their documented spelling):

- customer contact endpoint: method POST; type Xml or Json;
- webhook endpoint: method POST, GET, PUT or UNKNOWN; type Json, Xml or Custom;
- event webhook endpoint: method POST; type Json.

Deletes answer 200 with an empty body.
"""

from __future__ import annotations

from typing import Any

from channels_api.sandbox import serialize
from channels_api.sandbox.operations.base import Ctx, Reply, both_forms, empty, ok, route
from channels_api.sandbox.operations.channels import require_channel
from channels_api.sandbox.seed import make_config, new_id
from channels_api.sandbox.state import ChannelConfig, ConfigElement, EmailAddress, Endpoint
from channels_api.sandbox.validation import (
    as_object,
    bad_request,
    conflict,
    field,
    has_field,
    not_found,
    parse_bool,
    parse_choice,
    parse_email,
    parse_url,
    parse_uuid,
)

CONTACT_METHODS, CONTACT_TYPES = ["POST"], ["Xml", "Json"]
WEBHOOK_METHODS, WEBHOOK_TYPES = ["POST", "GET", "PUT", "UNKNOWN"], ["Json", "Xml", "Custom"]
EVENT_METHODS, EVENT_TYPES = ["POST"], ["Json"]

BASE = "/accounts/<account_id>/channels/<channel_id>/configuration"


def config_of(ctx: Ctx, channel_id: str) -> tuple[ChannelConfig, Any]:
    view = require_channel(ctx, channel_id)
    config = ctx.account.configs.get(view.id)
    if config is None:
        config = make_config(ctx.account, view.id, view.created, ctx.now)
        ctx.account.configs[view.id] = config
    return config, view


def parse_endpoint(ctx: Ctx, methods: list[str], types: list[str]) -> tuple[str, str, str]:
    """(method, url, type) from the body; method defaults to POST, type to the first."""
    data = ctx.body_object()
    item = field(data, "endpoint")
    if item is None and has_field(data, "endpoints"):
        many = field(data, "endpoints")
        if not isinstance(many, list) or len(many) != 1:
            raise bad_request("endpoints must be a list with exactly one endpoint.")
        item = many[0]
    if item is None and has_field(data, "url"):
        item = data
    if item is None:
        raise bad_request('The body needs an endpoint: {"endpoint": {"method", "url", "type"}}.')
    item = as_object(item, "endpoint")
    method = field(item, "method")
    kind = field(item, "type")
    return (
        methods[0] if method is None else parse_choice(method, "endpoint.method", methods),
        parse_url(field(item, "url"), "endpoint.url"),
        types[0] if kind is None else parse_choice(kind, "endpoint.type", types),
    )


def parse_address(ctx: Ctx) -> str:
    data = ctx.body_object()
    value = field(data, "email")
    if isinstance(value, dict):
        value = field(value, "address")
    elif value is None:
        value = field(data, "address")
    return parse_email(value, "email.address")


def touched(element: ConfigElement, ctx: Ctx) -> ConfigElement:
    element.updated = ctx.now
    return element


@route("GET", *both_forms(BASE))
def get_configurations(ctx: Ctx, channel_id: str) -> Reply:
    config, view = config_of(ctx, channel_id)
    return ok(serialize.configurations(config, [view]))


def find_element(config: ChannelConfig, configuration_id: str) -> ConfigElement:
    key = parse_uuid(configuration_id, "configurationId")
    for element in config.elements():
        if element.id == key:
            return element
    raise not_found(f"This channel has no configuration {key}.")


@route("GET", *both_forms(BASE + "/<configuration_id>"))
def get_configuration(ctx: Ctx, channel_id: str, configuration_id: str) -> Reply:
    config, _ = config_of(ctx, channel_id)
    return ok(serialize.config_summary(find_element(config, configuration_id)))


@route("PUT", *both_forms(BASE + "/<configuration_id>"))
def set_configuration_enabled(ctx: Ctx, channel_id: str, configuration_id: str) -> Reply:
    enabled = ctx.query.bool("enabled", required=True)
    config, _ = config_of(ctx, channel_id)
    element = find_element(config, configuration_id)
    element.enabled = bool(enabled)
    return ok(serialize.config_summary(touched(element, ctx)))


@route("POST", *both_forms(BASE + "/customercontact"))
def update_customer_contact(ctx: Ctx, channel_id: str) -> Reply:
    config, _ = config_of(ctx, channel_id)
    method, url, kind = parse_endpoint(ctx, CONTACT_METHODS, CONTACT_TYPES)
    element = config.customer_contact
    if element.endpoints:
        current = element.endpoints[0]
        current.method, current.url, current.type, current.updated = method, url, kind, ctx.now
        del element.endpoints[1:]
    else:
        element.endpoints.append(Endpoint(new_id(), method, url, kind, ctx.now, ctx.now))
    return ok(serialize.config_element(touched(element, ctx)))


def _address(config: ChannelConfig, address_id: str) -> EmailAddress:
    key = parse_uuid(address_id, "addressId")
    for item in config.email.addresses:
        if item.id == key:
            return item
    raise not_found(f"This channel has no e-mail address {key}.")


def _check_unique_address(config: ChannelConfig, address: str, except_id: str = "") -> None:
    for item in config.email.addresses:
        if item.address.lower() == address.lower() and item.id != except_id:
            raise conflict(f"{address} is already in this channel's e-mail configuration.")


@route("POST", *both_forms(BASE + "/email"))
def add_email(ctx: Ctx, channel_id: str) -> Reply:
    config, _ = config_of(ctx, channel_id)
    address = parse_address(ctx)
    _check_unique_address(config, address)
    config.email.addresses.append(EmailAddress(new_id(), address, ctx.now, ctx.now))
    return ok(serialize.config_element(touched(config.email, ctx)))


@route("DELETE", *both_forms(BASE + "/email/<address_id>"))
def delete_email(ctx: Ctx, channel_id: str, address_id: str) -> Reply:
    config, _ = config_of(ctx, channel_id)
    item = _address(config, address_id)
    config.email.addresses.remove(item)
    touched(config.email, ctx)
    return empty(200)


@route("PUT", *both_forms(BASE + "/email/<address_id>"))
def update_email(ctx: Ctx, channel_id: str, address_id: str) -> Reply:
    config, _ = config_of(ctx, channel_id)
    item = _address(config, address_id)
    address = parse_address(ctx)
    _check_unique_address(config, address, except_id=item.id)
    item.address, item.updated = address, ctx.now
    return ok(serialize.config_element(touched(config.email, ctx)))


def _event_endpoint(config: ChannelConfig, endpoint_id: str) -> Endpoint:
    key = parse_uuid(endpoint_id, "eventwebhookId")
    current = config.event_webhook.endpoint
    if current is not None and key in (
        current.id,
        current.channels_one_id,
        config.event_webhook.id,
    ):
        return current
    raise not_found(f"This channel has no event webhook {key}.")


@route("POST", *both_forms(BASE + "/eventwebhook"))
def add_event_webhook(ctx: Ctx, channel_id: str) -> Reply:
    config, _ = config_of(ctx, channel_id)
    method, url, kind = parse_endpoint(ctx, EVENT_METHODS, EVENT_TYPES)
    config.event_webhook.endpoint = Endpoint(
        new_id(), method, url, kind, ctx.now, ctx.now, channels_one_id=new_id()
    )
    return ok(serialize.config_element(touched(config.event_webhook, ctx)))


@route("DELETE", *both_forms(BASE + "/eventwebhook/<eventwebhook_id>"))
def delete_event_webhook(ctx: Ctx, channel_id: str, eventwebhook_id: str) -> Reply:
    config, _ = config_of(ctx, channel_id)
    _event_endpoint(config, eventwebhook_id)
    config.event_webhook.endpoint = None
    touched(config.event_webhook, ctx)
    return empty(200)


@route("PUT", *both_forms(BASE + "/eventwebhook/<eventwebhook_id>"))
def update_event_webhook(ctx: Ctx, channel_id: str, eventwebhook_id: str) -> Reply:
    config, _ = config_of(ctx, channel_id)
    current = _event_endpoint(config, eventwebhook_id)
    current.method, current.url, current.type = parse_endpoint(ctx, EVENT_METHODS, EVENT_TYPES)
    current.updated = ctx.now
    return ok(serialize.config_element(touched(config.event_webhook, ctx)))


@route("POST", *both_forms(BASE + "/messaginglog"))
def update_messaging_log(ctx: Ctx, channel_id: str) -> Reply:
    config, _ = config_of(ctx, channel_id)
    data = ctx.body_object()
    if not has_field(data, "enabled"):
        raise bad_request('The body needs enabled: {"enabled": true} or {"enabled": false}.')
    config.messaging_log.enabled = parse_bool(field(data, "enabled"), "enabled")
    return ok(serialize.config_element(touched(config.messaging_log, ctx)))


def _webhook_endpoint(config: ChannelConfig, webhook_id: str) -> Endpoint:
    key = parse_uuid(webhook_id, "webhookId")
    for item in config.webhook.endpoints:
        if item.id == key:
            return item
    raise not_found(f"This channel has no webhook {key}.")


@route("POST", *both_forms(BASE + "/webhook"))
def add_webhook(ctx: Ctx, channel_id: str) -> Reply:
    config, _ = config_of(ctx, channel_id)
    method, url, kind = parse_endpoint(ctx, WEBHOOK_METHODS, WEBHOOK_TYPES)
    config.webhook.endpoints.append(Endpoint(new_id(), method, url, kind, ctx.now, ctx.now))
    return ok(serialize.config_element(touched(config.webhook, ctx)))


@route("DELETE", *both_forms(BASE + "/webhook/<webhook_id>"))
def delete_webhook(ctx: Ctx, channel_id: str, webhook_id: str) -> Reply:
    config, _ = config_of(ctx, channel_id)
    config.webhook.endpoints.remove(_webhook_endpoint(config, webhook_id))
    touched(config.webhook, ctx)
    return empty(200)


@route("PUT", *both_forms(BASE + "/webhook/<webhook_id>"))
def update_webhook(ctx: Ctx, channel_id: str, webhook_id: str) -> Reply:
    config, _ = config_of(ctx, channel_id)
    current = _webhook_endpoint(config, webhook_id)
    current.method, current.url, current.type = parse_endpoint(ctx, WEBHOOK_METHODS, WEBHOOK_TYPES)
    current.updated = ctx.now
    return ok(serialize.config_element(touched(config.webhook, ctx)))
