"""The writes of reviews: the policy, asking, approving (which sends once), sending back,
voiding, the notifications and e-mail of each step, and subscriptions.

Only WAITING moves, and only once: every decision is one conditional UPDATE
(``state=waiting`` → the new state), so of a double click or two reviewers at once exactly one
wins, on SQLite and PostgreSQL alike. Approving moves to SENDING and commits *before* the
owning app's handler sends, so nothing else can send the same review meanwhile. Every step is
audited and creates a ``ReviewEvent``: one in-app notification per person it concerns (a
unique constraint backs that up) and one e-mail, queued after commit and sent once
(``emailed_at``, under a row lock).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from dashboard import audit
from dashboard.audit.models import Outcome
from dashboard.core import mail
from dashboard.notify import bell
from dashboard.notify import selectors as notify
from dashboard.notify.models import How
from dashboard.reviews import queue, registry, selectors, wording
from dashboard.reviews.models import (
    EventKind,
    Review,
    ReviewEvent,
    ReviewKind,
    ReviewNotification,
    ReviewPolicy,
    ReviewState,
    ReviewSubscription,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from dashboard.accounts.models import CMAccount
    from dashboard.people.models import User

    Actor = AbstractBaseUser | AnonymousUser | None

logger = logging.getLogger(__name__)

MAX_COMMENT = 2000


def _name(actor: Any) -> str:
    return actor.get_username() if actor is not None and actor.is_authenticated else ""


def _person(actor: Any) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


# --- the policy ---------------------------------------------------------------------------------


def review_required(*, account: CMAccount, kind: ReviewKind | str) -> bool:
    """Whether this account wants a second person for ``kind`` (off unless an admin said so)."""
    return selectors.required(account=account, kind=kind)


def policy_update(*, actor: Actor, account: CMAccount, wanted: set[str]) -> ReviewPolicy:
    """Switch review on for exactly the kinds in ``wanted`` on this account; audited."""
    with transaction.atomic():
        policy, _ = ReviewPolicy.objects.select_for_update().get_or_create(account=account)
        before = {kind: policy.requires(kind) for kind in ReviewKind.values}
        for kind in ReviewKind.values:
            setattr(policy, kind, kind in wanted)
        policy.updated_by = _person(actor)
        policy.save()
        after = {kind: policy.requires(kind) for kind in ReviewKind.values}
        audit.record(
            actor=actor,
            account=account,
            action="review.policy_update",
            target=str(account.account_id),
            sent={"before": before, "after": after},
        )
    return policy


# --- asking -------------------------------------------------------------------------------------


def review_ask(
    *,
    actor: Actor,
    account: CMAccount,
    kind: ReviewKind | str,
    target: str,
    label: str,
    payload: dict,
    label_parts: dict[str, Any] | None = None,
    cost: dict | None = None,
    fingerprint: str = "",
) -> Review:
    """Keep exactly what would be sent for a second person to approve; sends nothing.

    ``label`` is the label in the asker's words; ``label_parts`` its key and parts
    (``wording``), so each reader sees it in their own language.

    Audited, and the people concerned are told. When a review of the same thing is already
    open, that one is returned with ``already_waiting`` set (nothing new is asked), unless the
    thing changed since (its handler says why it is void): that one is then voided first.
    """
    open_one = selectors.waiting_review(account=account, kind=kind, target=target)
    if open_one is not None and open_one.is_waiting and _void_reason(open_one):
        review_void(actor=actor, review=open_one, reason=_void_reason(open_one))
        open_one = selectors.waiting_review(account=account, kind=kind, target=target)
    if open_one is not None:
        open_one.already_waiting = True
        return open_one
    try:
        with transaction.atomic():
            review = Review.objects.create(
                account=account,
                kind=str(kind),
                target=target,
                label=label[:300],
                label_parts=label_parts or {},
                payload=payload,
                cost=cost,
                fingerprint=fingerprint,
                author=_person(actor),
                author_name=_name(actor),
            )
            audit.record(
                actor=actor,
                account=account,
                action="review.ask",
                target=f"{kind}/{target}",
                sent={"label": label, "payload": payload, "cost": cost},
            )
            _event(review, EventKind.ASKED, actor)
    except IntegrityError:
        # Someone asked for the same thing at the same moment: theirs is the one waiting.
        raced = selectors.waiting_review(account=account, kind=kind, target=target)
        if raced is None:
            raise
        raced.already_waiting = True
        return raced
    return review


def _void_reason(review: Review) -> str:
    if not registry.registered(review.kind):
        return ""
    return registry.handler_for(review.kind).void_reason(review)


# --- deciding -----------------------------------------------------------------------------------


class NotAllowed(Exception):
    """This person may not decide this review; the message says why, in words."""


@dataclass(frozen=True)
class Decision:
    """What a decision did: the review as it now stands, and the words for the reviewer."""

    review: Review
    ok: bool
    message: str


def may_decide(person: Any, review: Review) -> str:
    """ "" when ``person`` may approve or send back ``review``; else why not, in words."""
    return selectors.why_not_decide(person, review)


def _check(actor: Any, review: Review) -> None:
    why = may_decide(actor, review)
    if why:
        raise NotAllowed(why)


def _move(review: Review, to: ReviewState, **fields: Any) -> bool:
    """Move a waiting review on, once: True for the one caller whose UPDATE matched."""
    moved = Review.objects.filter(pk=review.pk, state=ReviewState.WAITING).update(
        state=to, **fields
    )
    review.refresh_from_db()
    return moved == 1


def _already(review: Review) -> Decision:
    return Decision(
        review,
        False,
        gettext("This review was already decided: %(state)s.")
        % {"state": review.get_state_display()},
    )


def review_approve(*, actor: User, review: Review) -> Decision:
    """Approve and send, exactly once. Void (and send nothing) when the thing changed since
    review was asked. Raises NotAllowed for the author, or a person without the right."""
    _check(actor, review)
    handler = registry.handler_for(review.kind)
    # Taken first, and committed before anything is sent: a second click, or another
    # reviewer, now finds it taken and sends nothing.
    now = timezone.now()
    if not _move(
        review, ReviewState.SENDING, reviewer=actor, reviewer_name=_name(actor), decided_at=now
    ):
        return _already(review)
    reason = handler.void_reason(review)
    if reason:
        with transaction.atomic():
            Review.objects.filter(pk=review.pk, state=ReviewState.SENDING).update(
                state=ReviewState.VOID,
                outcome=reason[:4000],
                outcome_parts=wording.parts_of(reason) or {},
            )
            review.refresh_from_db()
            _void_recorded(actor, review, reason)
        return Decision(review, False, gettext("Nothing was sent: %(reason)s") % {"reason": reason})
    audit.record(
        actor=actor,
        account=review.account,
        action="review.approve",
        target=f"{review.kind}/{review.target}",
        sent={"review": review.pk, "label": review.label},
    )
    try:
        sent = handler.send(review, actor)
    except Exception:
        # A bug in sending must not leave the review "sending" for ever: it failed, in words.
        logger.exception("sending review %s failed", review.pk)
        sent = registry.Sent(False, wording.outcome("dashboard_error"))
    state = ReviewState.SENT if sent.ok else ReviewState.FAILED
    Review.objects.filter(pk=review.pk, state=ReviewState.SENDING).update(
        state=state,
        outcome=sent.message[:4000],
        outcome_parts=wording.parts_of(sent.message) or {},
    )
    review.refresh_from_db()
    with transaction.atomic():
        audit.record(
            actor=actor,
            account=review.account,
            action="review.send",
            target=f"{review.kind}/{review.target}",
            sent={"review": review.pk, "label": review.label},
            outcome=Outcome.OK if sent.ok else Outcome.FAILED,
            message=sent.message,
        )
        _event(review, EventKind.SENT if sent.ok else EventKind.FAILED, actor)
    return Decision(review, sent.ok, sent.message)


def review_send_back(*, actor: User, review: Review, comment: str) -> Decision:
    """Send the review back to its author with a comment (required); sends nothing."""
    _check(actor, review)
    comment = comment.strip()[:MAX_COMMENT]
    if not comment:
        return Decision(
            review, False, gettext("Say what should change: the author sees your comment.")
        )
    with transaction.atomic():
        moved = _move(
            review,
            ReviewState.SENT_BACK,
            reviewer=actor,
            reviewer_name=_name(actor),
            decided_at=timezone.now(),
            comment=comment,
        )
        if not moved:
            return _already(review)
        audit.record(
            actor=actor,
            account=review.account,
            action="review.send_back",
            target=f"{review.kind}/{review.target}",
            sent={"review": review.pk, "label": review.label, "comment": comment},
        )
        _event(review, EventKind.SENT_BACK, actor)
    return Decision(
        review,
        True,
        gettext("Sent back to %(name)s.") % {"name": review.author_name or gettext("the author")},
    )


def review_void(*, actor: Actor, review: Review, reason: str) -> Review:
    """Void a waiting review (the thing changed since it was asked); sends nothing."""
    with transaction.atomic():
        if _move(
            review,
            ReviewState.VOID,
            decided_at=timezone.now(),
            outcome=reason[:4000],
            outcome_parts=wording.parts_of(reason) or {},
        ):
            _void_recorded(actor, review, reason)
    return review


def _void_recorded(actor: Actor, review: Review, reason: str) -> None:
    audit.record(
        actor=actor,
        account=review.account,
        action="review.void",
        target=f"{review.kind}/{review.target}",
        sent={"review": review.pk, "label": review.label},
        message=reason,
    )
    _event(review, EventKind.VOID, actor)


def review_void_if_changed(*, actor: Actor, account: CMAccount, kind: str, target: str) -> str:
    """Void the waiting review of this thing when it changed since; returns why ("" if not)."""
    review = selectors.waiting_review(account=account, kind=kind, target=target)
    if review is None or not review.is_waiting:
        return ""
    reason = _void_reason(review)
    if reason:
        review_void(actor=actor, review=review, reason=reason)
    return reason


# --- telling people -----------------------------------------------------------------------------


def _event(review: Review, what: EventKind, actor: Any) -> ReviewEvent:
    """One step: its notifications now (in the caller's transaction), its e-mail on commit."""
    event = ReviewEvent.objects.create(
        review=review, what=what, actor=_person(actor), actor_name=_name(actor)
    )
    people = selectors.people_to_tell(review, actor=actor)
    # Each person's preferences decide: nothing, the bell, and e-mail at once or later.
    routes = notify.routing(people, review.account, selectors.event_of(what))
    told = [person for person in people if routes[person.pk] != How.OFF]
    ReviewNotification.objects.bulk_create(
        [ReviewNotification(person=person, event=event) for person in told],
        ignore_conflicts=True,  # once per person and event, whatever happens
    )
    bell.forget(person.pk for person in told)  # bulk_create sends no signal
    if selectors.emailed_about(told, review.account, routes):
        transaction.on_commit(partial(queue.email_event, event.pk))
    return event


def event_email_send(*, event_id: int) -> int:
    """E-mail one step of a review to the people it concerns, once (``core.mail.email_once``);
    returns how many were sent."""

    def compose(event: ReviewEvent) -> list[EmailMessage]:
        review = event.review
        context = {"event": event, "review": review, "account": review.account}
        notes = ReviewNotification.objects.filter(event=event).select_related("person")
        people = [note.person for note in notes]
        routes = notify.routing(people, review.account, selectors.event_of(event.what))
        # Each person reads it in their own language (their choice, else the site's).
        emails = []
        for person in selectors.emailed_about(people, review.account, routes):
            with translation.override(getattr(person, "language", "") or settings.LANGUAGE_CODE):
                subject, body = mail.rendered(
                    "reviews/email/", {**context, "site_url": mail.site_url()}
                )
            emails.append(EmailMessage(subject, body, to=[person.email]))
        return emails

    return mail.email_once(ReviewEvent.objects.select_related("review__account"), event_id, compose)


def subscription_set(*, actor: User, account: CMAccount, on: bool) -> bool:
    """Hear (or stop hearing) about this account's reviews; audited. Returns ``on``."""
    with transaction.atomic():
        if on:
            ReviewSubscription.objects.get_or_create(person=actor, account=account)
        else:
            ReviewSubscription.objects.filter(person=actor, account=account).delete()
        audit.record(
            actor=actor,
            account=account,
            action="review.subscribe" if on else "review.unsubscribe",
            target=str(account.account_id),
        )
    return on


def notifications_mark_read(*, person: Any, review: Review) -> int:
    """Mark this person's notifications of ``review`` read (they opened it); returns how many.
    Not audited, as the tracker's are not: it changes only what this person's own list shows."""
    if not person.is_authenticated:
        return 0
    unread = ReviewNotification.objects.filter(
        person=person, event__review=review, read_at__isnull=True
    )
    marked = unread.update(read_at=timezone.now())
    bell.forget([person.pk])
    return marked


def notifications_mark_all_read(*, person: Any) -> int:
    """Mark every review notification of this person read ("Mark all as read" under the
    bell); returns how many. Not audited, as above."""
    if not person.is_authenticated:
        return 0
    unread = ReviewNotification.objects.filter(person=person, read_at__isnull=True)
    marked = unread.update(read_at=timezone.now())
    bell.forget([person.pk])
    return marked
