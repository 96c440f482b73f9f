"""Fixtures for the studio's tests: the demo account's live WhatsApp channel request, its
seeded templates by name, and URLs of the studio's pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse

from channels_api.models import ApiWhatsAppTemplate
from dashboard.accounts.models import CMAccount
from dashboard.core import selectors as core_selectors
from dashboard.upstream import client_for


@dataclass
class Studio:
    """The live WhatsApp request of account_a and helpers around it."""

    account: CMAccount
    request_id: str
    sandbox: Any

    def url(self, name: str, template_id: str | None = None, **query: str) -> str:
        args: list[Any] = [self.account.account_id, self.request_id]
        if template_id is not None:
            args.append(template_id)
        url = reverse(f"studio:{name}", args=args)
        if query:
            from urllib.parse import urlencode

            url += "?" + urlencode(query)
        return url

    def template_id(self, name: str) -> str:
        with client_for(self.account) as client:
            found = client.templates.list(self.request_id, q=name, take=50)
        return next(t.id for t in found if t.name == name)

    def get(self, template_id: str) -> ApiWhatsAppTemplate:
        with client_for(self.account) as client:
            return client.templates.get(self.request_id, template_id)

    def calls(self, method: str | None = None) -> list[tuple[str, str]]:
        """(method, path after the account) of every logged API call."""
        prefix = f"/channels/v1/accounts/{self.account.account_id}"
        return [
            (entry["method"], entry["path"].removeprefix(prefix))
            for entry in self.sandbox.log()
            if method is None or entry["method"] == method
        ]

    def template_path(self, template_id: str = "") -> str:
        path = f"/whatsapp/{self.request_id}/templates"
        return f"{path}/{template_id}" if template_id else path


@pytest.fixture
def studio(account_a: CMAccount, sandbox: Any) -> Studio:
    with client_for(account_a) as client:
        requests = client.channels.list_requests(take=100)
        types = client.channels.list_types(take=100)
    chosen = core_selectors.whatsapp_channel_request(requests, types)
    assert chosen is not None
    sandbox.clear_log()
    return Studio(account=account_a, request_id=str(chosen.id), sandbox=sandbox)
