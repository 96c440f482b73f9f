"""The seeded sandbox ids a page's URL needs, found through the product's own client.

Read once per account before any benchmark starts (the sandbox's log is cleared afterwards),
so finding them costs no measured call. The sandbox seeds from the account id: the same ids
every run.
"""

from __future__ import annotations

from dataclasses import dataclass

from channels_api.pagination import MAX_PAGE_SIZE, fetch_all
from dashboard.accounts.models import CMAccount
from dashboard.core import selectors as core_selectors
from dashboard.upstream import client_for


@dataclass(frozen=True)
class Ids:
    """Ids of one account's seeded data, and the sizes of its lists."""

    account_id: str
    whatsapp_request_id: str
    """The live WhatsApp channel request (the one the dashboard picks)."""
    pending_whatsapp_request_id: str
    """A pending WhatsApp request: its page shows onboarding progress."""
    whatsapp_type_id: str
    channel_id: str
    """A channel whose configuration has a webhook (the inline edit partial)."""
    webhook_id: str
    channel_group: str
    """``type:category`` of the first channel group (the channels page's paging partial)."""
    profile_id: str
    template_id: str
    template_category: str
    totals: dict[str, int]
    """Items in each list a page shows: templates, channel_requests, numbers, number_requests,
    keywords."""


def discover(account: CMAccount) -> Ids:
    """Walk the account's lists once and pick the ids the page table needs."""
    with client_for(account) as client:
        types = fetch_all(client.channels.list_types, page_size=MAX_PAGE_SIZE)
        requests = fetch_all(client.channels.list_requests, page_size=MAX_PAGE_SIZE)
        whatsapp_type = next(t for t in types if (t.description or "").lower() == "whatsapp")
        live = core_selectors.whatsapp_channel_request(requests, types)
        if live is None or not live.id:
            raise RuntimeError("the sandbox seeded no live WhatsApp request")
        pending = next(
            r for r in requests if r.channel_type_id == whatsapp_type.id and r.is_pending
        )
        channels = client.channels.list()
        channel_type, category, _ = next(iter(channels.available.groups()))
        channel_id, webhook_id = "", ""
        for channel in channels.available.channels():
            inbound = client.configuration.get_all(str(channel.id)).inbound
            hooks = inbound.webhook.endpoints if inbound and inbound.webhook else []
            if hooks:
                channel_id, webhook_id = str(channel.id), str(hooks[0].id)
                break
        profiles = client.profiles.list(live.id, skip=0, take=1)
        templates = fetch_all(client.templates.list, live.id, page_size=MAX_PAGE_SIZE)
        totals = {
            "templates": len(templates),
            "channel_requests": len(requests),
            "numbers": len(fetch_all(client.numbers.list, page_size=MAX_PAGE_SIZE)),
            "number_requests": len(
                fetch_all(client.numbers.list_requests, page_size=MAX_PAGE_SIZE)
            ),
            "keywords": len(fetch_all(client.keywords.list, page_size=MAX_PAGE_SIZE)),
        }
    return Ids(
        account_id=str(account.account_id),
        whatsapp_request_id=str(live.id),
        pending_whatsapp_request_id=str(pending.id),
        whatsapp_type_id=str(whatsapp_type.id),
        channel_id=channel_id,
        webhook_id=webhook_id,
        channel_group=f"{channel_type}:{category}",
        profile_id=str(profiles[0].id),
        template_id=str(templates[0].id),
        template_category=str(templates[0].category or ""),
        totals=totals,
    )
