"""The signed token between a dry run and the real request.

"Check" signs exactly what was checked (the number type, or the number and keyword) together
with the account, the person and a one-time id; "Confirm" accepts the token only within
``MAX_AGE_SECONDS``, for the same account and person, and only once — so what is requested is
what the person saw the cost of, and a double click does not rent two numbers.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core import signing
from django.core.cache import cache

from dashboard.accounts.models import CMAccount

MAX_AGE_SECONDS = 300
NUMBER_REQUEST = "number_request"
KEYWORD_CLAIM = "keyword_claim"
_SALT = "dashboard.numbers.confirmation."


class ConfirmationInvalid(Exception):
    """The token cannot be used; ``message`` says why, in words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def issue(kind: str, *, account: CMAccount, actor: Any, checked: dict[str, str]) -> str:
    """A token for ``checked`` (what the dry run was given), bound to account and person."""
    payload = {
        "account": str(account.account_id),
        "actor": getattr(actor, "pk", None),
        "nonce": uuid.uuid4().hex,
        "checked": checked,
    }
    return signing.dumps(payload, salt=_SALT + kind, compress=True)


def read(kind: str, token: str, *, account: CMAccount, actor: Any) -> dict[str, str]:
    """What was checked, if the token is valid for this account and person; else raise."""
    try:
        payload = signing.loads(token or "", salt=_SALT + kind, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise ConfirmationInvalid(
            f"That confirmation expired (they last {MAX_AGE_SECONDS // 60} minutes): nothing "
            "was requested. Check again to see the current cost."
        ) from None
    except signing.BadSignature:
        raise ConfirmationInvalid(
            "That confirmation is not valid: nothing was sent. Check again."
        ) from None
    if payload.get("account") != str(account.account_id) or payload.get("actor") != getattr(
        actor, "pk", None
    ):
        raise ConfirmationInvalid(
            "That confirmation was made for another account or person: nothing was sent."
        )
    checked = payload.get("checked")
    if not isinstance(checked, dict):
        raise ConfirmationInvalid("That confirmation is not valid: nothing was sent.")
    return {"nonce": str(payload.get("nonce", "")), **{k: str(v) for k, v in checked.items()}}


def spend(kind: str, nonce: str) -> None:
    """Mark a token used; raise if it already was (a second click, a resent form)."""
    # cache.add is atomic on Redis and on the file cache (core.file_cache), across processes:
    # only the first caller wins.
    if not cache.add(f"numbers-confirmation:{kind}:{nonce}", True, MAX_AGE_SECONDS + 60):
        raise ConfirmationInvalid(
            "That was already confirmed: it was sent once, and is not sent again."
        )
