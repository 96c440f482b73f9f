"""The numbers app's routes: phone numbers, number types and requests, keyword claims.

Reading and exporting needs BROWSE (every role); requesting, claiming and cancelling need
MANAGE_NUMBERS (support and admin), so marketing gets 403 on those. The matrix sends empty
POSTs: a confirm without a valid token goes back to the start (302), a check or a cancel
without its fields shows the form again (200) and sends nothing.
"""

from __future__ import annotations

import functools

from dashboard.accounts.models import CMAccount
from dashboard.upstream import client_for
from tests.dashboard.matrix import Row, _same

BROWSE = {
    "admin": _same(200),
    "support": (200, 404),
    "marketing": (200, 404),
    "outsider": _same(404),
}
MANAGE = {
    "admin": _same(200),
    "support": (200, 404),
    "marketing": (403, 404),
    "outsider": _same(404),
}
MANAGE_REDIRECT = {**MANAGE, "admin": _same(302), "support": (302, 404)}

ROWS: dict[str, Row] = {
    "numbers:list": Row("GET", 302, **BROWSE),
    "numbers:export": Row("GET", 302, **BROWSE),
    "numbers:detail": Row("GET", 302, **BROWSE),
    "numbers:types": Row("GET", 302, **BROWSE),
    "numbers:requests": Row("GET", 302, **BROWSE),
    "numbers:request_check": Row("POST", 302, **MANAGE),
    "numbers:request_confirm": Row("POST", 302, **MANAGE_REDIRECT),
    "numbers:cancel": Row("GET", 302, **MANAGE),
    "numbers:cancel_confirm": Row("POST", 302, **MANAGE),
    "numbers:keywords": Row("GET", 302, **BROWSE),
    "numbers:keywords_export": Row("GET", 302, **BROWSE),
    "numbers:keyword_detail": Row("GET", 302, **BROWSE),
    "numbers:keyword_claim": Row("GET", 302, **MANAGE),
    "numbers:keyword_claim_check": Row("POST", 302, **MANAGE),
    "numbers:keyword_claim_confirm": Row("POST", 302, **MANAGE_REDIRECT),
    "numbers:keyword_cancel": Row("GET", 302, **MANAGE),
    "numbers:keyword_cancel_confirm": Row("POST", 302, **MANAGE),
}


@functools.cache
def _seeded(account_id: str, base_url: str) -> dict[str, str]:
    # The sandbox seeds the same ids for an account after every reset, so one read per
    # account serves every route of the matrix (this provider runs for all areas' routes).
    account = CMAccount.objects.get(account_id=account_id)
    with client_for(account) as client:
        owned = client.numbers.list(is_owned=True, take=1)
        claims = client.keywords.list(take=1)
    return {"phone_number_id": str(owned[0].id), "keyword_claim_id": str(claims[0].id)}


def samples(account: CMAccount) -> dict[str, str]:
    """An owned number and a keyword claim of this sandbox account."""
    return _seeded(str(account.account_id), account.base_url)
