"""Builders of tracker history with explicit times: items that waited and finished, and
items waiting now, as the poller would have stored them."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from dashboard.accounts.models import CMAccount
from dashboard.tracker.models import StatusChange, TrackedItem
from dashboard.tracker.statuses import Kind, status_of


def template(
    account: CMAccount,
    *,
    ended: datetime,
    took: timedelta,
    outcome: str = "approved",
    category: str = "UTILITY",
    language: str = "English (US)",
    name: str = "order_update",
) -> TrackedItem:
    """A template language stored while awaiting WhatsApp, decided ``took`` after CM.com
    says it was submitted."""
    asked = ended - took
    item = TrackedItem.objects.create(
        account=account,
        kind=Kind.TEMPLATE,
        upstream_id=uuid.uuid4().hex,
        label=f"{name} · {language}",
        status=outcome,
        rank=status_of(Kind.TEMPLATE, outcome).rank,
        is_pending=False,
        requested_at=asked - timedelta(days=10),  # the creation date, once decided
        meta={"language": language, "category": category, "review_requested_at": asked.isoformat()},
        first_seen=asked + timedelta(minutes=1),
        last_seen=ended,
        last_change=ended,
    )
    StatusChange.objects.create(item=item, from_status="pending", to_status=outcome, at=ended)
    return item


def request(
    account: CMAccount,
    kind: str,
    *,
    ended: datetime,
    took: timedelta,
    label: str,
    outcome: str = "fulfilled",
) -> TrackedItem:
    """A channel or number request created ``took`` before CM.com fulfilled it."""
    item = TrackedItem.objects.create(
        account=account,
        kind=kind,
        upstream_id=uuid.uuid4().hex,
        label=label,
        status=outcome,
        rank=status_of(kind, outcome).rank,
        is_pending=False,
        requested_at=ended - took,
        first_seen=ended - took + timedelta(minutes=1),
        last_seen=ended,
        last_change=ended,
    )
    StatusChange.objects.create(item=item, from_status="pending", to_status=outcome, at=ended)
    return item


def waiting(
    account: CMAccount,
    *,
    since: datetime,
    kind: str = Kind.TEMPLATE,
    status: str = "pending",
    category: str = "UTILITY",
    language: str = "English (US)",
    label: str = "",
    expected_at: datetime | None = None,
) -> TrackedItem:
    """An item waiting now, requested at ``since``."""
    meta = {"language": language, "category": category} if kind == Kind.TEMPLATE else {}
    return TrackedItem.objects.create(
        account=account,
        kind=kind,
        upstream_id=uuid.uuid4().hex,
        label=label or f"new_offer · {language}",
        status=status,
        rank=status_of(kind, status).rank,
        is_pending=True,
        requested_at=since,
        expected_at=expected_at,
        meta=meta,
        first_seen=since,
        last_seen=since,
        last_change=since,
    )
