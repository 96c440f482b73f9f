"""Writes for company login: the mapping (edited by admins) and a person's grants from it.

Every write is audited; grants applied from the mapping are recorded with no actor (the
system did it) through the people services, like an admin's edit would be.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from dashboard import audit
from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AccessKind
from dashboard.audit.services import record_access
from dashboard.audit.wording import say
from dashboard.people.models import User
from dashboard.people.services import person_set_accounts, person_update
from dashboard.people.sessions import end_sessions
from dashboard.sso.models import CompanyIdentity, GroupMapping
from dashboard.sso.selectors import Grants, grants_for, identity_of, sessions_of

if TYPE_CHECKING:
    from dashboard.people.services import Actor

# Back-channel logout (OpenID Connect Back-Channel Logout 1.0): a provider sends a logout
# token as it ends a session, so one issued longer ago than this is refused
# (backends.CompanyLoginBackend.verify_logout_token); its jti is remembered for that long plus
# the clock skew allowed, so a replay is refused whichever check it meets.
LOGOUT_TOKEN_MAX_AGE = 5 * 60
# How far ahead of ours the provider's clock may be.
CLOCK_SKEW = 60


def _labels(accounts: Iterable[CMAccount]) -> list[str]:
    return sorted(str(account.account_id) for account in accounts)


@transaction.atomic
def mapping_create(
    *, actor: Actor, group: str, role: str, accounts: Iterable[CMAccount]
) -> GroupMapping:
    """Map a company group to a role and accounts."""
    mapping = GroupMapping.objects.create(group=group, role=role)
    mapping.accounts.set(list(accounts))
    audit.record(
        actor=actor,
        account=None,
        action="sso.mapping_create",
        target=group,
        sent={"group": group, "role": role, "accounts": _labels(mapping.accounts.all())},
    )
    return mapping


@transaction.atomic
def mapping_update(
    *, actor: Actor, mapping: GroupMapping, group: str, role: str, accounts: Iterable[CMAccount]
) -> GroupMapping:
    """Change what a group maps to (saved even when unchanged, which bumps the version)."""
    mapping.group = group
    mapping.role = role
    mapping.save()
    mapping.accounts.set(list(accounts))
    audit.record(
        actor=actor,
        account=None,
        action="sso.mapping_update",
        target=group,
        sent={"group": group, "role": role, "accounts": _labels(mapping.accounts.all())},
    )
    return mapping


@transaction.atomic
def mapping_delete(*, actor: Actor, mapping: GroupMapping) -> None:
    """Stop mapping a group: its members lose what it gave them at their next request."""
    group = mapping.group
    mapping.delete()
    audit.record(
        actor=actor, account=None, action="sso.mapping_delete", target=group, sent={"group": group}
    )


@transaction.atomic
def identity_record(*, person: User, issuer: str, subject: str, groups: list[str]) -> None:
    """Keep the groups the provider last said this person is in."""
    CompanyIdentity.objects.update_or_create(
        user=person,
        defaults={
            "issuer": issuer,
            "subject": subject,
            "groups": groups,
            "seen_at": timezone.now(),
        },
    )


@transaction.atomic
def person_apply_grants(*, person: User, groups: list[str]) -> Grants | None:
    """Give the person what their groups map to now; with nothing mapped, take their accounts
    away and answer None (the caller refuses or ends the session)."""
    grants = grants_for(groups)
    if grants is None:
        person_set_accounts(actor=None, person=person, accounts=[])
        return None
    if person.role != grants.role:
        person_update(actor=None, person=person, role=grants.role)
    person_set_accounts(
        actor=None, person=person, accounts=CMAccount.objects.filter(pk__in=grants.account_pks)
    )
    return grants


@transaction.atomic
def person_create_from_claims(*, username: str, role: str, claims: dict[str, Any]) -> User:
    """A new person as the provider describes them; they have no password here."""
    person = User(
        username=username,
        role=role,
        email=str(claims.get("email") or "")[:254],
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
    )
    person.set_unusable_password()
    person.save()
    audit.record(
        actor=None,
        account=None,
        action="person.create",
        target=person.username,
        sent={"username": person.username, "role": role, "via": "company login"},
    )
    return person


def logout_token_spend(*, issuer: str, jti: str) -> bool:
    """Whether this logout token is seen for the first time (and now remembered); False for a
    replay. One atomic ``add`` on the shared cache, so two processes cannot both accept it."""
    digest = hashlib.sha256(f"{issuer}\0{jti}".encode()).hexdigest()
    return bool(cache.add(f"sso:logout-jti:{digest}", 1, timeout=LOGOUT_TOKEN_MAX_AGE + CLOCK_SKEW))


@transaction.atomic
def backchannel_logout(
    *, request: HttpRequest | None, issuer: str, subject: str = "", sid: str = ""
) -> int:
    """End the sessions a verified logout token names; the number ended.

    With a subject, every session of that person ends (a provider sends one when it disables
    someone, and a session of theirs kept elsewhere must not outlive that); with only the
    provider's session id, the sessions that came from that provider session. Each person
    signed out is one access event and one audit line.
    """
    if subject:
        identity = identity_of(issuer=issuer, subject=subject)
        found = sessions_of(user_pk=identity.user_id) if identity is not None else []
    else:
        found = sessions_of(sid=sid)
    end_sessions(session.key for session in found)
    ended = Counter(session.user_pk for session in found)
    for person in User.objects.filter(pk__in=list(ended)).order_by("pk"):
        record_access(
            kind=AccessKind.LOGOUT, request=request, user=person, detail=say("backchannel_logout")
        )
        audit.record(
            actor=None,
            account=None,
            action="sso.backchannel_logout",
            target=person.username,
            sent={"sessions": ended[str(person.pk)], "named": "person" if subject else "session"},
        )
    return len(found)
