"""Writes on people: create, update, and which accounts they may use. Each is audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from dashboard import audit
from dashboard.accounts.models import CMAccount
from dashboard.people.models import User

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Actor = AbstractBaseUser | AnonymousUser | None


def _account_labels(accounts: Iterable[CMAccount]) -> list[str]:
    return sorted(str(account.account_id) for account in accounts)


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    username: str,
    role: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_active: bool = True,
    accounts: Iterable[CMAccount] = (),
) -> User:
    """Add a person with a role and the accounts they may use."""
    person = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_active=is_active,
    )
    person.set_password(password)
    person.save()
    person.cm_accounts.set(accounts)
    audit.record(
        actor=actor,
        account=None,
        action="person.create",
        target=person.username,
        sent={
            "username": username,
            "role": role,
            "is_active": is_active,
            "password": "set",
            "accounts": _account_labels(person.cm_accounts.all()),
        },
    )
    return person


@transaction.atomic
def person_update(
    *,
    actor: Actor,
    person: User,
    role: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
    username: str | None = None,
    is_active: bool | None = None,
    password: str | None = None,
) -> User:
    """Change a person's details or role; a blank password keeps theirs."""
    changed: dict[str, Any] = {}
    for name, value in (
        ("username", username),
        ("role", role),
        ("first_name", first_name),
        ("last_name", last_name),
        ("email", email),
        ("is_active", is_active),
    ):
        if value is not None and getattr(person, name) != value:
            setattr(person, name, value)
            changed[name] = value
    if password:
        person.set_password(password)
        changed["password"] = "replaced"  # noqa: S105 (a word for the audit, not a password)
    person.save()
    if changed:
        audit.record(
            actor=actor, account=None, action="person.update", target=person.username, sent=changed
        )
    return person


@transaction.atomic
def person_set_accounts(*, actor: Actor, person: User, accounts: Iterable[CMAccount]) -> User:
    """Grant exactly these accounts (recorded only when the set changes)."""
    wanted = list(accounts)
    before = set(person.cm_accounts.values_list("pk", flat=True))
    person.cm_accounts.set(wanted)
    if before != {account.pk for account in wanted}:
        audit.record(
            actor=actor,
            account=None,
            action="person.set_accounts",
            target=person.username,
            sent={"accounts": _account_labels(wanted)},
        )
    return person


@transaction.atomic
def person_set_language(*, actor: Actor, person: User, language: str) -> User:
    """Set the language a person reads the dashboard in ("" follows their browser); recorded
    only when it changes."""
    if person.language != language:
        person.language = language
        person.save(update_fields=["language"])
        audit.record(
            actor=actor,
            account=None,
            action="person.set_language",
            target=person.username,
            sent={"language": language or "browser"},
        )
    return person
