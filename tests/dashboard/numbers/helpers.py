"""What the numbers tests share: reading the sandbox's request log, seeded ids, URLs."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from dashboard.accounts.models import CMAccount
from dashboard.upstream import client_for


def calls(sandbox: Any, method: str | None = None, ending: str = "") -> list[dict[str, Any]]:
    """The sandbox requests (optionally of one method, with a path ending so), in order."""
    return [
        entry
        for entry in sandbox.log()
        if (method is None or entry["method"] == method)
        and entry["path"].rstrip("/").endswith(ending.rstrip("/"))
    ]


def simulated(entry: dict[str, Any]) -> bool:
    """Whether a logged request was a dry run (``simulate=true``)."""
    values = {k.lower(): v for k, v in entry.get("params", {}).items()}.get("simulate", [])
    return any(str(v).lower() == "true" for v in values)


def url(name: str, account: CMAccount, **kwargs: Any) -> str:
    """The URL of a numbers route for ``account``."""
    return reverse(f"numbers:{name}", kwargs={"account_id": account.account_id, **kwargs})


def seeded(account: CMAccount) -> dict[str, Any]:
    """Ids from the account's seeded sandbox data (read before the test's log is cleared)."""
    with client_for(account) as client:
        numbers = client.numbers.list(take=100)
        claims = client.keywords.list(take=100)
        types = client.numbers.list_types(take=100)
    owned = [n for n in numbers if n.owned_since_utc is not None]
    shared = [n for n in numbers if n.is_shared]
    return {
        "owned": owned,
        "shared": shared,
        "owned_sms": [n for n in owned if "SMS" in n.number_type.purpose],
        "shared_sms": [n for n in shared if "SMS" in n.number_type.purpose],
        "voice_only": [n for n in numbers if "SMS" not in n.number_type.purpose],
        "claims": claims,
        "types": types,
    }
