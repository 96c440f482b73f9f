"""A client for an account: its token decrypted only to hand over, its calls guarded by the
account's circuit breaker, its connections pooled per thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings

from channels_api.client import ChannelsClient, new_session
from dashboard.accounts.models import CMAccount
from dashboard.upstream.breaker import Breaker

if TYPE_CHECKING:
    from requests import Session

# A read or a write, as the apps hand it over: a function of the account's client.
Call = Callable[[ChannelsClient], Any]


def client_for(
    account: CMAccount, *, timeout: float | None = None, blocking: bool = True
) -> ChannelsClient:
    """A client for this account, with its token decrypted only to hand it to the client.

    Every call it makes goes through the account's circuit breaker; ``blocking=False`` still
    reports to the breaker but is not stopped by it (``write`` uses it for the one read that
    finds out whether a lost write happened). Raises TokenDecryptionError when the stored
    token cannot be read with the current keys.
    """
    return ChannelsClient(
        account_id=str(account.account_id),
        product_token=account.token.reveal(),
        base_url=account.base_url,
        timeout=float(timeout or settings.UPSTREAM_TIMEOUT_SECONDS),
        guard=Breaker(account.pk, blocking=blocking),
        session=_thread_session(),
    )


_sessions = threading.local()


def _thread_session() -> Session:
    """This thread's pooled session, kept between calls so a page's reads reuse open (TLS)
    connections to CM.com instead of paying a handshake each; one per thread, because a
    requests Session is not promised to be safe across threads. It sends no token itself."""
    session = getattr(_sessions, "session", None)
    if session is None:
        session = _sessions.session = new_session()
    return session
