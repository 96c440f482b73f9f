"""The WhatsApp routes: picker, business account and languages, profiles, the OTP walk.

Reading is BROWSE (everyone granted the account); activating a language is
EDIT_CONFIGURATION; changing a number and every step of the OTP walk is WALK_OTP (support and
admin). The picker redirects (302) to the one active WhatsApp request of the seeded accounts.
POSTs here are sent empty, so an allowed role gets the form back with its message (200).
"""

from __future__ import annotations

from functools import cache

from channels_api.pagination import fetch_all
from dashboard import upstream
from dashboard.core.selectors import whatsapp_channel_request
from tests.dashboard.matrix import Row, _same

_BROWSE = {
    "admin": _same(200),
    "support": (200, 404),
    "marketing": (200, 404),
    "outsider": _same(404),
}
_SUPPORT_ONLY = {
    "admin": _same(200),
    "support": (200, 404),
    "marketing": (403, 404),
    "outsider": _same(404),
}

ROWS: dict[str, Row] = {
    "whatsapp:picker": Row(
        "GET", 302, admin=_same(302), support=(302, 404), marketing=(302, 404), outsider=_same(404)
    ),
    "whatsapp:home": Row("GET", 302, **_BROWSE),
    "whatsapp:language_activate": Row("POST", 302, **_SUPPORT_ONLY),
    "whatsapp:profiles": Row("GET", 302, **_BROWSE),
    "whatsapp:profile": Row("GET", 302, **_BROWSE),
    "whatsapp:profile_phone_number": Row("POST", 302, **_SUPPORT_ONLY),
    "whatsapp:otp": Row("GET", 302, **_SUPPORT_ONLY),
    "whatsapp:otp_confirm": Row("POST", 302, **_SUPPORT_ONLY),
    "whatsapp:otp_number": Row("POST", 302, **_SUPPORT_ONLY),
    "whatsapp:otp_send": Row("POST", 302, **_SUPPORT_ONLY),
    "whatsapp:otp_verify": Row("POST", 302, **_SUPPORT_ONLY),
}


@cache
def _seeded(base_url: str, account_id: str) -> dict[str, str]:
    # The sandbox seeds the same ids for an account on every reset: read them once.
    from dashboard.accounts.models import CMAccount

    account = CMAccount.objects.get(account_id=account_id)
    with upstream.client_for(account) as client:
        requests = fetch_all(client.channels.list_requests)
        types = fetch_all(client.channels.list_types)
        chosen = whatsapp_channel_request(requests, types)
        assert chosen is not None, "the seeded account has a WhatsApp request"
        assert chosen.id
        profiles = client.profiles.list(chosen.id, take=100)
    # A profile waiting for its code: every OTP step is open on it.
    waiting = next(p for p in profiles if p.is_pending and not p.is_otp_sent)
    return {"whatsapp_request_id": str(chosen.id), "profile_id": str(waiting.id)}


def samples(account: object) -> dict[str, str]:
    """The account's live WhatsApp request and a profile that has not been sent a code."""
    return _seeded(account.base_url, str(account.account_id))  # type: ignore[attr-defined]
