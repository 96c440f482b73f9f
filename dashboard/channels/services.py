"""Writes of the channels app: request a channel, and every inbound configuration write.

Each function is one upstream write, recorded in the audit trail with what was sent and the
element's state ``before`` and ``after`` (the outcome and CM.com's status: ok, refused or
failed). "Before" is the configuration as the dashboard last read it (the page the person acted
on, from the cache; read afresh when the cache is cold); "after" is what CM.com answered.

The POST writes (request a channel, set the messaging log or the customer contact, add an
e-mail address, a webhook or the event webhook) go through ``upstream.write``: the client never
repeats a POST, so when its answer is lost (timeout, 5xx, unreadable) one read finds out
whether it happened, and they answer an ``upstream.WriteResult`` instead of raising. The PUT
and DELETE writes raise the client's error; the client repeats them safely, and they drop the
cached reads they changed however they ended, because one that timed out may have happened.

Values are validated by the forms before they get here; the client checks the documented
method and type sets again before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils import timezone

from channels_api import fetch_all
from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiChannelConfigurationResponse,
    ApiChannelConfigurations,
    ApiChannelCustomerContactConfigurationResponse,
    ApiChannelEmailConfigurationResponse,
    ApiChannelEventWebHookConfigurationResponse,
    ApiChannelMessagingLogConfigurationResponse,
    ApiChannelRequestBase,
    ApiChannelWebHookConfigurationResponse,
)
from channels_api.resources.configuration import (
    CustomerContactType,
    WebhookMethod,
    WebhookType,
)
from dashboard import audit
from dashboard.accounts.models import CMAccount
from dashboard.channels import selectors
from dashboard.core import upstream

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Actor = AbstractBaseUser | AnonymousUser | None

T = TypeVar("T")

ELEMENT_ATTRIBUTES = {
    "messaging-log": "messaging_log",
    "customer-contact": "customer_contact",
    "email": "email",
    "webhook": "webhook",
    "event-webhook": "event_webhook",
}
"""URL slug of a configuration element → its attribute on ``ApiChannelConfigurationsInbound``."""


def _dump(model: Any) -> Any:
    """A model as JSON-ready data for the audit trail (None stays None)."""
    if model is None:
        return None
    return model.model_dump(mode="json", exclude_none=True)


def _before(account: CMAccount, channel_id: str) -> ApiChannelConfigurations | None:
    """The channel's configuration as last read, or None when it cannot be read now."""
    found = selectors.configuration(account, channel_id)
    return None if upstream.is_failure(found) else found


def _element(configuration: ApiChannelConfigurations | None, slug: str) -> Any:
    if configuration is None or configuration.inbound is None:
        return None
    return getattr(configuration.inbound, ELEMENT_ATTRIBUTES[slug], None)


def _find(items: list[Any], item_id: str) -> Any:
    return next((item for item in items if item.id == item_id), None)


def _write(
    *,
    actor: Actor,
    account: CMAccount,
    action: str,
    target: str,
    sent: dict[str, Any],
    call: Callable[[ChannelsClient], T],
    after: Callable[[T], Any],
    invalidates: str,
) -> T:
    """Run ``call`` audited, recording ``after(answer)`` as the state the write left.

    ``invalidates`` is the cache prefix the write changes; it is dropped however the write
    ended, since one that timed out may still have been carried out.
    """
    try:
        with (
            upstream.client_for(account) as client,
            audit.audited(
                actor=actor, account=account, action=action, target=target, sent=sent
            ) as recorded,
        ):
            result = call(client)
            recorded["after"] = after(result)
        return result
    finally:
        upstream.invalidate(account, invalidates)


def _read_element(client: ChannelsClient, channel_id: str, slug: str) -> Any:
    """One element of the channel's inbound configuration as CM.com has it now (or None)."""
    inbound = client.configuration.get_all(channel_id).inbound
    return getattr(inbound, ELEMENT_ATTRIBUTES[slug], None) if inbound is not None else None


def _configuration_write(*, channel_id: str, **write: Any) -> Any:
    """A write to a channel's configuration: it drops that channel's cached configuration."""
    return _write(invalidates=selectors.configuration_key(channel_id), **write)


# --- channel requests ------------------------------------------------------------------------


def channel_request_create(
    *,
    actor: Actor,
    account: CMAccount,
    channel_type_id: str,
    type_name: str,
    startup_cost: Decimal | None,
    monthly_cost: Decimal | None,
    currency: str | None,
) -> upstream.WriteResult[ApiChannelRequestBase]:
    """Request a channel of a type (this may cost money); the costs confirmed are recorded.

    A lost answer is checked against the requests of the type CM.com has now.
    """
    sent: dict[str, Any] = {
        "channel_type_id": channel_type_id,
        "type": type_name,
        "confirmed_costs": {
            "startup": None if startup_cost is None else str(startup_cost),
            "monthly": None if monthly_cost is None else str(monthly_cost),
            "currency": currency,
        },
        "before": None,
    }
    sent_at = timezone.now()

    def verify(client: ChannelsClient) -> ApiChannelRequestBase | None:
        return _request_made_since(client, channel_type_id, sent_at)

    return upstream.audited_write(
        actor=actor,
        account=account,
        action="channel_request.create",
        target=channel_type_id,
        sent=sent,
        call=lambda c: c.channels.request(channel_type_id),
        verify=verify,
        what="the channel request",
        after=_dump,
        # A new request (and, for some types, a new channel): every channels read is stale.
        invalidates=(selectors.CHANNELS,),
    )


# How far CM.com's clock may be behind ours and still date a request "since we sent it".
CLOCK_SKEW = timedelta(minutes=2)


def _request_made_since(
    client: ChannelsClient, channel_type_id: str, sent_at: datetime
) -> ApiChannelRequestBase | None:
    """The newest request of the type CM.com dates from about ``sent_at`` on, or None.

    The API has no idempotency key, so a request of the same type created within the clock
    skew before counts too: that is the duplicate the person must not make by sending again.
    """
    since = sent_at - CLOCK_SKEW
    made = [
        request
        for request in fetch_all(client.channels.list_requests, channel_type_id=channel_type_id)
        if request.created_on_utc is not None and request.created_on_utc >= since
    ]
    return max(made, key=lambda r: r.created_on_utc or since) if made else None


# --- any element -----------------------------------------------------------------------------


def configuration_set_enabled(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    element: str,
    configuration_id: str,
    enabled: bool,
) -> ApiChannelConfigurationResponse:
    """Switch one configuration element on or off."""
    current = _element(_before(account, channel_id), element)
    sent = {
        "channel_id": channel_id,
        "element": element,
        "configuration_id": configuration_id,
        "enabled": enabled,
        "before": None if current is None else {"enabled": current.enabled},
    }
    return _configuration_write(
        actor=actor,
        account=account,
        channel_id=channel_id,
        action="configuration.enable" if enabled else "configuration.disable",
        target=f"{channel_id}/{element}/{configuration_id}",
        sent=sent,
        call=lambda c: c.configuration.set_enabled(channel_id, configuration_id, enabled),
        after=lambda r: {"enabled": r.enabled},
    )


# --- messaging log ---------------------------------------------------------------------------


def messaging_log_set(
    *, actor: Actor, account: CMAccount, channel_id: str, enabled: bool
) -> upstream.WriteResult[ApiChannelMessagingLogConfigurationResponse]:
    """Turn the channel's messaging log on or off."""
    current = _element(_before(account, channel_id), "messaging-log")
    sent = {
        "channel_id": channel_id,
        "enabled": enabled,
        "before": None if current is None else {"enabled": current.enabled},
    }

    def verify(client: ChannelsClient) -> ApiChannelMessagingLogConfigurationResponse | None:
        found = _read_element(client, channel_id, "messaging-log")
        return found if found is not None and found.enabled == enabled else None

    return upstream.audited_write(
        actor=actor,
        account=account,
        action="messaging_log.set",
        target=f"{channel_id}/messaging-log",
        sent=sent,
        call=lambda c: c.configuration.set_messaging_log(channel_id, enabled),
        verify=verify,
        what="the messaging log setting",
        after=lambda r: {"enabled": r.enabled},
        invalidates=(selectors.configuration_key(channel_id),),
    )


# --- customer contact ------------------------------------------------------------------------


def customer_contact_set(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    url: str,
    type: CustomerContactType,
    method: str = "POST",
) -> upstream.WriteResult[ApiChannelCustomerContactConfigurationResponse]:
    """Set where customer contact data is sent (method POST; type Xml or Json)."""
    current = _element(_before(account, channel_id), "customer-contact")
    sent = {
        "channel_id": channel_id,
        "endpoint": {"method": method, "url": url, "type": type},
        "before": None if current is None else [_dump(e) for e in current.endpoints],
    }

    def verify(client: ChannelsClient) -> ApiChannelCustomerContactConfigurationResponse | None:
        found = _read_element(client, channel_id, "customer-contact")
        endpoints = found.endpoints if found is not None else []
        # It holds one endpoint: the write happened when that one is what was sent.
        matches = any(e.url == url and (e.type or "").lower() == type.lower() for e in endpoints)
        return found if matches else None

    return upstream.audited_write(
        actor=actor,
        account=account,
        action="customer_contact.set",
        target=f"{channel_id}/customer-contact",
        sent=sent,
        call=lambda c: c.configuration.set_customer_contact(
            channel_id, url=url, type=type, method=method
        ),
        verify=verify,
        what="the customer contact endpoint",
        after=lambda r: [_dump(e) for e in r.endpoints],
        invalidates=(selectors.configuration_key(channel_id),),
    )


# --- e-mail addresses, webhooks and the event webhook: items ---------------------------------


def _list(attribute: str) -> Callable[[Any], list[Any]]:
    """The items of a list element (``addresses``, ``endpoints``); none when it is missing."""
    return lambda element: list(getattr(element, attribute, None) or [])


def _one_endpoint(element: Any) -> list[Any]:
    endpoint = getattr(element, "endpoint", None) if element is not None else None
    return [endpoint] if endpoint is not None else []


def _endpoint_sent(values: Mapping[str, Any]) -> dict[str, Any]:
    return {"endpoint": {"method": values["method"], "url": values["url"], "type": values["type"]}}


@dataclass(frozen=True)
class ItemWrite:
    """How one kind of configuration item is written and recorded in the audit trail."""

    slug: str
    """The element's slug: also the audit target's segment (``<channel>/<slug>/<id>``)."""
    name: str
    """Audit action prefix (``<name>.add``) and the client's method suffix (``add_<name>``)."""
    id_key: str
    """What the item id is called in the audit record and in the client call."""
    fields: tuple[str, ...]
    """The values the client call takes (besides the ids)."""
    items: Callable[[Any], list[Any]]
    sent: Callable[[Mapping[str, Any]], dict[str, Any]]
    """What the audit record says was sent."""
    single: bool = False
    """One item at most: every write replaces it, so its ``before`` is that item, whatever id."""
    matches: Callable[[Any, Mapping[str, Any]], bool] = lambda item, values: False
    """Whether an item is the one these values add (how a check finds an add that happened)."""

    def before(self, element: Any, item_id: str | None) -> Any:
        """The item as it was, for the audit record (None when it cannot be known)."""
        items = self.items(element)
        if self.single:
            return _dump(items[0]) if items else None
        if item_id is None or element is None:
            # An add: nothing was there before.
            return None
        return _dump(_find(items, item_id))


ITEM_WRITES: dict[str, ItemWrite] = {
    spec.slug: spec
    for spec in (
        ItemWrite(
            slug="email",
            name="email",
            id_key="address_id",
            fields=("address",),
            items=_list("addresses"),
            sent=lambda v: {"address": v["address"]},
            matches=lambda item, v: (item.address or "").casefold() == v["address"].casefold(),
        ),
        ItemWrite(
            slug="webhook",
            name="webhook",
            id_key="webhook_id",
            fields=("url", "method", "type"),
            items=_list("endpoints"),
            sent=_endpoint_sent,
            matches=lambda item, v: (
                item.url == v["url"]
                and (item.method or "").upper() == str(v["method"]).upper()
                and (item.type or "").lower() == str(v["type"]).lower()
            ),
        ),
        ItemWrite(
            slug="event-webhook",
            name="event_webhook",
            id_key="event_webhook_id",
            fields=("url",),
            items=_one_endpoint,
            # The API takes only the URL: an event webhook is always POST and Json.
            sent=lambda v: _endpoint_sent({"method": "POST", "url": v["url"], "type": "Json"}),
            single=True,
            matches=lambda item, v: item.url == v["url"],
        ),
    )
}
"""Element slug → how its items are written. Values are validated by the forms first."""


def _item_write(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    element: str,
    operation: str,
    item_id: str | None,
    values: Mapping[str, Any] | None,
) -> Any:
    """One add, update or delete of an item, audited with the item before and after."""
    spec = ITEM_WRITES[element]
    current = _element(_before(account, channel_id), element)
    ids = {} if item_id is None else {spec.id_key: item_id}
    sent: dict[str, Any] = {
        "channel_id": channel_id,
        **ids,
        **(spec.sent(values) if values is not None else {}),
        "before": spec.before(current, item_id),
    }
    arguments = {name: values[name] for name in spec.fields} if values is not None else {}
    known = {item.id for item in spec.items(current)}

    def after(result: Any) -> Any:
        if operation == "delete":
            return None
        items = spec.items(result)
        if spec.single:
            return _dump(items[0]) if items else None
        if operation == "update":
            return _dump(_find(items, item_id or ""))
        # An add: the item that was not there before (CM.com answers the whole list).
        new = [item for item in items if item.id not in known] or items[-1:]
        return _dump(new[0]) if new else None

    def call(client: ChannelsClient) -> Any:
        method = getattr(client.configuration, f"{operation}_{spec.name}")
        return method(channel_id, *([item_id] if item_id is not None else []), **arguments)

    if operation == "add" and values is not None:

        def verify(client: ChannelsClient) -> Any:
            found = _read_element(client, channel_id, element)
            new = [item for item in spec.items(found) if spec.matches(item, values)]
            if not spec.single:
                # An item with these values that was there before is not this add.
                new = [item for item in new if item.id not in known]
            return found if new else None

        return upstream.audited_write(
            actor=actor,
            account=account,
            action=f"{spec.name}.add",
            target=f"{channel_id}/{spec.slug}",
            sent=sent,
            call=call,
            verify=verify,
            what=f"the {_NOUNS[element]}",
            after=after,
            invalidates=(selectors.configuration_key(channel_id),),
        )
    return _configuration_write(
        actor=actor,
        account=account,
        channel_id=channel_id,
        action=f"{spec.name}.{operation}",
        target=f"{channel_id}/{spec.slug}" + (f"/{item_id}" if item_id is not None else ""),
        sent=sent,
        call=call,
        after=after,
    )


_NOUNS = {"email": "e-mail address", "webhook": "webhook", "event-webhook": "event webhook"}
"""What a check's words call the item an add makes."""


def item_add(
    *, actor: Actor, account: CMAccount, channel_id: str, element: str, values: Mapping[str, Any]
) -> upstream.WriteResult[Any]:
    """Add an e-mail address or a webhook endpoint, or set the event webhook endpoint.

    ``values`` is the form's cleaned data; only what the element's call takes is sent.
    The result's value is the element as CM.com has it now (answered, or found by the check).
    """
    return _item_write(
        actor=actor,
        account=account,
        channel_id=channel_id,
        element=element,
        operation="add",
        item_id=None,
        values=values,
    )


def item_update(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    element: str,
    item_id: str,
    values: Mapping[str, Any],
) -> Any:
    """Change one item of an element; answers the element as CM.com has it now."""
    return _item_write(
        actor=actor,
        account=account,
        channel_id=channel_id,
        element=element,
        operation="update",
        item_id=item_id,
        values=values,
    )


def item_delete(
    *, actor: Actor, account: CMAccount, channel_id: str, element: str, item_id: str
) -> None:
    """Remove one item of an element."""
    _item_write(
        actor=actor,
        account=account,
        channel_id=channel_id,
        element=element,
        operation="delete",
        item_id=item_id,
        values=None,
    )


# --- the typed writes, one per element and operation -------------------------------------------
# Thin wrappers over the three generic writes: callers (and the tests) name the write and its
# typed values; the spec in ITEM_WRITES decides what is sent and recorded.


def email_add(
    *, actor: Actor, account: CMAccount, channel_id: str, address: str
) -> upstream.WriteResult[ApiChannelEmailConfigurationResponse]:
    """Add an e-mail address that inbound messages are sent to."""
    return item_add(
        actor=actor,
        account=account,
        channel_id=channel_id,
        element="email",
        values={"address": address},
    )


def email_update(
    *, actor: Actor, account: CMAccount, channel_id: str, address_id: str, address: str
) -> ApiChannelEmailConfigurationResponse:
    """Change one e-mail address."""
    return item_update(
        actor=actor,
        account=account,
        channel_id=channel_id,
        element="email",
        item_id=address_id,
        values={"address": address},
    )


def email_delete(*, actor: Actor, account: CMAccount, channel_id: str, address_id: str) -> None:
    """Remove one e-mail address."""
    item_delete(
        actor=actor, account=account, channel_id=channel_id, element="email", item_id=address_id
    )


def webhook_add(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    url: str,
    method: WebhookMethod,
    type: WebhookType,
) -> upstream.WriteResult[ApiChannelWebHookConfigurationResponse]:
    """Add an endpoint that inbound messages are sent to."""
    return item_add(
        actor=actor,
        account=account,
        channel_id=channel_id,
        element="webhook",
        values={"url": url, "method": method, "type": type},
    )


def webhook_update(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    webhook_id: str,
    url: str,
    method: WebhookMethod,
    type: WebhookType,
) -> ApiChannelWebHookConfigurationResponse:
    """Change one webhook endpoint."""
    return item_update(
        actor=actor,
        account=account,
        channel_id=channel_id,
        element="webhook",
        item_id=webhook_id,
        values={"url": url, "method": method, "type": type},
    )


def webhook_delete(*, actor: Actor, account: CMAccount, channel_id: str, webhook_id: str) -> None:
    """Remove one webhook endpoint."""
    item_delete(
        actor=actor, account=account, channel_id=channel_id, element="webhook", item_id=webhook_id
    )


def event_webhook_add(
    *, actor: Actor, account: CMAccount, channel_id: str, url: str
) -> upstream.WriteResult[ApiChannelEventWebHookConfigurationResponse]:
    """Set the endpoint that receives events (always POST, always Json)."""
    return item_add(
        actor=actor,
        account=account,
        channel_id=channel_id,
        element="event-webhook",
        values={"url": url},
    )


def event_webhook_update(
    *, actor: Actor, account: CMAccount, channel_id: str, event_webhook_id: str, url: str
) -> ApiChannelEventWebHookConfigurationResponse:
    """Change the event webhook endpoint."""
    return item_update(
        actor=actor,
        account=account,
        channel_id=channel_id,
        element="event-webhook",
        item_id=event_webhook_id,
        values={"url": url},
    )


def event_webhook_delete(
    *, actor: Actor, account: CMAccount, channel_id: str, event_webhook_id: str
) -> None:
    """Remove the event webhook endpoint."""
    item_delete(
        actor=actor,
        account=account,
        channel_id=channel_id,
        element="event-webhook",
        item_id=event_webhook_id,
    )
