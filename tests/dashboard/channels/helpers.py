"""What the channels tests share: seeded ids found through the client, and the request log.

The sandbox seeds the same ids for an account after every reset, so a channel found once (one
whose configuration has an e-mail address, a webhook and an event webhook) serves every test.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dashboard.accounts.models import CMAccount
from dashboard.upstream import client_for


@dataclass(frozen=True)
class Seeded:
    """Ids of one sandbox account's seeded data, for URLs."""

    channel_id: str
    address_id: str
    address: str
    webhook_id: str
    webhook_url: str
    event_webhook_id: str
    event_webhook_url: str
    configuration_ids: dict[str, str]
    """Element slug (``webhook``, ``messaging-log``…) → its configuration id."""
    live_whatsapp_request_id: str
    pending_whatsapp_request_id: str
    pending_sms_request_id: str
    whatsapp_type_id: str
    sms_type_id: str


_SLUGS = {
    "messaging_log": "messaging-log",
    "customer_contact": "customer-contact",
    "email": "email",
    "webhook": "webhook",
    "event_webhook": "event-webhook",
}


@functools.cache
def _seeded(account_id: str, base_url: str) -> Seeded:
    account = CMAccount.objects.get(account_id=account_id)
    with client_for(account) as client:
        types = client.channels.list_types()
        by_name = {t.description: t.id for t in types}
        requests = client.channels.list_requests()
        whatsapp = [r for r in requests if r.channel_type_id == by_name["WhatsApp"]]
        sms = [r for r in requests if r.channel_type_id == by_name["SMS"]]
        for channel in client.channels.list().available.channels():
            config = client.configuration.get_all(channel.id)
            inbound = config.inbound
            if (
                inbound.email.addresses
                and inbound.webhook.endpoints
                and inbound.event_webhook.endpoint
            ):
                break
        else:  # pragma: no cover - the seed always has one
            raise AssertionError("no seeded channel has every kind of configuration item")
    return Seeded(
        channel_id=str(channel.id),
        address_id=inbound.email.addresses[0].id,
        address=inbound.email.addresses[0].address,
        webhook_id=inbound.webhook.endpoints[0].id,
        webhook_url=inbound.webhook.endpoints[0].url,
        event_webhook_id=inbound.event_webhook.endpoint.id,
        event_webhook_url=inbound.event_webhook.endpoint.url,
        configuration_ids={
            slug: getattr(inbound, attribute).id for attribute, slug in _SLUGS.items()
        },
        live_whatsapp_request_id=next(r.id for r in whatsapp if r.is_active),
        pending_whatsapp_request_id=next(r.id for r in whatsapp if r.is_pending),
        pending_sms_request_id=next(r.id for r in sms if r.is_pending),
        whatsapp_type_id=by_name["WhatsApp"],
        sms_type_id=by_name["SMS"],
    )


def seeded(account: CMAccount) -> Seeded:
    """The seeded ids of this account (read once per process)."""
    return _seeded(str(account.account_id), account.base_url)


def api_calls(sandbox: Any, method: str | None = None) -> list[str]:
    """The sandbox's log as ``"GET /channels"``-style lines (account prefix dropped)."""
    calls = []
    for entry in sandbox.log():
        if method is not None and entry["method"] != method:
            continue
        path = entry["path"].removeprefix("/channels/v1")
        path = "/" + path.split("/", 3)[3] if path.startswith("/accounts/") else path
        calls.append(f"{entry['method']} {path}")
    return calls


def htmx(**extra: str) -> dict[str, str]:
    """Headers of an htmx request."""
    return {"HX-Request": "true", **extra}


def in_one_round(entries: list[dict[str, Any]]) -> bool:
    """Whether these logged calls were all under way at one moment: every one started before
    any of them had finished (the sandbox logs each call's start and its duration).

    Only meaningful with a sandbox latency well above the time a page takes to send its calls,
    so that a call started after another one's answer cannot overlap it by chance.
    """
    spans = []
    for entry in entries:
        start = datetime.strptime(entry["time"], "%Y-%m-%dT%H:%M:%S.%fZ")
        spans.append((start, start + timedelta(milliseconds=entry["duration_ms"])))
    return bool(spans) and max(s for s, _ in spans) < min(e for _, e in spans)
