"""Reads for company login: the mapping, what it grants a set of groups, and its version."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet

from dashboard.people.models import Role
from dashboard.people.sessions import SignedInSession, signed_in_sessions
from dashboard.sso.models import CompanyIdentity, GroupMapping

# The provider's session id (the ID token's sid) in a company-login session: the provider's
# back-channel logout names it.
SESSION_PROVIDER_SID = "company_login_sid"

# A person in groups of several roles gets the first of these.
ROLE_PRECEDENCE = (Role.ADMIN, Role.SUPPORT, Role.MARKETING)


@dataclass(frozen=True)
class Grants:
    """What a person's groups give them: one role, and the accounts (by primary key)."""

    role: str
    account_pks: frozenset[int]


def mapping_list() -> QuerySet[GroupMapping]:
    """Every mapping with its accounts, by group name."""
    return GroupMapping.objects.prefetch_related("accounts")


def identity_list() -> QuerySet[CompanyIdentity]:
    """Everyone who signed in through the company, with the groups last seen."""
    return CompanyIdentity.objects.select_related("user").order_by("user__username")


def grants_for(groups: Iterable[str]) -> Grants | None:
    """The role and accounts these groups map to; None when none of them is mapped."""
    mappings = list(mapping_list().filter(group__in=list(groups)))
    if not mappings:
        return None
    roles = {mapping.role for mapping in mappings}
    role = next(role for role in ROLE_PRECEDENCE if role in roles)
    accounts = frozenset(account.pk for mapping in mappings for account in mapping.accounts.all())
    return Grants(role=role, account_pks=accounts)


def mapping_version() -> str:
    """Changes whenever a mapping is added, changed or removed: one small query, so the
    middleware can afford it on every request of a company-login session."""
    stats = GroupMapping.objects.aggregate(count=Count("pk"), latest=Max("updated_at"))
    latest = stats["latest"].isoformat() if stats["latest"] else "-"
    return f"{stats['count']}:{latest}"


def sessions_of(*, user_pk: object | None = None, sid: str = "") -> list[SignedInSession]:
    """The live sessions of this person (``user_pk``), or of this provider session (``sid``),
    or both at once when both are given; none when neither is."""
    if user_pk is None and not sid:
        return []
    return [
        session
        for session in signed_in_sessions()
        if (user_pk is None or session.user_pk == str(user_pk))
        and (not sid or session.data.get(SESSION_PROVIDER_SID) == sid)
    ]


def identity_of(*, issuer: str, subject: str) -> CompanyIdentity | None:
    """The person the provider knows as ``subject``, if they ever signed in here."""
    return (
        CompanyIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
