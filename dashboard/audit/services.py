"""Writing the audit trail: ``record`` for one entry, ``audited`` around an upstream write,
``record_access`` for a sign-in, a failed one, a logout or a refused request."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from channels_api.errors import ChannelsAPIError, HTTPStatusError
from dashboard.audit.models import AccessEvent, AuditEntry, Outcome

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
    """Store one audit entry. ``action`` reads ``<thing>.<verb>``, e.g. ``account.update``."""
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
    )
    logger.info(
        "audit %s by %s on %s: %s", action, entry.actor_username or "-", target or "-", outcome
    )
    return entry


def outcome_of(error: ChannelsAPIError) -> str:
    """REFUSED when CM.com answered no, FAILED when it gave no usable answer."""
    return Outcome.REFUSED if isinstance(error, HTTPStatusError) else Outcome.FAILED


@contextmanager
def audited(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    account: CMAccount | None,
    action: str,
    target: str = "",
    sent: Mapping[str, Any] | None = None,
    upstream_status: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Record the write inside the block: ok, or the API error's outcome and status (re-raised).

    The block may set ``result["upstream_status"]``, ``result["message"]``, and
    ``result["after"]`` (the state the write left, recorded with ``sent`` as its ``"after"``).
    """
    result: dict[str, Any] = {"upstream_status": upstream_status, "message": ""}
    try:
        yield result
    except ChannelsAPIError as error:
        record(
            actor=actor,
            account=account,
            action=action,
            target=target,
            sent=sent,
            outcome=outcome_of(error),
            upstream_status=error.status,
            message=error.message,
        )
        raise
    if "after" in result:
        sent = {**(sent or {}), "after": result["after"]}
    record(
        actor=actor,
        account=account,
        action=action,
        target=target,
        sent=sent,
        outcome=Outcome.OK,
        upstream_status=result["upstream_status"],
        message=result["message"],
    )


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
    )
    logger.info("access %s by %s on %s", kind, event.username or "-", event.path or "-")
    return event
