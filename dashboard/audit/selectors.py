"""Reading the audit trail: filtered by account, person and action."""

from __future__ import annotations

from django.db.models import QuerySet

from dashboard.audit.models import AccessEvent, AuditEntry


def audit_entries(
    *, account_id: str | None = None, person_id: str | None = None, action: str | None = None
) -> QuerySet[AuditEntry]:
    """Newest first; ``action`` matches a whole action or a prefix ending in a dot."""
    entries = AuditEntry.objects.select_related("actor", "account")
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


def access_events(*, kind: str | None = None) -> QuerySet[AccessEvent]:
    """Sign-ins, failed ones, logouts and refusals, newest first; ``kind`` filters."""
    events = AccessEvent.objects.all()
    if kind:
        events = events.filter(kind=kind)
    return events
