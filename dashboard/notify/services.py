"""Saving a person's notification preferences (audited), and the alerts about an account
itself (a broken token): raised, e-mailed once, marked read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from dashboard import audit
from dashboard.core import mail, wording
from dashboard.notify import bell, queue, selectors
from dashboard.notify.models import (
    URGENT,
    Alert,
    AlertNotification,
    Event,
    How,
    NotificationChoice,
    NotificationSettings,
)
from dashboard.people.middleware import language_of

if TYPE_CHECKING:
    from dashboard.accounts.models import CMAccount
    from dashboard.people.models import User


class UrgentInDigestError(ValueError):
    """An urgent event may not wait for the digest."""


def preferences_update(
    *,
    actor: User,
    choices: Mapping[str, str],
    every_account: bool,
    accounts: Sequence[CMAccount],
    digest_hour: int,
) -> NotificationSettings:
    """Store ``actor``'s own choices: every event's How, the accounts (all they may see, or
    ``accounts``) and the digest hour (UTC). Audited, with what was chosen."""
    for event, how in choices.items():
        if event in URGENT and how == How.DIGEST:
            raise UrgentInDigestError(f"{Event(event).label} is urgent: never in the digest.")
    with transaction.atomic():
        found, _ = NotificationSettings.objects.update_or_create(
            person=actor, defaults={"every_account": every_account, "digest_hour": digest_hour}
        )
        found.accounts.set([] if every_account else list(accounts))
        for event in Event:
            if event in choices:
                NotificationChoice.objects.update_or_create(
                    person=actor, event=event, defaults={"how": choices[event]}
                )
        audit.record(
            actor=actor,
            account=None,
            action="notify.preferences_update",
            target=actor.get_username(),
            sent={
                "choices": {event: choices[event] for event in sorted(choices)},
                "accounts": "every account"
                if every_account
                else sorted(str(account.account_id) for account in accounts),
                "digest_hour_utc": digest_hour,
            },
        )
    return found


# --- alerts: an account's connection broke ----------------------------------------------------


def alert_raise(*, account: CMAccount, event: str, text: str) -> Alert:
    """Tell the people who may see ``account`` about ``event`` (a broken token), as each
    chose: under the bell, and by e-mail at once after commit (urgent: never the digest).
    ``text`` keeps its key and parts when it was said (a ``Said``): the poller raises it in
    English, each reader reads it in their own language."""
    alert = Alert.objects.create(
        account=account, event=event, text=text[:2000], text_parts=wording.parts_of(text) or {}
    )
    people = list(selectors.people_who_see(account))
    routes = selectors.routing(people, account, event)
    told = [pk for pk, how in routes.items() if how != How.OFF]
    AlertNotification.objects.bulk_create(
        [AlertNotification(person_id=pk, alert=alert) for pk in told],
        ignore_conflicts=True,  # once per person and alert, whatever happens
    )
    bell.forget(told)  # bulk_create sends no signal
    if any(person.email and routes[person.pk] == How.EMAIL for person in people):
        transaction.on_commit(partial(queue.email_alert, alert.pk))
    return alert


def alert_email_send(*, alert_id: int) -> int:
    """E-mail one alert to those who chose e-mail at once for it, once
    (``core.mail.email_once``); returns how many were sent."""

    def compose(alert: Alert) -> list[EmailMessage]:
        context = {"alert": alert, "account": alert.account, "site_url": mail.site_url()}
        people = list(selectors.people_who_see(alert.account))
        routes = selectors.routing(people, alert.account, alert.event)
        messages = []
        # Each person reads it in their own language: one rendering per language.
        by_language: dict[str, tuple[str, str]] = {}
        for person in people:
            if person.email and routes[person.pk] == How.EMAIL:
                language = language_of(person)
                if language not in by_language:
                    by_language[language] = mail.rendered(
                        "notify/email/alert_", context, language=language
                    )
                subject, body = by_language[language]
                messages.append(EmailMessage(subject, body, to=[person.email]))
        return messages

    return mail.email_once(Alert.objects.select_related("account"), alert_id, compose)


def alerts_mark_read(*, person: User) -> int:
    """Mark every alert of this person read ("Mark all as read"); returns how many. Not
    audited, as the tracker's notifications are not: it changes only this person's list."""
    unread = AlertNotification.objects.filter(person=person, read_at__isnull=True)
    marked = unread.update(read_at=timezone.now())
    bell.forget([person.pk])
    return marked
