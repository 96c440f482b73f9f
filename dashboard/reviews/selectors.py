"""Reads of reviews: the open review of a thing, the latest one, who is told, the boards."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.timesince import timesince

from dashboard.core.sql_once import first_where
from dashboard.notify.models import Event, How
from dashboard.people.access import has_capability, visible_accounts
from dashboard.people.models import Role, User
from dashboard.reviews import registry, wording
from dashboard.reviews.models import (
    OPEN_STATES,
    EventKind,
    Review,
    ReviewKind,
    ReviewNotification,
    ReviewPolicy,
    ReviewState,
    ReviewSubscription,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from dashboard.accounts.models import CMAccount

BOARD_PAGE_SIZE = 25
RECENT_DECISIONS = 10


def waiting_review(*, account: CMAccount, kind: ReviewKind | str, target: str) -> Review | None:
    """The review of this thing that waits for a reviewer (or is being sent), if any."""
    return (
        Review.objects.filter(account=account, kind=kind, target=target, state__in=OPEN_STATES)
        .order_by("-created_at", "-id")
        .first()
    )


def latest_review(*, account: CMAccount, kind: ReviewKind | str, target: str) -> Review | None:
    """The newest review of this thing, whatever its state (a sent-back one's comment shows
    to the author)."""
    # Asked by every view of the studio's editor: written once (core.sql_once; the ORM's
    # compiling was most of its time).
    return first_where(
        Review, newest=("created_at", "id"), account=account.pk, kind=kind, target=target
    )


def required(*, account: CMAccount, kind: ReviewKind | str) -> bool:
    """Whether this account wants a second person for ``kind`` (off unless an admin said so)."""
    # One row per account at most; asked by every editor view, so written once (core.sql_once).
    policy = first_where(ReviewPolicy, account=account.pk)
    return policy is not None and policy.requires(str(kind))


@dataclass(frozen=True)
class ReviewStatus:
    """Where one thing stands with review, for the page where its author works on it."""

    required: bool
    """The account wants a second person for this kind: the button says "Ask for review"."""
    waiting: Review | None
    """The open review (waiting, or being sent), if any."""
    latest: Review | None
    """The newest review, whatever its state."""
    void_reason: str = ""
    """Why the waiting review no longer matches the thing ("" while it does)."""

    @property
    def blocks(self) -> bool:
        """A review waits and still matches: the author is not offered to submit again."""
        return self.waiting is not None and not self.void_reason

    @property
    def age(self) -> str:
        return waiting_age(self.waiting) if self.waiting is not None else ""

    @property
    def decided(self) -> Review | None:
        """The latest review when it was decided (sent back, void, sent, failed) and nothing
        waits: its outcome or the reviewer's comment shows to the author."""
        if self.waiting is not None or self.latest is None or not self.latest.is_decided:
            return None
        return self.latest


def review_status(*, account: CMAccount, kind: ReviewKind | str, target: str) -> ReviewStatus:
    """The review state of one thing (two small queries, no upstream call; a third, the
    handler's, while one waits)."""
    latest = latest_review(account=account, kind=kind, target=target)
    # At most one review of a thing is open, and none is asked while it is: an open one is
    # always the latest.
    waiting = latest if latest is not None and not latest.is_decided else None
    void = ""
    if waiting is not None and waiting.is_waiting and registry.registered(waiting.kind):
        void = registry.handler_for(waiting.kind).void_reason(waiting)
    return ReviewStatus(
        required=required(account=account, kind=kind),
        waiting=waiting,
        latest=latest,
        void_reason=void,
    )


def policy_of(account: CMAccount) -> ReviewPolicy:
    """The account's policy; an unsaved all-off one when none was ever set."""
    return ReviewPolicy.objects.filter(account=account).first() or ReviewPolicy(account=account)


def review_in(account: CMAccount, review_id: uuid.UUID | str) -> Review | None:
    """The review with this id in this account (None for another account's)."""
    found = Review.objects.filter(account=account, public_id=review_id)
    return found.select_related("account").first()


def people_who_see(account: CMAccount) -> QuerySet[User]:
    """Active people who may see this account: admins and those it is granted to."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(role=Role.ADMIN) | Q(cm_accounts=account))
        .distinct()
    )


def subscribers(account: CMAccount) -> QuerySet[User]:
    """People who asked to hear about this account's reviews and may still see it."""
    return people_who_see(account).filter(review_subscriptions__account=account)


# The kind of event (``notify.models.Event``) each step of a review is, for the preferences:
# a review asked (or voided) is about a review waiting; approved and sent, an approval; sent
# back, a rejection; approved but the sending failed, someone must act.
_EVENTS = {
    EventKind.ASKED: Event.REVIEW_WAITING,
    EventKind.VOID: Event.REVIEW_WAITING,
    EventKind.SENT: Event.APPROVED,
    EventKind.SENT_BACK: Event.REJECTED,
    EventKind.FAILED: Event.ACTION_REQUIRED,
}


def event_of(what: str) -> Event:
    """The kind of event a step of a review is."""
    return _EVENTS.get(EventKind(what), Event.REVIEW_WAITING)


def emailed_about(
    people: Sequence[User], account: CMAccount, routes: Mapping[int, How]
) -> list[User]:
    """Who of ``people`` (those told of a step) gets its e-mail at once: those who chose e-mail
    at once for its kind of event, and the account's review subscribers (a subscription asks
    for e-mail) who did not turn it off or keep it for the digest."""
    subscribed = set(
        ReviewSubscription.objects.filter(account=account).values_list("person_id", flat=True)
    )
    return [
        person
        for person in people
        if person.email
        and person.is_active
        and (
            routes.get(person.pk) == How.EMAIL
            or (routes.get(person.pk) == How.IN_APP and person.pk in subscribed)
        )
    ]


def people_to_tell(review: Review, *, actor: Any = None) -> list[User]:
    """Who hears about a step of ``review``: its author and the account's subscribers who may
    still see it, never the person who took the step."""
    seeing = people_who_see(review.account)
    wanted = Q(review_subscriptions__account=review.account)
    if review.author_id is not None:
        wanted |= Q(pk=review.author_id)
    people = list(seeing.filter(wanted).distinct())
    actor_pk = getattr(actor, "pk", None)
    return [person for person in people if person.pk != actor_pk]


def is_subscribed(person: User | AnonymousUser, account: CMAccount) -> bool:
    if not person.is_authenticated:
        return False
    return ReviewSubscription.objects.filter(person=person, account=account).exists()


def unread_count(person: User | AnonymousUser) -> int:
    """How many review notifications this person has not read."""
    if not person.is_authenticated:
        return 0
    return notifications_for(person).filter(read_at__isnull=True).count()


def notifications_for(person: User | AnonymousUser) -> QuerySet[ReviewNotification]:
    """A person's review notifications, newest first, of the accounts they may still see (the
    tracker's notifications page lists them beside its own, and its bell counts them)."""
    if not person.is_authenticated:
        return ReviewNotification.objects.none()
    return (
        ReviewNotification.objects.filter(
            person=person, event__review__account__in=visible_accounts(person)
        )
        .select_related("event__review__account")
        .order_by("-created_at", "-id")
    )


# --- the boards --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """A review on a board, with its age in words."""

    review: Review
    age: str
    """"3 hours" (waiting) or since the decision (decided), from the review's own dates."""


@dataclass(frozen=True)
class Board:
    """Waiting reviews (paged, oldest first) and the latest decisions, of one or more accounts."""

    accounts: list[CMAccount]
    account: CMAccount | None
    waiting: Page
    rows: list[Row]
    decided: list[Row]
    subscribed: bool = False
    notifications: list[ReviewNotification] = field(default_factory=list)

    def context(self, **extra: Any) -> dict[str, Any]:
        return {
            "board": self,
            "account": self.account,
            "page": self.waiting,
            "rows": self.rows,
            "decided": self.decided,
            "subscribed": self.subscribed,
            **extra,
        }


def _age(since: datetime | None, now: datetime) -> str:
    # "3 hours", "1 day, 2 hours": Django's words, as the tracker's board shows ages.
    return timesince(since, now) if since is not None else ""


def board(
    person: User, accounts: list[CMAccount], query: Any, *, account: CMAccount | None = None
) -> Board:
    """The review board of ``accounts`` (one account's when ``account`` is given)."""
    now = timezone.now()
    reviews = Review.objects.filter(account__in=accounts).select_related("account")
    waiting = reviews.filter(state__in=OPEN_STATES).order_by("created_at", "id")
    page = Paginator(waiting, BOARD_PAGE_SIZE).get_page(query.get("page"))
    rows = [Row(review, _age(review.created_at, now)) for review in page.object_list]
    decided = [
        Row(review, _age(review.decided_at, now))
        for review in reviews.exclude(state__in=OPEN_STATES).order_by("-decided_at", "-id")[
            :RECENT_DECISIONS
        ]
    ]
    notifications = list(
        ReviewNotification.objects.filter(person=person, event__review__account__in=accounts)
        .select_related("event__review__account")
        .order_by("-created_at", "-id")[:RECENT_DECISIONS]
    )
    return Board(
        accounts=accounts,
        account=account,
        waiting=page,
        rows=rows,
        decided=decided,
        subscribed=account is not None and is_subscribed(person, account),
        notifications=notifications,
    )


def waiting_age(review: Review) -> str:
    """How long the review has waited, in words ("3 hours")."""
    return _age(review.created_at, timezone.now())


# --- one review ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewPage:
    """One review as this person sees it: what would be sent (the owning app's part), its
    state in words, and whether they may decide it (else why not)."""

    review: Review
    shown: tuple[str, dict[str, Any]] | None
    target_url: str
    age: str
    void_reason: str
    """Why a waiting review no longer matches the thing ("" while it does)."""
    why_not: str
    form: Any
    said: Any = None

    def context(self, **extra: Any) -> dict[str, Any]:
        template, shown = self.shown or ("", {})
        return {
            "account": self.review.account,
            "review": self.review,
            "shown_template": template,
            **shown,
            "target_url": self.target_url,
            "age": self.age,
            "void_reason": self.void_reason,
            "why_not": self.why_not,
            "may_decide": not self.why_not and self.review.is_waiting and not self.void_reason,
            "form": self.form,
            "said": self.said,
            **extra,
        }


def why_not_decide(person: Any, review: Review) -> str:
    """ "" when ``person`` may approve or send back ``review``; else why not, in words that
    keep their key (a refusal's access event is read later by an admin, in theirs)."""
    if not registry.registered(review.kind):
        return wording.outcome("cannot_decide_here")
    handler = registry.handler_for(review.kind)
    if not has_capability(person, handler.capability):
        return wording.outcome("only_who_may_do_it")
    if review.author_id is not None and review.author_id == getattr(person, "pk", None):
        return wording.outcome("author_cannot_decide")
    return ""


def review_page(person: Any, review: Review, *, form: Any, said: Any = None) -> ReviewPage:
    """The review page's object (no upstream call: what would be sent is in the review)."""
    known = registry.registered(review.kind)
    handler = registry.handler_for(review.kind) if known else None
    void = handler.void_reason(review) if handler is not None and review.is_waiting else ""
    return ReviewPage(
        review=review,
        shown=handler.show(review) if handler is not None else None,
        target_url=handler.target_url(review) if handler is not None else "",
        age=waiting_age(review)
        if not review.is_decided
        else _age(review.decided_at, timezone.now()),
        void_reason=void,
        why_not=why_not_decide(person, review),
        form=form,
        said=said,
    )


__all__ = [
    "Board",
    "ReviewState",
    "Row",
    "board",
    "latest_review",
    "people_to_tell",
    "policy_of",
    "review_in",
    "unread_count",
    "waiting_review",
]
