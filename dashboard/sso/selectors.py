"""Reads for company login: the mapping, what it grants a set of groups, and its version."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from dashboard.people.models import Role
from dashboard.sso.models import CompanyIdentity, GroupMapping

# The provider's session id (the ID token's sid) in a company-login session: the provider's
# back-channel logout names it.
SESSION_PROVIDER_SID = "company_login_sid"

_DB_SESSION_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}

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


@dataclass(frozen=True)
class SignedInSession:
    """One live session of the dashboard: its key, and the person signed in with it."""

    key: str
    user_pk: str


def sessions_of(*, user_pk: object | None = None, sid: str = "") -> list[SignedInSession]:
    """The live sessions of this person (``user_pk``), or of this provider session (``sid``),
    or both at once when both are given.

    Sessions are in the database (settings.py), read by decoding each, as
    ``people.signals.end_sessions_of`` does: a dashboard has tens of people, not millions of
    sessions, so no index of sessions per person is kept up to date beside Django's own.
    """
    if settings.SESSION_ENGINE not in _DB_SESSION_ENGINES or (user_pk is None and not sid):
        return []
    from django.contrib.sessions.models import Session

    found = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        signed_in = data.get(SESSION_KEY)
        if signed_in is None:
            continue
        if user_pk is not None and str(signed_in) != str(user_pk):
            continue
        if sid and data.get(SESSION_PROVIDER_SID) != sid:
            continue
        found.append(SignedInSession(key=session.session_key, user_pk=str(signed_in)))
    return found


def identity_of(*, issuer: str, subject: str) -> CompanyIdentity | None:
    """The person the provider knows as ``subject``, if they ever signed in here."""
    return (
        CompanyIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
