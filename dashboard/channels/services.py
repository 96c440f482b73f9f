"""Writes of the channels app: request a channel, and every inbound configuration write.

Each function is one upstream write, recorded in the audit trail with what was sent and the
element's state ``before`` and ``after`` (the outcome and CM.com's status come from
``audit.audited``: ok, refused or failed). "Before" is the configuration as the dashboard last
read it (the page the person acted on, from the cache; read afresh when the cache is cold);
"after" is what CM.com answered. Each write drops the cached reads it changed, also when it
failed, because a write that timed out may still have been carried out.

Values are validated by the forms before they get here; the client checks the documented
method and type sets again before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

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
    """Run ``call`` audited; ``sent["after"]`` is filled from the answer before recording.

    ``invalidates`` is the cache prefix the write changes; it is dropped however the write
    ended, since one that timed out may still have been carried out.
    """
    try:
        with (
            upstream.client_for(account) as client,
            audit.audited(actor=actor, account=account, action=action, target=target, sent=sent),
        ):
            result = call(client)
            # audited() records ``sent`` when the block ends, so the answer can still join it.
            sent["after"] = after(result)
        return result
    finally:
        upstream.invalidate(account, invalidates)


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
) -> ApiChannelRequestBase:
    """Request a channel of a type (this may cost money); the costs confirmed are recorded."""
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
    return _write(
        actor=actor,
        account=account,
        action="channel_request.create",
        target=channel_type_id,
        sent=sent,
        call=lambda c: c.channels.request(channel_type_id),
        after=_dump,
        # A new request (and, for some types, a new channel): every channels read is stale.
        invalidates=selectors.CHANNELS,
    )


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
    return _write(
        actor=actor,
        account=account,
        invalidates=selectors.configuration_key(channel_id),
        action="configuration.enable" if enabled else "configuration.disable",
        target=f"{channel_id}/{element}/{configuration_id}",
        sent=sent,
        call=lambda c: c.configuration.set_enabled(channel_id, configuration_id, enabled),
        after=lambda r: {"enabled": r.enabled},
    )


# --- messaging log ---------------------------------------------------------------------------


def messaging_log_set(
    *, actor: Actor, account: CMAccount, channel_id: str, enabled: bool
) -> ApiChannelMessagingLogConfigurationResponse:
    """Turn the channel's messaging log on or off."""
    current = _element(_before(account, channel_id), "messaging-log")
    sent = {
        "channel_id": channel_id,
        "enabled": enabled,
        "before": None if current is None else {"enabled": current.enabled},
    }
    return _write(
        actor=actor,
        account=account,
        invalidates=selectors.configuration_key(channel_id),
        action="messaging_log.set",
        target=f"{channel_id}/messaging-log",
        sent=sent,
        call=lambda c: c.configuration.set_messaging_log(channel_id, enabled),
        after=lambda r: {"enabled": r.enabled},
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
) -> ApiChannelCustomerContactConfigurationResponse:
    """Set where customer contact data is sent (method POST; type Xml or Json)."""
    current = _element(_before(account, channel_id), "customer-contact")
    sent = {
        "channel_id": channel_id,
        "endpoint": {"method": method, "url": url, "type": type},
        "before": None if current is None else [_dump(e) for e in current.endpoints],
    }
    return _write(
        actor=actor,
        account=account,
        invalidates=selectors.configuration_key(channel_id),
        action="customer_contact.set",
        target=f"{channel_id}/customer-contact",
        sent=sent,
        call=lambda c: c.configuration.set_customer_contact(
            channel_id, url=url, type=type, method=method
        ),
        after=lambda r: [_dump(e) for e in r.endpoints],
    )


# --- e-mail addresses ------------------------------------------------------------------------


def email_add(
    *, actor: Actor, account: CMAccount, channel_id: str, address: str
) -> ApiChannelEmailConfigurationResponse:
    """Add an e-mail address that inbound messages are sent to."""
    current = _element(_before(account, channel_id), "email")
    known = {a.id for a in current.addresses} if current is not None else set()
    sent = {"channel_id": channel_id, "address": address, "before": None}

    def added(result: ApiChannelEmailConfigurationResponse) -> Any:
        new = [a for a in result.addresses if a.id not in known] or result.addresses[-1:]
        return _dump(new[0]) if new else None

    return _write(
        actor=actor,
        account=account,
        invalidates=selectors.configuration_key(channel_id),
        action="email.add",
        target=f"{channel_id}/email",
        sent=sent,
        call=lambda c: c.configuration.add_email(channel_id, address),
        after=added,
    )


def email_update(
    *, actor: Actor, account: CMAccount, channel_id: str, address_id: str, address: str
) -> ApiChannelEmailConfigurationResponse:
    """Change one e-mail address."""
    current = _element(_before(account, channel_id), "email")
    sent = {
        "channel_id": channel_id,
        "address_id": address_id,
        "address": address,
        "before": _dump(_find(current.addresses, address_id)) if current else None,
    }
    return _write(
        actor=actor,
        account=account,
        invalidates=selectors.configuration_key(channel_id),
        action="email.update",
        target=f"{channel_id}/email/{address_id}",
        sent=sent,
        call=lambda c: c.configuration.update_email(channel_id, address_id, address),
        after=lambda r: _dump(_find(r.addresses, address_id)),
    )


def email_delete(*, actor: Actor, account: CMAccount, channel_id: str, address_id: str) -> None:
    """Remove one e-mail address."""
    current = _element(_before(account, channel_id), "email")
    sent = {
        "channel_id": channel_id,
        "address_id": address_id,
        "before": _dump(_find(current.addresses, address_id)) if current else None,
    }
    _write(
        actor=actor,
        account=account,
        invalidates=selectors.configuration_key(channel_id),
        action="email.delete",
        target=f"{channel_id}/email/{address_id}",
        sent=sent,
        call=lambda c: c.configuration.delete_email(channel_id, address_id),
        after=lambda _r: None,
    )


# --- webhooks --------------------------------------------------------------------------------


def webhook_add(
    *,
    actor: Actor,
    account: CMAccount,
    channel_id: str,
    url: str,
    method: WebhookMethod,
    type: WebhookType,
) -> ApiChannelWebHookConfigurationResponse:
    """Add an endpoint that inbound messages are sent to."""
    current = _element(_before(account, channel_id), "webhook")
    known = {e.id for e in current.endpoints} if current is not None else set()
    sent = {
        "channel_id": channel_id,
        "endpoint": {"method": method, "url": url, "type": type},
        "before": None,
    }

    def added(result: ApiChannelWebHookConfigurationResponse) -> Any:
        new = [e for e in result.endpoints if e.id not in known] or result.endpoints[-1:]
        return _dump(new[0]) if new else None

    return _write(
        actor=actor,
        account=account,
        invalidates=selectors.configuration_key(channel_id),
        action="webhook.add",
        target=f"{channel_id}/webhook",
        sent=sent,
        call=lambda c: c.configuration.add_webhook(channel_id, url=url, method=method, type=type),
        after=added,
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
    current = _element(_before(account, channel_id), "webhook")
    sent = {
        "channel_id": channel_id,
        "webhook_id": webhook_id,
        "endpoint": {"method": method, "url": url, "type": type},
        "before": _dump(_find(current.endpoints, webhook_id)) if current else None,
    }
    return _write(
        actor=actor,
        account=account,
        invalidates=selectors.configuration_key(channel_id),
        action="webhook.update",
        target=f"{channel_id}/webhook/{webhook_id}",
        sent=sent,
        call=lambda c: c.configuration.update_webhook(
            channel_id, webhook_id, url=url, method=method, type=type
        ),
        after=lambda r: _dump(_find(r.endpoints, webhook_id)),
    )


def webhook_delete(*, actor: Actor, account: CMAccount, channel_id: str, webhook_id: str) -> None:
    """Remove one webhook endpoint."""
    current = _element(_before(account, channel_id), "webhook")
    sent = {
        "channel_id": channel_id,
        "webhook_id": webhook_id,
        "before": _dump(_find(current.endpoints, webhook_id)) if current else None,
    }
    _write(
        actor=actor,
        account=account,
        invalidates=selectors.configuration_key(channel_id),
        action="webhook.delete",
        target=f"{channel_id}/webhook/{webhook_id}",
        sent=sent,
        call=lambda c: c.configuration.delete_webhook(channel_id, webhook_id),
        after=lambda _r: None,
    )


# --- event webhook ---------------------------------------------------------------------------


def _event_endpoint(configuration: ApiChannelConfigurations | None) -> Any:
    element = _element(configuration, "event-webhook")
    return element.endpoint if element is not None else None


def event_webhook_add(
    *, actor: Actor, account: CMAccount, channel_id: str, url: str
) -> ApiChannelEventWebHookConfigurationResponse:
    """Set the endpoint that receives events (always POST, always Json)."""
    before = _event_endpoint(_before(account, channel_id))
    sent = {
        "channel_id": channel_id,
        "endpoint": {"method": "POST", "url": url, "type": "Json"},
        "before": _dump(before),
    }
    return _write(
        actor=actor,
        account=account,
        invalidates=selectors.configuration_key(channel_id),
        action="event_webhook.add",
        target=f"{channel_id}/event-webhook",
        sent=sent,
        call=lambda c: c.configuration.add_event_webhook(channel_id, url=url),
        after=lambda r: _dump(r.endpoint),
    )


def event_webhook_update(
    *, actor: Actor, account: CMAccount, channel_id: str, event_webhook_id: str, url: str
) -> ApiChannelEventWebHookConfigurationResponse:
    """Change the event webhook endpoint."""
    before = _event_endpoint(_before(account, channel_id))
    sent = {
        "channel_id": channel_id,
        "event_webhook_id": event_webhook_id,
        "endpoint": {"method": "POST", "url": url, "type": "Json"},
        "before": _dump(before),
    }
    return _write(
        actor=actor,
        account=account,
        invalidates=selectors.configuration_key(channel_id),
        action="event_webhook.update",
        target=f"{channel_id}/event-webhook/{event_webhook_id}",
        sent=sent,
        call=lambda c: c.configuration.update_event_webhook(channel_id, event_webhook_id, url=url),
        after=lambda r: _dump(r.endpoint),
    )


def event_webhook_delete(
    *, actor: Actor, account: CMAccount, channel_id: str, event_webhook_id: str
) -> None:
    """Remove the event webhook endpoint."""
    before = _event_endpoint(_before(account, channel_id))
    sent = {"channel_id": channel_id, "event_webhook_id": event_webhook_id, "before": _dump(before)}
    _write(
        actor=actor,
        account=account,
        invalidates=selectors.configuration_key(channel_id),
        action="event_webhook.delete",
        target=f"{channel_id}/event-webhook/{event_webhook_id}",
        sent=sent,
        call=lambda c: c.configuration.delete_event_webhook(channel_id, event_webhook_id),
        after=lambda _r: None,
    )
