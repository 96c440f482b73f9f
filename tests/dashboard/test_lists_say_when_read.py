"""Each list page of CM.com's data says when that data was read ("read from CM.com 3 min
ago", the exact moment in the <time>'s title): the cached read's time, so a view within the
cache's time says how old what it shows is, not when the page was drawn."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.core.templatetags.freshness import fresh
from tests.dashboard.matrix.whatsapp import samples as whatsapp_samples

# Each list page: its route, and whether it lies under the account's WhatsApp request.
PAGES = {
    "channel requests": ("channels:requests", False),
    "number requests": ("numbers:requests", False),
    "templates": ("studio:list", True),
    "profiles": ("whatsapp:profiles", True),
    "business account": ("whatsapp:home", True),
}


def url_of(name: str, under_request: bool, account: CMAccount) -> str:
    args: list[Any] = [account.account_id]
    if under_request:
        args.append(whatsapp_samples(account)["whatsapp_request_id"])
    return reverse(name, args=args)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_list_page_says_when_its_data_was_read_from_cm_com(
    page: str,
    support_client: Client,
    account_a: CMAccount,
    sandbox: Any,
    still_clock: Any,
    settings: Any,
) -> None:
    settings.UPSTREAM_CACHE_SECONDS = 600
    url = url_of(*PAGES[page], account_a)
    # A whole second, so the moment kept as a timestamp prints as the clock's own.
    still_clock.move_to(timezone.now().replace(microsecond=0), tick=False)
    read = timezone.now()
    first = support_client.get(url).content.decode()
    assert fresh(read) in first  # "just now"
    still_clock.shift(timedelta(minutes=3))
    sandbox.clear_log()

    again = support_client.get(url).content.decode()

    assert sandbox.log() == []  # shown from the cache...
    assert fresh(read) in again  # ...so said to be as old as that read: "3 min ago"
    assert "3 min ago" in fresh(read)
