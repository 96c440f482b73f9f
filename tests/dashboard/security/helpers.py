"""Small helpers the security tests share: URLs, the sandbox's log, "try again at" times."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.formats import time_format


def overview_url(account: Any) -> str:
    return f"/a/{account.account_id}/"


def channels_url(account: Any) -> str:
    """A page read from CM.com on every cold view: the channels page (the channel list and the
    channel types)."""
    return f"/a/{account.account_id}/channels/"


def channels_part_url(account: Any) -> str:
    """An htmx part read from CM.com: one category of the channels page, paged."""
    return f"/a/{account.account_id}/channels/?group=sms:keywords&page=1"


def api_prefix(account: Any) -> str:
    return f"/channels/v1/accounts/{account.account_id}"


def calls_for(sandbox: Any, account: Any) -> list[dict[str, Any]]:
    """The sandbox's log entries (requests that reached CM.com) of one account."""
    prefix = api_prefix(account)
    return [entry for entry in sandbox.log() if entry["path"].startswith(prefix)]


def shown_times(seconds: float) -> set[str]:
    """The "try again at HH:MM" a page may show for a wait of ``seconds`` starting about now
    (two values when the minute turns during the test)."""
    now = timezone.now()
    return {
        time_format(
            timezone.localtime(now + timedelta(seconds=seconds + extra + 59)).replace(second=0),
            "H:i",
        )
        for extra in (-2, 0, 3)
    }
