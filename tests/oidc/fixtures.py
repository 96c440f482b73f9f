"""Fixtures for company-login tests; import with ``from tests.oidc.fixtures import *``.

``oidc_provider`` is the real provider for the session; ``company_login(redirect_base)``
registers a client there and turns company login on in the settings, as the OIDC_* variables
would (see dashboard/config.py's ``oidc_config``). ``Visitor`` is a person's browser for the
Django test client: the dashboard's pages through the client, the provider's over real HTTP,
redirects followed across both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.test import Client

from dashboard.config import oidc_config
from tests.oidc.server import RunningProvider, start_provider

REDIRECTS = {301, 302, 303, 307}


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[RunningProvider]:
    running = start_provider()
    yield running
    running.stop()


def company_settings(provider: RunningProvider, client_id: str, secret: str) -> dict[str, Any]:
    """The settings the OIDC_* variables give for this provider and client."""
    found = provider.discovery()
    config = oidc_config(
        {
            "OIDC_RP_CLIENT_ID": client_id,
            "OIDC_RP_CLIENT_SECRET": secret,
            "OIDC_OP_ISSUER": found["issuer"],
            "OIDC_OP_AUTHORIZATION_ENDPOINT": found["authorization_endpoint"],
            "OIDC_OP_TOKEN_ENDPOINT": found["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": found["userinfo_endpoint"],
            "OIDC_OP_JWKS_ENDPOINT": found["jwks_uri"],
            "OIDC_PROVIDER_NAME": "Example Corp",
        }
    )
    assert config is not None
    return {"OIDC_ENABLED": True, **config}


@pytest.fixture
def company_login(
    oidc_provider: RunningProvider, settings: Any
) -> Callable[[str], RunningProvider]:
    """Turn company login on for a dashboard at ``base`` (``http://testserver`` by default).
    With ``backchannel_base``, the client also registers the back-channel logout URI there
    (a live server, for the provider to reach), and its ID tokens carry the session id."""

    def turn_on(base: str = "http://testserver", backchannel_base: str = "") -> RunningProvider:
        client_id, secret = oidc_provider.register(
            f"{base}/oidc/callback/",
            f"{backchannel_base}/oidc/backchannel-logout/" if backchannel_base else "",
        )
        for name, value in company_settings(oidc_provider, client_id, secret).items():
            setattr(settings, name, value)
        return oidc_provider

    return turn_on


class Visitor:
    """One person's browser: a Django test client for the dashboard and a requests session
    (its own cookies) for the provider."""

    def __init__(self, provider: RunningProvider, client: Client | None = None) -> None:
        self.provider = provider
        self.client = client or Client()
        self.at_provider = requests.Session()
        self.visited: list[str] = []

    def _fetch(self, url: str, data: dict[str, str] | None = None) -> Any:
        self.visited.append(url)
        if url.startswith(self.provider.issuer):
            if data is not None:
                return self.at_provider.post(url, data=data, allow_redirects=False, timeout=10)
            return self.at_provider.get(url, allow_redirects=False, timeout=10)
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        return self.client.post(path, data or {}) if data is not None else self.client.get(path)

    def go(
        self,
        url: str,
        *,
        data: dict[str, str] | None = None,
        rewrite: Callable[[str], str] | None = None,
    ) -> Any:
        """Request ``url`` and follow redirects wherever they lead; the last answer. Each
        URL followed goes through ``rewrite`` first (a test playing the attacker)."""
        answer = self._fetch(url, data)
        for _ in range(20):
            if answer.status_code not in REDIRECTS:
                return answer
            url = urljoin(
                url if "://" in url else f"http://testserver{url}", answer.headers["Location"]
            )
            if rewrite is not None:
                url = rewrite(url)
            answer = self._fetch(url)
        raise AssertionError(f"too many redirects: {self.visited[-5:]}")

    def sign_in(self, sub: str, *, rewrite: Callable[[str], str] | None = None) -> Any:
        """Press "Sign in with…" and sign in at the provider as ``sub``; the page that ends it."""
        page = self.go("/oidc/authenticate/", rewrite=rewrite)
        if (
            self.visited[-1].startswith(self.provider.issuer)
            and "/interaction/" in self.visited[-1]
        ):
            return self.go(self.visited[-1] + "/login", data={"login": sub}, rewrite=rewrite)
        return page

    @property
    def callback_urls(self) -> list[str]:
        return [url for url in self.visited if "/oidc/callback/" in url]
