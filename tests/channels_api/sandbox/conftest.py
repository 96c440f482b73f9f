"""Helpers for the sandbox's own tests: ``api``, a requests session for the demo account
that knows the seeded ids worth reaching for."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from channels_api.sandbox.testing import RunningSandbox


class Api:
    """Calls relative to ``/channels/v1/accounts/{account id}`` with the account's token."""

    def __init__(self, sandbox: RunningSandbox) -> None:
        self.sandbox = sandbox
        self.session = requests.Session()
        self.session.headers["X-CM-PRODUCTTOKEN"] = sandbox.token
        self.root = sandbox.account_url()

    def url(self, path: str) -> str:
        return self.root + path

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.get(self.url(path), timeout=10, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.post(self.url(path), timeout=10, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.put(self.url(path), timeout=10, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.session.delete(self.url(path), timeout=10, **kwargs)

    def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        """Call, check the status, and give back the JSON (None for an empty body)."""
        answer = getattr(self, method.lower())(path, **kwargs)
        assert answer.status_code == status, (answer.status_code, answer.text)
        return answer.json() if answer.content else None

    # --- seeded things -----------------------------------------------------------------------

    @functools.cached_property
    def _types(self) -> dict[str, str]:
        return {t["description"]: t["id"] for t in self.ok("GET", "/channels/types")}

    def channel_types(self) -> dict[str, str]:
        return dict(self._types)

    def whatsapp_requests(self) -> list[dict[str, Any]]:
        whatsapp = self.channel_types()["WhatsApp"]
        return self.ok("GET", "/channels/requests", params={"channelTypeId": whatsapp})

    @functools.cached_property
    def live_whatsapp(self) -> str:
        """The fulfilled WhatsApp channel request: /whatsapp/{this}/..."""
        return next(r["id"] for r in self.whatsapp_requests() if r["isActive"])

    @property
    def wa(self) -> str:
        return f"/whatsapp/{self.live_whatsapp}"

    def template_categories(self) -> dict[str, str]:
        return {c["name"]: c["id"] for c in self.ok("GET", self.wa + "/templates/categories")}

    def template_named(self, name: str) -> dict[str, Any]:
        found = [t for t in self.ok("GET", self.wa + "/templates", params={"q": name})]
        return next(t for t in found if t["name"] == name)

    def profile_named(self, suffix: str) -> dict[str, Any]:
        return next(p for p in self.ok("GET", self.wa + "/profiles") if p["name"].endswith(suffix))

    def create_template(self, name: str, content: str | None = None, fields: int = 0) -> str:
        category = self.template_categories()["UTILITY"]
        body: dict[str, Any] = {"name": name}
        if content is not None:
            body["languages"] = {"English (US)": {"content": content}}
        template = self.ok(
            "POST", self.wa + "/templates", 201, params={"templateCategoryId": category}, json=body
        )
        for index in range(fields):
            self.ok(
                "POST",
                f"{self.wa}/templates/{template['id']}/fields",
                201,
                params={"name": f"field_{index + 1}", "type": "text"},
            )
        return template["id"]

    def any_channel(self, kind: str = "templates", group: str = "whatsApp") -> dict[str, Any]:
        return self.ok("GET", "/channels")["available"][group][kind][0]


@pytest.fixture
def api(sandbox: RunningSandbox) -> Iterator[Api]:
    client = Api(sandbox)
    yield client
    client.session.close()


@pytest.fixture(scope="module")
def seeded_api(sandbox_server: RunningSandbox) -> Iterator[Api]:
    """An ``Api`` for reading seeded ids once per module: the seed is deterministic, so they
    hold after every reset."""
    sandbox_server.reset()
    client = Api(sandbox_server)
    yield client
    client.session.close()
