"""The daily digest: one e-mail per person and day (UTC) listing what they chose to read
later, since their last digest. The tracker sends it because it reads both kinds of rows
people are told about (its own status changes and the reviews' steps).

Once a day whatever happens: the ``notify.Digest`` row (unique per person and day) is created
in the same transaction that sends the e-mail. A second run of the task waits for the first
one's insert, then finds the row and sends nothing; a failed send rolls the row back, so a
retry sends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from dashboard.core import mail
from dashboard.notify import selectors as notify
from dashboard.notify.models import Digest, How
from dashboard.people.models import User
from dashboard.reviews import selectors as review_selectors
from dashboard.reviews.models import ReviewNotification
from dashboard.tracker import selectors

# A first digest covers the day before it.
FIRST_SPAN = timedelta(days=1)


@dataclass(frozen=True)
class DigestLine:
    """One thing that happened, as the digest lists it."""

    at: datetime
    account: str
    text: str
    path: str


def _lines(person: User, since: datetime, until: datetime) -> list[DigestLine]:
    """What this person keeps for the digest (their choice now, per account and event)."""
    lines: list[DigestLine] = []
    routes: dict[tuple[int, str], How] = {}

    def kept(account: Any, event: str) -> bool:
        # The person's choice for each account and kind of event, read once.
        if (account.pk, event) not in routes:
            routes[account.pk, event] = notify.routing([person], account, event)[person.pk]
        return routes[account.pk, event] == How.DIGEST

    changes = (
        selectors.notifications_for(person)
        .filter(created_at__gt=since, created_at__lte=until)
        .select_related("change__item__account")
    )
    for note in changes:
        change, item = note.change, note.change.item
        if kept(item.account, selectors.event_of(change)):
            lines.append(
                DigestLine(
                    note.created_at,
                    item.account.name,
                    f"{item.get_kind_display()}: {item.display_label} — "
                    f"{change.from_label} → {change.to_label}",
                    reverse("tracker:item", args=[item.account.account_id, item.pk]),
                )
            )
    steps = review_selectors.notifications_for(person).filter(
        created_at__gt=since, created_at__lte=until
    )
    for note in steps:
        step: ReviewNotification = note
        review = step.event.review
        if kept(review.account, review_selectors.event_of(step.event.what)):
            lines.append(
                DigestLine(
                    step.created_at,
                    review.account.name,
                    gettext("Review: %(label)s — %(what)s")
                    % {"label": review.display_label, "what": step.event.get_what_display()},
                    reverse("reviews:review", args=[review.account.account_id, review.public_id]),
                )
            )
    return sorted(lines, key=lambda line: line.at)


def digest_send(*, person_id: int, until: datetime) -> int:
    """Send ``person_id`` their digest of the day ``until`` falls in (UTC), once; returns how
    many e-mails went (0 or 1). Nothing to list still counts as the day's digest."""
    day = until.astimezone(UTC).date()
    with transaction.atomic():
        person = User.objects.filter(pk=person_id, is_active=True).first()
        if person is None or not person.email:
            return 0
        last = Digest.objects.filter(person=person).order_by("-covers_until").first()
        since = last.covers_until if last is not None else until - FIRST_SPAN
        digest, created = Digest.objects.get_or_create(
            person=person, day=day, defaults={"covers_from": since, "covers_until": until}
        )
        if not created:
            return 0
        # The person's language (their choice, else the site's) for the lines and the e-mail.
        with translation.override(person.language or settings.LANGUAGE_CODE):
            lines = _lines(person, since, until)
            subject, body = mail.rendered(
                "tracker/email/digest_",
                {
                    "person": person,
                    "lines": lines,
                    "since": since,
                    "until": until,
                    "site_url": mail.site_url(),
                },
            )
        digest.items = len(lines)
        digest.sent_at = until
        digest.save(update_fields=["items", "sent_at"])
        if not lines:
            return 0
        get_connection().send_messages([EmailMessage(subject, body, to=[person.email])])
    return 1


def people_due(hour: int) -> list[int]:
    """Ids of the people whose digest hour (UTC) is ``hour``."""
    return [person.pk for person in notify.digest_people(hour)]
