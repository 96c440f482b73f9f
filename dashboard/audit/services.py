"""Writing the audit trail: ``record`` for one entry (upstream writes reach it through
``upstream.write``'s ``AuditRecord``), ``record_access`` for a sign-in, a failed one, a logout
or a refused request."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from dashboard.audit.models import AccessEvent, AuditEntry, Outcome
from dashboard.core import wording

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest

    from dashboard.accounts.models import CMAccount

logger = logging.getLogger(__name__)

# A key whose name contains one of these words has its value replaced before storing.
_SECRET_KEY = re.compile(r"token|password|passwd|secret|otp|api[_-]?key|authorization|cookie", re.I)
MASK = "********"


def mask_secrets(value: Any) -> Any:
    """A copy of ``value`` with every secret-looking key's value masked, at any depth."""
    if isinstance(value, Mapping):
        return {
            str(key): MASK if _SECRET_KEY.search(str(key)) else mask_secrets(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        return [mask_secrets(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    account: CMAccount | None,
    action: str,
    target: str = "",
    sent: Mapping[str, Any] | None = None,
    outcome: str = Outcome.OK,
    upstream_status: int | None = None,
    message: str = "",
) -> AuditEntry:
    """Store one audit entry. ``action`` reads ``<thing>.<verb>``, e.g. ``account.update``.

    A ``message`` the dashboard worded (a ``core.wording.Said``: upstream's words for a
    failure, a service's description) keeps its key and parts too, so an admin reads it in
    their language; other words (CM.com's own) are kept as given.
    """
    user = actor if actor is not None and actor.is_authenticated else None
    entry = AuditEntry.objects.create(
        actor=user,
        actor_username=user.get_username() if user is not None else "",
        account=account,
        account_name=account.name if account is not None else "",
        action=action,
        target=target[:300],
        sent=mask_secrets(dict(sent or {})),
        outcome=str(outcome),
        upstream_status=upstream_status,
        message=message[:2000],
        message_parts=wording.part(message) if wording.parts_of(message) else None,
    )
    logger.info(
        "audit %s by %s on %s: %s", action, entry.actor_username or "-", target or "-", outcome
    )
    return entry


def _client_ip(request: HttpRequest | None) -> str | None:
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    return address or None


def record_access(
    *,
    kind: str,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    username: str = "",
    detail: str = "",
) -> AccessEvent:
    """Store one access event (``AccessKind``): who, from where, which request, and why.

    ``user`` defaults to the request's person; ``username`` to theirs (a failed login passes
    what was typed). The path is kept without its query string (it could carry anything).
    A ``detail`` said with ``audit.wording.say`` keeps its key and parts too, so an admin
    reads it in their language (issue 18); plain words are kept as given.
    """
    if user is None and request is not None:
        user = getattr(request, "user", None)
    person = user if user is not None and user.is_authenticated else None
    event = AccessEvent.objects.create(
        kind=str(kind),
        user=person,
        username=(username or (person.get_username() if person is not None else ""))[:150],
        ip_address=_client_ip(request),
        method=(request.method or "")[:10] if request is not None else "",
        path=request.path[:300] if request is not None else "",
        detail=detail[:300],
        detail_parts=wording.part(detail) if wording.parts_of(detail) else None,
    )
    logger.info("access %s by %s on %s", kind, event.username or "-", event.path or "-")
    return event
