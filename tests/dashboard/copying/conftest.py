"""Fixtures of the copy tests: both sandbox accounts' live WhatsApp requests, templates made in
them through the client, and the real Celery worker of the tracker's tests (reused)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from channels_api.models import ApiWhatsAppTemplate
from dashboard.accounts.models import CMAccount
from dashboard.core import selectors as core_selectors
from dashboard.upstream import client_for
from tests.dashboard.tracker.conftest import (  # noqa: F401  (fixtures)
    celery_worker,
    redis_locks,
)


def live_request(account: CMAccount) -> str:
    """The account's live WhatsApp channel request (the one the studio opens)."""
    with client_for(account) as client:
        requests = client.channels.list_requests(take=100)
        types = client.channels.list_types(take=100)
    chosen = core_selectors.whatsapp_channel_request(requests, types)
    assert chosen is not None
    return str(chosen.id)


@dataclass
class Side:
    """One account of a copy and its WhatsApp request."""

    account: CMAccount
    request_id: str

    def make(
        self,
        name: str,
        contents: dict[str, str],
        fields: tuple[tuple[str, str], ...] | list[tuple[str, str]] = (),
        category: str = "UTILITY",
    ) -> str:
        """A template made through the client (as someone at CM.com would); returns its id."""
        with client_for(self.account) as client:
            categories = client.templates.list_categories(self.request_id)
            category_id = next(str(c.id) for c in categories if c.name == category)
            made = client.templates.create(self.request_id, name=name, category_id=category_id)
            for field_name, field_type in fields:
                client.templates.add_field(
                    self.request_id, str(made.id), name=field_name, type=field_type
                )
            client.templates.update(self.request_id, str(made.id), contents=contents)
        return str(made.id)

    def named(self, name: str) -> list[ApiWhatsAppTemplate]:
        """Every template of exactly this name, read in full."""
        with client_for(self.account) as client:
            found = client.templates.list(self.request_id, q=name, take=500)
            return [
                client.templates.get(self.request_id, str(t.id)) for t in found if t.name == name
            ]

    def id_of(self, name: str) -> str:
        (template,) = self.named(name)
        return str(template.id)

    def languages(self) -> set[str]:
        with client_for(self.account) as client:
            return {x.name or "" for x in client.whatsapp.list_active_languages(self.request_id)}


@dataclass
class Copy:
    """A copy from account A to account B, with URLs of its pages."""

    source: Side
    target: Side
    sandbox: Any

    def url(self, name: str, **query: Any) -> str:
        path = reverse(
            f"copying:{name}", args=[self.source.account.account_id, self.source.request_id]
        )
        return f"{path}?{urlencode(query, doseq=True)}" if query else path

    def choices(self, ids: list[str], **extra: str) -> dict[str, Any]:
        return {
            "t": ids,
            "to": str(self.target.account.account_id),
            "to_request": self.target.request_id,
            **extra,
        }

    def creates(self, *, attempts: bool = False) -> list[str]:
        """The names of every template created in the target, from the sandbox's log (with
        ``attempts``, also those CM.com failed, which created nothing)."""
        path = f"/channels/v1/accounts/{self.target.account.account_id}/whatsapp/"
        return [
            (entry.get("body") or {}).get("name", "")
            for entry in self.sandbox.log()
            if entry["method"] == "POST"
            and entry["path"].startswith(path)
            and entry["path"].endswith("/templates")
            and (attempts or 200 <= int(entry["status"]) < 300)
        ]


@pytest.fixture
def copy(account_a: CMAccount, account_b: CMAccount, sandbox: Any) -> Copy:
    found = Copy(
        Side(account_a, live_request(account_a)), Side(account_b, live_request(account_b)), sandbox
    )
    sandbox.clear_log()
    return found
