"""``ChannelsClient``: the one object a caller needs to use CM.com's Channels API.

    from channels_api import ChannelsClient

    client = ChannelsClient(account_id="…", product_token="…")
    for request in client.channels.list_requests(take=50):
        print(request.id, request.is_pending)

Operations are grouped as the documentation groups them: ``client.channels``,
``client.configuration``, ``client.whatsapp``, ``client.profiles``, ``client.templates``,
``client.keywords`` and ``client.numbers``. Every method returns typed models
(``channels_api.models``) and raises ``channels_api.errors.ChannelsAPIError`` subclasses.
The product token is kept out of every repr, log line and error.

A ``guard`` (``channels_api._transport.CallGuard``) is told about every call and may stop one
before it is sent: the dashboard uses it for a circuit breaker per account.
"""

from __future__ import annotations

import requests

from channels_api._transport import (
    DEFAULT_BASE_URL,
    CallGuard,
    RetryPolicy,
    Transport,
    new_session,
)
from channels_api.resources import (
    Channels,
    Configuration,
    Keywords,
    Numbers,
    Profiles,
    Templates,
    WhatsApp,
)

# new_session: a pool several clients may share (``ChannelsClient(session=...)``).
__all__ = ["ChannelsClient", "new_session"]


class ChannelsClient:
    """A client for one CM.com account (account id and product token)."""

    def __init__(
        self,
        *,
        account_id: str,
        product_token: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 10.0,
        connect_timeout: float = 3.05,
        max_retries: int = 3,
        retry_budget: float = 10.0,
        session: requests.Session | None = None,
        guard: CallGuard | None = None,
    ) -> None:
        self._transport = Transport(
            account_id=account_id,
            product_token=product_token,
            base_url=base_url,
            connect_timeout=connect_timeout,
            read_timeout=timeout,
            retry=RetryPolicy(max_retries=max_retries, budget_seconds=retry_budget),
            session=session,
            guard=guard,
        )
        self.channels = Channels(self._transport)
        self.configuration = Configuration(self._transport)
        self.whatsapp = WhatsApp(self._transport)
        self.profiles = Profiles(self._transport)
        self.templates = Templates(self._transport)
        self.keywords = Keywords(self._transport)
        self.numbers = Numbers(self._transport)

    @property
    def account_id(self) -> str:
        """The CM.com account this client acts for."""
        return self._transport.account_id

    @property
    def base_url(self) -> str:
        """Where the API is reached, without a trailing slash."""
        return self._transport.base_url

    def close(self) -> None:
        """Release pooled connections."""
        self._transport.close()

    def __enter__(self) -> ChannelsClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ChannelsClient(account_id={self.account_id!r}, base_url={self.base_url!r})"
