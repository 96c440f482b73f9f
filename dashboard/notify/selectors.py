"""Reads of the preferences: a person's choices (saved, or their role's defaults), and whom to
tell about one event of one account, and how (``routing``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from dashboard.notify.models import (
    URGENT,
    AlertNotification,
    Event,
    How,
    NotificationChoice,
    NotificationSettings,
)
from dashboard.people.access import visible_accounts
from dashboard.people.models import Role, User

if TYPE_CHECKING:
    from dashboard.accounts.models import CMAccount

DEFAULT_DIGEST_HOUR = 7  # UTC, as NotificationSettings.digest_hour's default

# What a person hears before they choose: each role what it acts on. Support fixes what is
# stuck (action required, a broken token: e-mail at once); marketing waits for its templates'
# verdicts; admins hear of a broken token at once and read the rest once a day.
_EVERYTHING_IN_APP = {event: How.IN_APP for event in Event}
DEFAULTS: dict[str, dict[str, How]] = {
    Role.SUPPORT: {
        **_EVERYTHING_IN_APP,
        Event.ACTION_REQUIRED: How.EMAIL,
        Event.BROKEN_TOKEN: How.EMAIL,
    },
    Role.MARKETING: {**_EVERYTHING_IN_APP, Event.APPROVED: How.EMAIL, Event.REJECTED: How.EMAIL},
    Role.ADMIN: {
        **{event: How.DIGEST for event in Event},
        Event.ACTION_REQUIRED: How.IN_APP,
        Event.BROKEN_TOKEN: How.EMAIL,
    },
}


def defaults_for(person: User) -> dict[str, How]:
    """The choices of a person who never saved the form."""
    role = Role.ADMIN if person.is_admin else person.role
    return dict(DEFAULTS.get(role, _EVERYTHING_IN_APP))


def choices_of(person: User) -> dict[str, How]:
    """Every event → how it reaches this person."""
    chosen = dict(NotificationChoice.objects.filter(person=person).values_list("event", "how"))
    return {**defaults_for(person), **{e: How(h) for e, h in chosen.items()}}


def settings_of(person: User) -> NotificationSettings:
    """The person's settings, unsaved defaults when they have none."""
    found = NotificationSettings.objects.filter(person=person).first()
    return found or NotificationSettings(person=person, digest_hour=DEFAULT_DIGEST_HOUR)


def chosen_account_ids(person: User) -> set[int] | None:
    """The accounts this person chose to hear about; None for every account they may see."""
    found = NotificationSettings.objects.filter(person=person).first()
    if found is None or found.every_account:
        return None
    return set(found.accounts.values_list("pk", flat=True))


def routing(people: Iterable[User], account: CMAccount, event: str) -> dict[int, How]:
    """How ``event`` of ``account`` reaches each of ``people`` (person pk → How), in at most
    three queries whatever their number. A person who left the account out hears nothing; an urgent
    event never goes to the digest (a stored digest choice for it counts as e-mail at once)."""
    people = list(people)
    pks = [person.pk for person in people]
    chosen = {
        person_id: How(how)
        for person_id, how in NotificationChoice.objects.filter(
            person_id__in=pks, event=event
        ).values_list("person_id", "how")
    }
    narrowed = {
        found.pk: found
        for found in NotificationSettings.objects.filter(
            person_id__in=pks, every_account=False
        ).prefetch_related("accounts")
    }
    routes: dict[int, How] = {}
    for person in people:
        how = chosen.get(person.pk) or defaults_for(person)[event]
        narrow = narrowed.get(person.pk)
        if narrow is not None and account.pk not in {a.pk for a in narrow.accounts.all()}:
            how = How.OFF
        if how == How.DIGEST and event in URGENT:
            how = How.EMAIL
        routes[person.pk] = how
    return routes


def people_who_see(account: CMAccount) -> QuerySet[User]:
    """Active people who may see this account: admins and those it is granted to."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(role=Role.ADMIN) | Q(cm_accounts=account))
        .distinct()
    )


def digest_people(hour: int) -> list[User]:
    """Active people with an e-mail address whose digest hour (UTC) is ``hour`` and who send
    at least one kind of event to the digest."""
    with_settings = NotificationSettings.objects.values("person_id")
    at_hour = Q(notification_settings__digest_hour=hour)
    if hour == DEFAULT_DIGEST_HOUR:
        at_hour |= ~Q(pk__in=with_settings)
    found = User.objects.filter(is_active=True).exclude(email="").filter(at_hour)
    return [person for person in found if How.DIGEST in choices_of(person).values()]


def alerts_for(person: User) -> QuerySet[AlertNotification]:
    """A person's alerts (a broken token), newest first, of the accounts they may still see."""
    return (
        AlertNotification.objects.filter(person=person, alert__account__in=visible_accounts(person))
        .select_related("alert__account")
        .order_by("-created_at", "-id")
    )
