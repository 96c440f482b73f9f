"""The account every upstream test reads for: its token is ``RAW``, its address unreachable
(the fakes answer instead of CM.com)."""

from __future__ import annotations

import uuid

import pytest

from dashboard.accounts.models import CMAccount
from tests.dashboard.upstream.fakes import RAW


@pytest.fixture
def account(db):
    account = CMAccount(name="Acme", account_id=uuid.uuid4(), base_url="http://127.0.0.1:9/v1")
    account.set_token(RAW)
    account.save()
    return account
