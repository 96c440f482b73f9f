"""Fixtures of the numbers tests: the seeded ids of account A, read before the log is cleared."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dashboard.numbers.helpers import seeded


@pytest.fixture
def seed(account_a: Any, sandbox: Any) -> dict[str, Any]:
    """account_a's seeded numbers, claims and types; the sandbox log starts empty after."""
    data = seeded(account_a)
    sandbox.clear_log()
    return data
