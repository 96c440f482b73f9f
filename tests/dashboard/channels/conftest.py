"""Fixtures for the channels tests: the seeded ids of account A and its URLs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dashboard.channels.helpers import Seeded, seeded


@pytest.fixture
def ids(account_a: Any, sandbox: Any) -> Seeded:
    """Seeded ids of account A (the sandbox's demo account); the reads that found them (once
    per process) are cleared from the sandbox's log so tests count only their own."""
    found = seeded(account_a)
    sandbox.clear_log()
    return found


@pytest.fixture
def base(account_a: Any) -> str:
    """``/a/<account A>``: the start of every URL of the app."""
    return f"/a/{account_a.account_id}"


@pytest.fixture
def channel_url(base: str, ids: Seeded) -> str:
    """The page of a channel with an e-mail address, a webhook and an event webhook."""
    return f"{base}/channels/{ids.channel_id}/"
