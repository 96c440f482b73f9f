"""Writes of the channels app: request a channel, and every inbound configuration write.

Each function is one upstream write, recorded in the audit trail with what was sent and the
element's state ``before`` and ``after`` (the outcome and CM.com's status: ok, refused or
failed). "Before" is the configuration as the dashboard last read it (the page the person acted
on, from the cache; read afresh when the cache is cold); "after" is what CM.com answered.

Every write goes through ``upstream.write`` and answers an ``upstream.WriteResult`` (none
raises for CM.com). The POST writes (request a channel, set the messaging log or the customer
contact, add an e-mail address, a webhook or the event webhook) are never repeated by the
client, so when their answer is lost (timeout, 5xx, unreadable) one read finds out whether
they happened. The PUT and DELETE writes are repeated safely by the client (``repeatable``),
and drop the cached reads they changed however they ended, because one that timed out may
have happened.

Values are validated by the forms before they get here; the client checks the documented
method and type sets again before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from django.utils import timezone

from channels_api import fetch_all
from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiChannelConfigurationResponse,
    ApiChannelConfigurations,
    ApiChannelConfigurationsInbound,
    ApiChannelCustomerContactConfigurationResponse,
    ApiChannelEmailAddressResponse,
    ApiChannelEmailConfigurationResponse,
    ApiChannelEventWebHookConfigurationResponse,
    ApiChannelEventWebHookEndpointResponse,
    ApiChannelMessagingLogConfigurationResponse,
    ApiChannelRequestBase,
    ApiChannelWebHookConfigurationResponse,
    ApiChannelWebHookEndpointResponse,
)
from channels_api.resources.configuration import (
    CustomerContactType,
    WebhookMethod,
    WebhookType,
)
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.channels import selectors
from dashboard.channels.wording import say

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Actor = AbstractBaseUser | AnonymousUser | None
    Known = ApiChannelConfigurations | upstream.UpstreamFailure
    """A configuration read: what it answered, or why it failed."""

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


def _configuration_write(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    action: str,
    target: str,
    sent: dict[str, Any],
    call: Callable[[ChannelsClient], T],
    after: Callable[[T], Any],
) -> upstream.WriteResult[T]:
    """A PUT or DELETE of a channel's configuration, audited with ``after(answer)`` as the
    state it left. The client repeats these safely, so a lost answer is not checked; the
    channel's cached configuration is dropped whenever it was sent, since one that timed out
    may still have been carried out."""
    return upstream.write(
        account,
        call,
        invalidates=(selectors.configuration_key(channel_id),),
        repeatable=True,
        audit=upstream.AuditRecord(
            actor=actor, action=action, target=target, sent=sent, after=after
        ),
    )


def _read_element(client: ChannelsClient, channel_id: str, slug: str) -> Any:
    """One element of the channel's inbound configuration as CM.com has it now (or None)."""
    inbound = client.configuration.get_all(channel_id).inbound
    return getattr(inbound, ELEMENT_ATTRIBUTES[slug], None) if inbound is not None else None


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

    return upstream.write(
        account,
        lambda client: client.channels.request(channel_type_id),
        verify=verify,
        what=say("the_channel_request"),
        # A new request (and, for some types, a new channel): every channels read is stale.
        invalidates=(selectors.CHANNELS,),
        audit=upstream.AuditRecord(
            actor=actor,
            action="channel_request.create",
            target=channel_type_id,
            sent=sent,
            after=_dump,
        ),
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
) -> upstream.WriteResult[ApiChannelConfigurationResponse]:
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
        call=lambda client: client.configuration.set_enabled(channel_id, configuration_id, enabled),
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

    return upstream.write(
        account,
        lambda client: client.configuration.set_messaging_log(channel_id, enabled),
        verify=verify,
        what=say("the_messaging_log_setting"),
        invalidates=(selectors.configuration_key(channel_id),),
        audit=upstream.AuditRecord(
            actor=actor,
            action="messaging_log.set",
            target=f"{channel_id}/messaging-log",
            sent=sent,
            after=lambda r: {"enabled": r.enabled},
        ),
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

    return upstream.write(
        account,
        lambda client: client.configuration.set_customer_contact(
            channel_id, url=url, type=type, method=method
        ),
        verify=verify,
        what=say("the_customer_contact_endpoint"),
        invalidates=(selectors.configuration_key(channel_id),),
        audit=upstream.AuditRecord(
            actor=actor,
            action="customer_contact.set",
            target=f"{channel_id}/customer-contact",
            sent=sent,
            after=lambda r: [_dump(e) for e in r.endpoints],
        ),
    )


# --- e-mail addresses, webhooks and the event webhook ----------------------------------------
# One function per client call. They share only small helpers: what each one sends, records
# and checks is spelled out in it, so a search for the client method finds all of it.
#
# ``known`` is the channel's configuration as the caller already read it (the view reads it
# once to refuse an unknown item); without it the cached read is taken. It is only the
# ``before`` of the audit record, and which items were there before an add.


def _inbound_before(
    account: CMAccount, channel_id: str, known: Known | None
) -> ApiChannelConfigurationsInbound:
    """The inbound configuration as last read; empty when it cannot be read (nothing known)."""
    found = selectors.configuration(account, channel_id) if known is None else known
    if upstream.is_failure(found) or found.inbound is None:
        return ApiChannelConfigurationsInbound()
    return found.inbound


def _inbound_now(client: ChannelsClient, channel_id: str) -> ApiChannelConfigurationsInbound:
    """The inbound configuration as CM.com has it now (a check of a lost answer)."""
    return client.configuration.get_all(channel_id).inbound or ApiChannelConfigurationsInbound()


def _addresses(
    element: ApiChannelEmailConfigurationResponse | None,
) -> list[ApiChannelEmailAddressResponse]:
    return list(element.addresses) if element is not None else []


def _endpoints(
    element: ApiChannelWebHookConfigurationResponse | None,
) -> list[ApiChannelWebHookEndpointResponse]:
    return list(element.endpoints) if element is not None else []


def _event_endpoint(
    element: ApiChannelEventWebHookConfigurationResponse | None,
) -> ApiChannelEventWebHookEndpointResponse | None:
    return element.endpoint if element is not None else None


def _added(items: list[Any], had: set[str | None]) -> Any:
    """The item an add made: the one that was not there before (CM.com answers the list)."""
    new = [item for item in items if item.id not in had] or items[-1:]
    return new[0] if new else None


def _endpoint_sent(method: str, url: str, type: str) -> dict[str, Any]:
    return {"endpoint": {"method": method, "url": url, "type": type}}


def email_add(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    address: str,
    known: Known | None = None,
) -> upstream.WriteResult[ApiChannelEmailConfigurationResponse]:
    """Add an e-mail address that inbound messages are sent to.

    The result's value is the e-mail configuration as CM.com has it now (answered, or found by
    the check of a lost answer: the address, in any case, among those that were not there).
    """
    had = {item.id for item in _addresses(_inbound_before(account, channel_id, known).email)}

    def verify(client: ChannelsClient) -> ApiChannelEmailConfigurationResponse | None:
        found = _inbound_now(client, channel_id).email
        new = [
            item
            for item in _addresses(found)
            if item.id not in had and (item.address or "").casefold() == address.casefold()
        ]
        return found if new else None

    return upstream.write(
        account,
        lambda client: client.configuration.add_email(channel_id, address=address),
        verify=verify,
        what=say("the_email_address"),
        invalidates=(selectors.configuration_key(channel_id),),
        audit=upstream.AuditRecord(
            actor=actor,
            action="email.add",
            target=f"{channel_id}/email",
            sent={"channel_id": channel_id, "address": address, "before": None},
            after=lambda result: _dump(_added(result.addresses, had)),
        ),
    )


def email_update(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    address_id: str,
    address: str,
    known: Known | None = None,
) -> upstream.WriteResult[ApiChannelEmailConfigurationResponse]:
    """Change one e-mail address."""
    before = _find(_addresses(_inbound_before(account, channel_id, known).email), address_id)
    return _configuration_write(
        actor=actor,
        account=account,
        channel_id=channel_id,
        action="email.update",
        target=f"{channel_id}/email/{address_id}",
        sent={
            "channel_id": channel_id,
            "address_id": address_id,
            "address": address,
            "before": _dump(before),
        },
        call=lambda client: client.configuration.update_email(
            channel_id, address_id, address=address
        ),
        after=lambda result: _dump(_find(result.addresses, address_id)),
    )


def email_delete(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    address_id: str,
    known: Known | None = None,
) -> upstream.WriteResult[None]:
    """Remove one e-mail address."""
    before = _find(_addresses(_inbound_before(account, channel_id, known).email), address_id)
    return _configuration_write(
        actor=actor,
        account=account,
        channel_id=channel_id,
        action="email.delete",
        target=f"{channel_id}/email/{address_id}",
        sent={"channel_id": channel_id, "address_id": address_id, "before": _dump(before)},
        call=lambda client: client.configuration.delete_email(channel_id, address_id),
        after=lambda _result: None,
    )


def webhook_add(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    url: str,
    method: WebhookMethod,
    type: WebhookType,
    known: Known | None = None,
) -> upstream.WriteResult[ApiChannelWebHookConfigurationResponse]:
    """Add an endpoint that inbound messages are sent to.

    A lost answer is checked for an endpoint with this URL, method and type that was not there.
    """
    had = {item.id for item in _endpoints(_inbound_before(account, channel_id, known).webhook)}

    def verify(client: ChannelsClient) -> ApiChannelWebHookConfigurationResponse | None:
        found = _inbound_now(client, channel_id).webhook
        new = [
            item
            for item in _endpoints(found)
            if item.id not in had
            and item.url == url
            and (item.method or "").upper() == method.upper()
            and (item.type or "").lower() == type.lower()
        ]
        return found if new else None

    return upstream.write(
        account,
        lambda client: client.configuration.add_webhook(
            channel_id, url=url, method=method, type=type
        ),
        verify=verify,
        what=say("the_webhook"),
        invalidates=(selectors.configuration_key(channel_id),),
        audit=upstream.AuditRecord(
            actor=actor,
            action="webhook.add",
            target=f"{channel_id}/webhook",
            sent={"channel_id": channel_id, **_endpoint_sent(method, url, type), "before": None},
            after=lambda result: _dump(_added(result.endpoints, had)),
        ),
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
    known: Known | None = None,
) -> upstream.WriteResult[ApiChannelWebHookConfigurationResponse]:
    """Change one webhook endpoint."""
    before = _find(_endpoints(_inbound_before(account, channel_id, known).webhook), webhook_id)
    return _configuration_write(
        actor=actor,
        account=account,
        channel_id=channel_id,
        action="webhook.update",
        target=f"{channel_id}/webhook/{webhook_id}",
        sent={
            "channel_id": channel_id,
            "webhook_id": webhook_id,
            **_endpoint_sent(method, url, type),
            "before": _dump(before),
        },
        call=lambda client: client.configuration.update_webhook(
            channel_id, webhook_id, url=url, method=method, type=type
        ),
        after=lambda result: _dump(_find(result.endpoints, webhook_id)),
    )


def webhook_delete(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    webhook_id: str,
    known: Known | None = None,
) -> upstream.WriteResult[None]:
    """Remove one webhook endpoint."""
    before = _find(_endpoints(_inbound_before(account, channel_id, known).webhook), webhook_id)
    return _configuration_write(
        actor=actor,
        account=account,
        channel_id=channel_id,
        action="webhook.delete",
        target=f"{channel_id}/webhook/{webhook_id}",
        sent={"channel_id": channel_id, "webhook_id": webhook_id, "before": _dump(before)},
        call=lambda client: client.configuration.delete_webhook(channel_id, webhook_id),
        after=lambda _result: None,
    )


# The event webhook is one endpoint at most: every write replaces it, so its ``before`` is the
# endpoint that was there, whatever its id. The API takes only the URL: always POST and Json.


def event_webhook_add(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    url: str,
    known: Known | None = None,
) -> upstream.WriteResult[ApiChannelEventWebHookConfigurationResponse]:
    """Set the endpoint that receives events (always POST, always Json).

    A lost answer is checked for an event webhook with this URL.
    """
    before = _event_endpoint(_inbound_before(account, channel_id, known).event_webhook)

    def verify(client: ChannelsClient) -> ApiChannelEventWebHookConfigurationResponse | None:
        found = _inbound_now(client, channel_id).event_webhook
        endpoint = _event_endpoint(found)
        return found if endpoint is not None and endpoint.url == url else None

    return upstream.write(
        account,
        lambda client: client.configuration.add_event_webhook(channel_id, url=url),
        verify=verify,
        what=say("the_event_webhook"),
        invalidates=(selectors.configuration_key(channel_id),),
        audit=upstream.AuditRecord(
            actor=actor,
            action="event_webhook.add",
            target=f"{channel_id}/event-webhook",
            sent={
                "channel_id": channel_id,
                **_endpoint_sent("POST", url, "Json"),
                "before": _dump(before),
            },
            after=lambda result: _dump(result.endpoint),
        ),
    )


def event_webhook_update(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    event_webhook_id: str,
    url: str,
    known: Known | None = None,
) -> upstream.WriteResult[ApiChannelEventWebHookConfigurationResponse]:
    """Change the event webhook endpoint."""
    before = _event_endpoint(_inbound_before(account, channel_id, known).event_webhook)
    return _configuration_write(
        actor=actor,
        account=account,
        channel_id=channel_id,
        action="event_webhook.update",
        target=f"{channel_id}/event-webhook/{event_webhook_id}",
        sent={
            "channel_id": channel_id,
            "event_webhook_id": event_webhook_id,
            **_endpoint_sent("POST", url, "Json"),
            "before": _dump(before),
        },
        call=lambda client: client.configuration.update_event_webhook(
            channel_id, event_webhook_id, url=url
        ),
        after=lambda result: _dump(result.endpoint),
    )


def event_webhook_delete(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    event_webhook_id: str,
    known: Known | None = None,
) -> upstream.WriteResult[None]:
    """Remove the event webhook endpoint."""
    before = _event_endpoint(_inbound_before(account, channel_id, known).event_webhook)
    return _configuration_write(
        actor=actor,
        account=account,
        channel_id=channel_id,
        action="event_webhook.delete",
        target=f"{channel_id}/event-webhook/{event_webhook_id}",
        sent={
            "channel_id": channel_id,
            "event_webhook_id": event_webhook_id,
            "before": _dump(before),
        },
        call=lambda client: client.configuration.delete_event_webhook(channel_id, event_webhook_id),
        after=lambda _result: None,
    )
