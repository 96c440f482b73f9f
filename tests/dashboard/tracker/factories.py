"""Small builders for tracker rows, so view and service tests need no poll to start from."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.tracker.models import AccountHealth, StatusChange, TrackedItem
from dashboard.tracker.poller import Observation
from dashboard.tracker.statuses import Kind, status_of


def offline_account(name: str = "Offline", **extra: Any) -> CMAccount:
    """An account whose base URL answers nothing (tests that must not reach CM.com)."""
    account = CMAccount(
        name=name, account_id=uuid.uuid4(), base_url="http://127.0.0.1:9/channels/v1", **extra
    )
    account.set_token(str(uuid.uuid4()))
    account.save()
    return account


def observation(
    kind: str = Kind.TEMPLATE,
    status: str = "validation_requested",
    *,
    upstream_id: str = "lang-1",
    label: str = "order_update · English (US)",
    version_at: datetime | None = None,
    detail: str = "",
    rank: int | None = None,
    **extra: Any,
) -> Observation:
    """An observation as the poller would make it."""
    return Observation(
        kind=kind,
        upstream_id=upstream_id,
        scope="test",
        label=label,
        status=status,
        rank=status_of(kind, status).rank if rank is None else rank,
        version_at=version_at,
        detail=detail,
        **extra,
    )


def item(
    account: CMAccount,
    kind: str = Kind.TEMPLATE,
    status: str = "validation_requested",
    *,
    label: str = "order_update · English (US)",
    requested_days_ago: float = 1,
    expected_in_days: float | None = 1,
    **extra: Any,
) -> TrackedItem:
    """A tracked pending item."""
    now = timezone.now()
    return TrackedItem.objects.create(
        account=account,
        kind=kind,
        upstream_id=extra.pop("upstream_id", uuid.uuid4().hex),
        label=label,
        status=status,
        rank=status_of(kind, status).rank,
        is_pending=status_of(kind, status).pending,
        requested_at=now - timedelta(days=requested_days_ago),
        expected_at=None if expected_in_days is None else now + timedelta(days=expected_in_days),
        first_seen=now,
        last_seen=now,
        last_change=now,
        **extra,
    )


def polled(account: CMAccount, minutes_ago: float = 0) -> AccountHealth:
    """Record a successful poll of ``account`` some minutes ago."""
    health, _ = AccountHealth.objects.get_or_create(account=account)
    health.last_success_at = timezone.now() - timedelta(minutes=minutes_ago)
    health.save()
    return health


def rejected_template_change(detail: str = "") -> StatusChange:
    """A Dutch template of an offline account, rejected just now: a change that notifies."""
    tracked = item(offline_account("Acme"), label="order_update · Dutch")
    return StatusChange.objects.create(
        item=tracked,
        from_status="validation_requested",
        to_status="rejected",
        at=timezone.now(),
        detail=detail,
        notifies=True,
    )
