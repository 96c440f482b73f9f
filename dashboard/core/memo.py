"""Ids worth remembering so a page can read everything from CM.com in one round.

Some pages need an id from one answer to ask the next question (the overview counts the
templates of the account's WhatsApp channel request; a channel request's page reads the
configuration of its channel). Those links never change once CM.com made them, so the page
remembers them here and, next time, asks every question at once. A memo is a guess: the page
checks it against what CM.com answered and, when it was wrong, asks again and remembers the
right one. A memo made with another token or base URL (``CMAccount.cache_version``) is ignored.

    found = memo.recall(account, "whatsapp-request")          # None when unknown
    memo.remember(account, "whatsapp-request", {"id": ...})   # writes only when it changed
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from django.db import DatabaseError

from dashboard.core.models import Memo
from dashboard.core.sql_once import first_where

logger = logging.getLogger(__name__)

WHATSAPP_REQUEST = "whatsapp-request"


class Account(Protocol):
    """What a memo needs of a ``CMAccount`` (core sits below the accounts app and does not
    import it; ``Memo.account`` names it as ``"accounts.CMAccount"``)."""

    pk: Any

    @property
    def cache_version(self) -> str:
        """Changes when the token or base URL does: a memo made before it is not trusted."""
        ...


def channel_request_key(channel_request_id: str) -> str:
    """Memo key of a channel request's type and the channel that carries its state."""
    return f"channel-request.{channel_request_id}"


def recall(account: Account, key: str) -> dict[str, Any] | None:
    """What was remembered under ``key`` for this account, or None. Asked before the reads
    of the pages that use one, so with SQL written once (``sql_once``: one row at most)."""
    try:
        found = first_where(Memo, account=account.pk, key=key)
    except DatabaseError:
        # A memo only saves a round trip: without it the page is slower, not broken.
        logger.exception("memo %s of account %s unreadable", key, account.pk)
        return None
    if found is None or found.version != account.cache_version:
        return None
    value = found.value
    return value if isinstance(value, dict) else None


def remember(account: Account, key: str, value: dict[str, Any]) -> None:
    """Remember ``value`` under ``key`` (no write when it is already what is remembered)."""
    version = account.cache_version
    try:
        current = Memo.objects.filter(account=account, key=key).values("value", "version").first()
        if current is not None and current["value"] == value and current["version"] == version:
            return
        Memo.objects.update_or_create(
            account=account, key=key, defaults={"value": value, "version": version}
        )
    except DatabaseError:
        logger.exception("memo %s of account %s not saved", key, account.pk)


def forget(account: Account, key: str) -> None:
    """Drop a memo that turned out wrong (its id is gone at CM.com)."""
    try:
        Memo.objects.filter(account=account, key=key).delete()
    except DatabaseError:
        logger.exception("memo %s of account %s not dropped", key, account.pk)
