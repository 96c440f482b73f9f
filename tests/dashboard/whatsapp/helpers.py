"""Helpers for the WhatsApp tests: the seeded ids of an account, URLs, and the sandbox log."""

from __future__ import annotations

from typing import Any

from channels_api.models import ApiWhatsAppProfileBase
from channels_api.pagination import fetch_all
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core.selectors import whatsapp_channel_requests

# The sandbox seeds five profiles per live request, named "<company> <label>".
ACTIVE, NO_OTP, OTP_SENT, OTP_PROCESSED, REJECTED = (
    "Support",
    "Sales",
    "Billing",
    "Deliveries",
    "Promotions",
)
OTP_CODE = "123456"


def whatsapp_requests(account: CMAccount) -> dict[str, str]:
    """The seeded WhatsApp request ids by state: active, pending, closed."""
    with upstream.client_for(account) as client:
        requests = fetch_all(client.channels.list_requests)
        types = fetch_all(client.channels.list_types)
    found = {}
    for item in whatsapp_channel_requests(requests, types):
        state = "active" if item.is_active else "pending" if item.is_pending else "closed"
        found.setdefault(state, str(item.id))
    return found


def live_request_id(account: CMAccount) -> str:
    """The account's active WhatsApp request."""
    return whatsapp_requests(account)["active"]


def seeded_profiles(account: CMAccount, request_id: str) -> dict[str, ApiWhatsAppProfileBase]:
    """The seeded profiles by label (Support, Sales, Billing, Deliveries, Promotions)."""
    with upstream.client_for(account) as client:
        profiles = client.profiles.list(request_id, take=100)
    return {str(p.name).rsplit(" ", 1)[-1]: p for p in profiles}


def base(account: CMAccount) -> str:
    """The account's WhatsApp URL prefix."""
    return f"/a/{account.account_id}/whatsapp"


def profile_url(account: CMAccount, request_id: str, profile_id: str, rest: str = "") -> str:
    """A profile page, or one under it (``otp/``, ``otp/send/``…)."""
    return f"{base(account)}/{request_id}/profiles/{profile_id}/{rest}"


def api_calls(sandbox: Any, account: CMAccount) -> list[tuple[str, str]]:
    """(method, path after the account) of every call the sandbox saw for this account."""
    prefix = f"/channels/v1/accounts/{account.account_id}"
    return [
        (entry["method"], entry["path"].removeprefix(prefix))
        for entry in sandbox.log()
        if entry["path"].startswith(prefix)
    ]


HTMX = {"HX-Request": "true"}
