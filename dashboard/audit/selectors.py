"""Reading the audit trail: filtered by account, person and action."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from django.db.models import Model, QuerySet

from dashboard.audit.models import AccessEvent, AuditEntry

Row = TypeVar("Row", bound=Model)


def audit_entries(
    *,
    account_id: str | None = None,
    person_id: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AuditEntry]:
    """Newest first; ``action`` matches a whole action or a prefix ending in a dot; the period
    is ``since`` (included) to ``until`` (excluded)."""
    entries = _period(AuditEntry.objects.select_related("actor", "account"), since, until)
    if account_id:
        entries = entries.filter(account__account_id=account_id)
    if person_id:
        entries = entries.filter(actor_id=person_id)
    if action:
        entries = (
            entries.filter(action__startswith=action)
            if action.endswith(".")
            else entries.filter(action=action)
        )
    return entries


def audit_actions() -> list[str]:
    """Every action recorded so far, for the filter."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def access_events(
    *,
    kind: str | None = None,
    person_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> QuerySet[AccessEvent]:
    """Sign-ins, failed ones, logouts and refusals, newest first; ``kind``, the person and
    the period (``since`` included, ``until`` excluded) filter."""
    events = _period(AccessEvent.objects.all(), since, until)
    if kind:
        events = events.filter(kind=kind)
    if person_id:
        events = events.filter(user_id=person_id)
    return events


def _period(rows: QuerySet[Row], since: datetime | None, until: datetime | None) -> QuerySet[Row]:
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    if until is not None:
        rows = rows.filter(created_at__lt=until)
    return rows
