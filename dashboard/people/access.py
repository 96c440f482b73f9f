"""Who may see and do what: capabilities, the role table, and the one access helper.

Every account view starts with::

    account = get_account_or_404(request, account_id, need=Capability.BROWSE)

which answers 404 when the account is not granted to the person (so it is indistinguishable
from one that does not exist) and 403 when their role lacks the capability. Pages that are not
about one account start with ``require(request, need=Capability.MANAGE_PEOPLE)``.

Every refusal is recorded as an ``AccessEvent`` (the audit page's "Sign-ins and refusals"), so
a person probing other accounts' ids or admin pages leaves a trace. ``Capability`` itself is
named in ``dashboard.core.capabilities`` (the menus use it too) and re-exported here.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AccessKind
from dashboard.audit.services import record_access
from dashboard.audit.wording import say
from dashboard.core.capabilities import Capability
from dashboard.core.sql_once import first_where
from dashboard.people.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dashboard.people.models import User

__all__ = [
    "ROLE_CAPABILITIES",
    "Capability",
    "capabilities_of",
    "get_account_or_404",
    "has_capability",
    "require",
    "visible_accounts",
]


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMIN: frozenset(Capability),
    Role.SUPPORT: frozenset(
        {
            Capability.BROWSE,
            Capability.EDIT_CONFIGURATION,
            Capability.WALK_OTP,
            Capability.MANAGE_NUMBERS,
        }
    ),
    Role.MARKETING: frozenset({Capability.BROWSE, Capability.AUTHOR_TEMPLATES}),
}


def capabilities_of(user: User | AnonymousUser) -> frozenset[Capability]:
    """What this person may do; nothing when not logged in or inactive."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_admin:
        return ROLE_CAPABILITIES[Role.ADMIN]
    return ROLE_CAPABILITIES.get(user.role, frozenset())


def has_capability(user: User | AnonymousUser, need: Capability) -> bool:
    """Whether this person's role grants ``need``."""
    return need in capabilities_of(user)


def visible_accounts(user: User | AnonymousUser) -> QuerySet[CMAccount]:
    """The accounts this person may use: all for an admin, the granted ones otherwise (the
    rule ``_visible_account`` applies to one account)."""
    if not user.is_authenticated or not user.is_active:
        return CMAccount.objects.none()
    if user.is_admin:
        return CMAccount.objects.all()
    return CMAccount.objects.filter(users=user)


def _visible_account(user: User | AnonymousUser, account_id: uuid.UUID | str) -> CMAccount:
    """``visible_accounts(user).get(account_id=account_id)``, the same rule, read with SQL
    written once (``core.sql_once``): every account page asks first, and the ORM's compiling
    was most of its cost. Raises ``CMAccount.DoesNotExist`` when not theirs or not there."""
    if not user.is_authenticated or not user.is_active:
        raise CMAccount.DoesNotExist
    account = first_where(CMAccount, account_id=account_id)
    if account is None:
        raise CMAccount.DoesNotExist
    if user.is_admin:
        return account
    if first_where(CMAccount.users.through, cmaccount=account.pk, user=user.pk) is None:
        raise CMAccount.DoesNotExist
    return account


def _record_refusal(request: HttpRequest, kind: AccessKind, detail: str) -> None:
    record_access(kind=kind, request=request, detail=detail)


def require(request: HttpRequest, *, need: Capability) -> None:
    """Raise PermissionDenied (the 403 page) unless the person has ``need``; record a refusal."""
    if not has_capability(request.user, need):
        _record_refusal(request, AccessKind.FORBIDDEN, say("needs", capability=need.value))
        raise PermissionDenied(f"needs {need.value}")


def get_account_or_404(
    request: HttpRequest, account_id: uuid.UUID | str, *, need: Capability = Capability.BROWSE
) -> CMAccount:
    """The account if this person may use it and has ``need``; else 404 (not theirs) or 403.

    Not granted comes first so a person cannot learn which account ids exist. The account is
    also put on ``request.current_account`` for the navigation (account switcher, menu).
    """
    try:
        account = _visible_account(request.user, account_id)
    except (CMAccount.DoesNotExist, ValueError, ValidationError):
        try:
            exists = CMAccount.objects.filter(account_id=account_id).exists()
        except (ValueError, ValidationError):
            exists = False
        _record_refusal(
            request,
            AccessKind.NOT_GRANTED,
            say(
                "account_not_granted" if exists else "account_does_not_exist",
                account=str(account_id)[:40],
            ),
        )
        raise Http404("No such account") from None
    require(request, need=need)
    request.current_account = account  # type: ignore[attr-defined]
    return account
