"""Writes on CM accounts: create, update, upsert (for scripts), test connection, rotate keys.

Each write records an audit entry; the product token is passed in plain text only to be
encrypted, and appears in no audit entry, log line or message (the audit shows "token": "set").
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from channels_api import errors
from dashboard import audit, upstream
from dashboard.accounts import crypto
from dashboard.accounts.fields import SecretToken
from dashboard.accounts.models import DEFAULT_BASE_URL, CMAccount
from dashboard.audit.models import Outcome

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from dashboard.people.models import User

    Actor = AbstractBaseUser | AnonymousUser | None

logger = logging.getLogger(__name__)


def _normalise_base_url(base_url: str | None) -> str:
    return (base_url or DEFAULT_BASE_URL).strip().rstrip("/")


@transaction.atomic
def account_create(
    *,
    actor: Actor,
    name: str,
    account_id: uuid.UUID | str,
    token: str,
    base_url: str | None = None,
    users: Iterable[User] | None = None,
) -> CMAccount:
    """Add a CM account with its (encrypted) product token."""
    account = CMAccount(
        name=name.strip(),
        account_id=uuid.UUID(str(account_id)),
        base_url=_normalise_base_url(base_url),
    )
    account.set_token(token.strip())
    account.full_clean()
    account.save()
    if users is not None:
        account.users.set(users)
    audit.record(
        actor=actor,
        account=account,
        action="account.create",
        target=str(account.account_id),
        sent={
            "name": account.name,
            "account_id": str(account.account_id),
            "base_url": account.base_url,
            "token": "set",
            "users": sorted(u.get_username() for u in account.users.all()),
        },
    )
    return account


@transaction.atomic
def account_update(
    *,
    actor: Actor,
    account: CMAccount,
    name: str | None = None,
    account_id: uuid.UUID | str | None = None,
    token: str | None = None,
    base_url: str | None = None,
    users: Iterable[User] | None = None,
) -> CMAccount:
    """Change an account; a blank or None token keeps the current one.

    Records what changed (the token only as "replaced") and drops the account's cached reads.
    """
    changed: dict[str, Any] = {}
    if name is not None and name.strip() != account.name:
        account.name = name.strip()
        changed["name"] = account.name
    if account_id is not None and uuid.UUID(str(account_id)) != account.account_id:
        account.account_id = uuid.UUID(str(account_id))
        changed["account_id"] = str(account.account_id)
    if base_url is not None and _normalise_base_url(base_url) != account.base_url:
        account.base_url = _normalise_base_url(base_url)
        changed["base_url"] = account.base_url
    if token and token.strip():
        account.set_token(token.strip())
        changed["token"] = "replaced"  # noqa: S105 (a word for the audit, not a token)
    account.full_clean()
    account.save()
    if users is not None:
        before = set(account.users.values_list("pk", flat=True))
        account.users.set(users)
        after = set(account.users.values_list("pk", flat=True))
        if before != after:
            changed["users"] = sorted(u.get_username() for u in account.users.all())
    upstream.invalidate(account)
    if {"token", "base_url", "account_id"} & changed.keys():
        # The failures were those of the old settings: let the new ones be tried at once.
        upstream.reset_breaker(account)
    audit.record(
        actor=actor,
        account=account,
        action="account.update",
        target=str(account.account_id),
        sent=changed,
    )
    return account


def account_upsert(
    *, actor: Actor, name: str, account_id: uuid.UUID | str, token: str, base_url: str | None
) -> tuple[CMAccount, bool]:
    """Add the account, or update the one with this CM account id; True when created."""
    existing = CMAccount.objects.filter(account_id=uuid.UUID(str(account_id))).first()
    if existing is None:
        return (
            account_create(
                actor=actor, name=name, account_id=account_id, token=token, base_url=base_url
            ),
            True,
        )
    return (
        account_update(
            actor=actor,
            account=existing,
            name=name,
            token=token,
            base_url=base_url if base_url is not None else existing.base_url,
        ),
        False,
    )


@dataclass(frozen=True)
class ConnectionCheck:
    """The answer of "Test connection", in words."""

    outcome: str
    """working, token_refused, token_refused_for_account, account_not_found, unreachable,
    or error."""
    label: str
    detail: str
    status: int | None = None

    @property
    def ok(self) -> bool:
        """Whether the account works."""
        return self.outcome == "working"


def _check_from_error(error: BaseException) -> ConnectionCheck:
    status = getattr(error, "status", None)
    if isinstance(error, errors.Unauthorized):
        return ConnectionCheck(
            "token_refused",
            "Token refused",
            "CM.com does not accept this product token — set the right one.",
            status,
        )
    if isinstance(error, errors.Forbidden):
        return ConnectionCheck(
            "token_refused_for_account",
            "Token refused for this account",
            "CM.com knows the token but not for this account id — check that the id is right "
            "and that the token belongs to it.",
            status,
        )
    if isinstance(error, errors.NotFound):
        return ConnectionCheck(
            "account_not_found",
            "Account not found",
            "CM.com does not know this account id — check it.",
            status,
        )
    if isinstance(error, errors.TransportError):
        return ConnectionCheck(
            "unreachable",
            "API unreachable",
            "The API did not answer at this base URL — check the URL or try again later.",
            status,
        )
    return ConnectionCheck("error", "Error", upstream.describe_failure(error).message, status)


def account_test_connection(*, actor: Actor, account: CMAccount) -> ConnectionCheck:
    """Call one cheap operation (the first channel request) and say how it went."""
    try:
        with upstream.client_for(account) as client:
            client.channels.list_requests(take=1)
    except (errors.ChannelsAPIError, crypto.TokenDecryptionError) as error:
        check = (
            _check_from_error(error)
            if isinstance(error, errors.ChannelsAPIError)
            else ConnectionCheck(
                "error", "Token unreadable", upstream.describe_failure(error).message
            )
        )
    else:
        check = ConnectionCheck("working", "Working", "CM.com accepted the account and token.", 200)
    audit.record(
        actor=actor,
        account=account,
        action="account.test_connection",
        target=str(account.account_id),
        outcome=Outcome.OK if check.ok else Outcome.FAILED,
        upstream_status=check.status,
        message=check.label,
    )
    return check


def accounts_rotate_token_keys() -> int:
    """Re-encrypt every stored token with the first key of TOKEN_ENCRYPTION_KEYS."""
    count = 0
    with transaction.atomic():
        for account in CMAccount.objects.select_for_update().exclude(token=""):
            if not account.has_token:
                continue
            account.token = SecretToken(crypto.rotate(account.token.ciphertext))
            account.save(update_fields=["token"])
            count += 1
    return count
