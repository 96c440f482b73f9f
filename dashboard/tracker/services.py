"""The tracker's writes: a poll of one account and what it found, notifications and their
e-mail, "Poll now", subscriptions, and marking notifications read.

Forward only: an item's status is replaced only by a *later* one (``statuses.is_later``),
checked again under ``select_for_update`` in the transaction that writes it, so two polls
racing on one item, or a late poll that read the API before another one wrote, can never put
an older state back. A change creates its notifications in the same transaction, one per
person (a unique constraint backs that up), and its e-mail is sent once (``emailed_at``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext

from channels_api import errors
from dashboard import audit, upstream
from dashboard.accounts.crypto import TokenDecryptionError
from dashboard.accounts.models import CMAccount
from dashboard.audit.models import Outcome
from dashboard.core import mail
from dashboard.core import wording as core_wording
from dashboard.notify import bell
from dashboard.notify import selectors as notify
from dashboard.notify import services as notify_services
from dashboard.notify.models import Event, How
from dashboard.search import services as search
from dashboard.tracker import queue, selectors
from dashboard.tracker import wording as tracker_wording
from dashboard.tracker.lock import AccountLock
from dashboard.tracker.models import (
    AccountHealth,
    ChannelCount,
    Notification,
    PollOutcome,
    PollRun,
    StatusChange,
    Subscription,
    TrackedItem,
)
from dashboard.tracker.poller import AccountPoller, CallCounter, CountedChannels, Observation
from dashboard.tracker.statuses import Kind, is_later, order_key, status_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from dashboard.people.models import User

logger = logging.getLogger(__name__)

# CM.com answers that mean "this token will not work": retrying cannot help.
BROKEN_ERRORS = (errors.Unauthorized, errors.Forbidden, TokenDecryptionError)


# --- applying what a poll saw ------------------------------------------------------------------


def _fields_differ(item: TrackedItem, obs: Observation) -> bool:
    """Whether anything but last_seen would change (same status and order)."""
    meta = {**(item.meta or {}), **obs.meta}
    return (
        item.label != obs.label
        or item.detail != obs.detail
        or item.detail_parts != obs.detail_parts
        or item.expected_at != obs.expected_at
        or (obs.requested_at is not None and item.requested_at != obs.requested_at)
        or meta != (item.meta or {})
    )


# Every field a poll may write on an item it already has: bulk_update writes them all at once.
_WRITTEN = [
    "status",
    "rank",
    "version_at",
    "is_pending",
    "label",
    "scope",
    "detail",
    "detail_parts",
    "expected_at",
    "requested_at",
    "meta",
    "last_seen",
    "last_change",
]


def _new_item(account: CMAccount, obs: Observation, seen_at: datetime) -> TrackedItem:
    return TrackedItem(
        account=account,
        kind=obs.kind,
        upstream_id=obs.upstream_id,
        label=obs.label[:300],
        status=obs.status,
        rank=obs.rank,
        version_at=obs.version_at,
        is_pending=obs.pending,
        scope=obs.scope,
        detail=obs.detail,
        detail_parts=obs.detail_parts,
        requested_at=obs.requested_at,
        expected_at=obs.expected_at,
        meta=obs.meta,
        first_seen=seen_at,
        last_seen=seen_at,
        last_change=seen_at,
    )


def _create_items(
    account: CMAccount, observations: Sequence[Observation], seen_at: datetime
) -> None:
    """Insert new pending items, a batch at a time.

    ``ignore_conflicts``: an item a racing poll created meanwhile (unique constraint) keeps
    that poll's row, and costs this one nothing; the next poll moves it on if need be.
    """
    TrackedItem.objects.bulk_create(
        [_new_item(account, obs, seen_at) for obs in observations], ignore_conflicts=True
    )


def _advance(item: TrackedItem, obs: Observation, seen_at: datetime) -> tuple[bool, str | None]:
    """Move ``item``, in memory, to what ``obs`` says, unless that is older than what it holds.

    Returns whether the row needs writing, and the previous status if the status changed.
    """
    old_key = order_key(item.version_at, item.rank)
    new_key = order_key(obs.version_at, obs.rank)
    if new_key < old_key:
        return False, None  # a stale read: never write an older state over a newer one
    if new_key == old_key and (obs.status != item.status or not _fields_differ(item, obs)):
        if item.last_seen < seen_at:
            item.last_seen = seen_at
            return True, None
        return False, None
    previous = item.status
    item.status = obs.status
    item.rank = obs.rank
    item.version_at = obs.version_at
    item.is_pending = obs.pending
    item.label = obs.label[:300]
    item.scope = obs.scope
    item.detail = obs.detail
    item.detail_parts = obs.detail_parts
    item.expected_at = obs.expected_at
    if obs.requested_at is not None:
        item.requested_at = obs.requested_at
    item.meta = {**(item.meta or {}), **obs.meta}
    item.last_seen = max(item.last_seen, seen_at)
    # Any change the board shows (a status, or a stage's detail under the same status) moves
    # last_change: the board's freshness check reads it to know when to reload its rows.
    item.last_change = max(item.last_change, seen_at)
    return True, previous if previous != obs.status else None


def _move_items(
    account: CMAccount, pairs: Sequence[tuple[TrackedItem, Observation]], seen_at: datetime
) -> list[StatusChange]:
    """Apply observations to items locked by the caller: one bulk UPDATE, one bulk INSERT
    of the status changes, one of their notifications."""
    dirty: dict[int, TrackedItem] = {}
    moves: list[tuple[TrackedItem, str, Observation]] = []
    for item, obs in pairs:
        write, previous = _advance(item, obs, seen_at)
        if write:
            dirty[item.pk] = item
        if previous is not None:
            moves.append((item, previous, obs))
    if dirty:
        TrackedItem.objects.bulk_update(list(dirty.values()), _WRITTEN)
    return _record_changes(account, moves, seen_at)


def _record_changes(
    account: CMAccount, moves: Sequence[tuple[TrackedItem, str, Observation]], seen_at: datetime
) -> list[StatusChange]:
    if not moves:
        return []
    changes = StatusChange.objects.bulk_create(
        [
            StatusChange(
                item=item,
                from_status=previous,
                to_status=obs.status,
                at=seen_at,
                detail=obs.detail,
                detail_parts=obs.detail_parts,
                notifies=status_of(obs.kind, obs.status).notify,
            )
            for item, previous, obs in moves
        ]
    )
    notifying = [change for change in changes if change.notifies]
    if not notifying:
        return changes
    people = list(selectors.people_who_see(account))
    # Each person's preferences decide: nothing, the bell, and e-mail at once or later; read
    # once per kind of event, so the queries do not grow with the changes.
    events = {selectors.event_of(change) for change in notifying}
    routing = {event: notify.routing(people, account, event) for event in events}
    subscribed = selectors.subscribed_people(account)
    told: list[Notification] = []
    for change in notifying:
        routes = routing[selectors.event_of(change)]
        told += [
            Notification(person_id=pk, change=change)
            for pk, how in routes.items()
            if how != How.OFF
        ]
        if selectors.emailed_about(change, people=people, routes=routes, subscribed=subscribed):
            transaction.on_commit(partial(queue.email_change, change.pk))
    Notification.objects.bulk_create(
        told,
        ignore_conflicts=True,  # once per person and change, whatever happens
    )
    bell.forget(note.person_id for note in told)  # bulk_create sends no signal
    return changes


def item_observe(
    *, account: CMAccount, observation: Observation, seen_at: datetime
) -> StatusChange | None:
    """Store one observation: create the item, move it forward, or leave it.

    Returns the StatusChange when the status changed. A settled item seen for the first time
    is not stored; an observation older than what is stored changes nothing.
    """
    obs = observation
    with transaction.atomic():
        item = (
            TrackedItem.objects.select_for_update()
            .filter(account=account, kind=obs.kind, upstream_id=obs.upstream_id)
            .first()
        )
        if item is None:
            if obs.pending:
                _create_items(account, [obs], seen_at)
            return None
        changes = _move_items(account, [(item, obs)], seen_at)
    return changes[0] if changes else None


def observations_apply(
    *,
    account: CMAccount,
    items: Sequence[TrackedItem],
    observations: Iterable[Observation],
    seen_at: datetime,
) -> list[StatusChange]:
    """Apply a poll's observations; ``items`` is the database's view read before the poll.

    In one transaction and a number of queries that does not grow with the items: new
    pending items are inserted in bulk; unchanged pending items only get ``last_seen``
    moved, in one UPDATE; the rest are locked in one SELECT ... FOR UPDATE, checked again
    against what they hold then (``_advance``), and written in bulk with their changes.
    """
    current = {(item.kind, item.upstream_id): item for item in items}
    touch: list[int] = []
    new: dict[tuple[str, str], Observation] = {}
    moving: list[tuple[int, Observation]] = []
    for obs in observations:
        item = current.get(obs.key)
        if item is None:
            if obs.pending:
                new.setdefault(obs.key, obs)
            continue
        if not is_later(obs.version_at, obs.rank, item.version_at, item.rank):
            same = order_key(obs.version_at, obs.rank) == order_key(item.version_at, item.rank)
            if not (same and obs.status == item.status and _fields_differ(item, obs)):
                # Stale or unchanged: at most, a pending item was seen again.
                if item.is_pending and same:
                    touch.append(item.pk)
                continue
        moving.append((item.pk, obs))
    changes: list[StatusChange] = []
    with transaction.atomic():
        if new:
            _create_items(account, list(new.values()), seen_at)
        if moving:
            locked = TrackedItem.objects.select_for_update().in_bulk([pk for pk, _ in moving])
            pairs = [(locked[pk], obs) for pk, obs in moving if pk in locked]
            changes = _move_items(account, pairs, seen_at)
        if touch:
            # Conditional, so a late poll never moves last_seen back.
            TrackedItem.objects.filter(pk__in=touch, last_seen__lt=seen_at).update(
                last_seen=seen_at
            )
    return changes


# --- one poll ----------------------------------------------------------------------------------


def _finish(
    run: PollRun, outcome: str, counter: CallCounter, *, changes: int = 0, message: str = ""
) -> None:
    run.outcome = outcome
    run.finished_at = timezone.now()
    run.upstream_calls = counter.calls
    run.changes = changes
    run.message = message[:2000]
    # Said by the poller in English, read later in the reader's language (issue 18).
    run.message_parts = core_wording.parts_of(message) or {}
    fields = ["outcome", "finished_at", "upstream_calls", "changes", "message", "message_parts"]
    run.save(update_fields=fields)


def _health(account: CMAccount) -> AccountHealth:
    health, _ = AccountHealth.objects.get_or_create(account=account)
    return health


def account_poll(*, account: CMAccount, run_key: str) -> PollRun:
    """Poll one account once for the message ``run_key``; idempotent.

    A run that already finished (ok, skipped or broken) is returned as it is, so a
    redelivered message changes nothing. When another poll of the account holds the lock,
    the run is recorded as skipped. A 401/403 marks the connection broken. Other upstream
    errors are recorded and re-raised, for the task to retry.
    """
    finished = (
        PollRun.objects.filter(account=account, run_key=run_key)
        .exclude(outcome__in=[PollOutcome.RUNNING, PollOutcome.FAILED])
        .first()
    )
    if finished is not None:
        return finished
    # Owned by the run key: a retry of a run cut off before it released the lock takes it back.
    lock = AccountLock(account, owner=run_key)
    if not lock.acquire():
        now = timezone.now()
        skipped = tracker_wording.say("poll_skipped")
        run, _ = PollRun.objects.get_or_create(
            account=account,
            run_key=run_key,
            defaults={
                "started_at": now,
                "finished_at": now,
                "outcome": PollOutcome.SKIPPED,
                "message": skipped,
                "message_parts": skipped.parts,
            },
        )
        return run
    try:
        return _poll_locked(account, run_key)
    finally:
        lock.release()


def _poll_locked(account: CMAccount, run_key: str) -> PollRun:
    started = timezone.now()
    run, created = PollRun.objects.get_or_create(
        account=account, run_key=run_key, defaults={"started_at": started}
    )
    if not created:  # a retry of a failed or interrupted run
        run.attempts += 1
        run.started_at = started
        run.outcome = PollOutcome.RUNNING
        run.finished_at = None
        run.save(update_fields=["attempts", "started_at", "outcome", "finished_at"])
    _record_cut_off(account, run)
    health = _health(account)
    AccountHealth.objects.filter(pk=health.pk).update(last_attempt_at=started)
    counter = CallCounter()
    if not account.has_token:
        reason = tracker_wording.say("no_token")
        _mark_broken(account, reason)
        _finish(run, PollOutcome.BROKEN, counter, message=reason)
        return run
    items = list(TrackedItem.objects.filter(account=account))
    try:
        with upstream.client_for(account) as client:
            poller = AccountPoller(account, client, selectors.known_items(items), counter)
            observations = poller.run()
    except BROKEN_ERRORS as error:
        reason = upstream.describe_failure(error).message
        _mark_broken(account, reason)
        _finish(run, PollOutcome.BROKEN, counter, message=reason)
        logger.warning("account %s: connection broken (%r)", account.pk, error)
        return run
    except errors.ChannelsAPIError as error:
        message = upstream.describe_failure(error).message
        _mark_failed(account, message)
        _finish(run, PollOutcome.FAILED, counter, message=message)
        raise
    except SoftTimeLimitExceeded:
        message = tracker_wording.say("poll_too_long")
        _mark_failed(account, message)
        _finish(run, PollOutcome.FAILED, counter, message=message)
        raise
    except Exception:  # a bug: recorded in words for the board, the traceback for the logs
        message = tracker_wording.say("poll_failed")
        _mark_failed(account, message)
        _finish(run, PollOutcome.FAILED, counter, message=message)
        raise
    # What the poll saw, the search index and the run's record commit together: a database
    # that goes away in the middle leaves none of it, the run RUNNING, and the task retries
    # the whole poll (tasks.DATABASE_ERRORS); applying observations again changes nothing.
    with transaction.atomic():
        changes = observations_apply(
            account=account, items=items, observations=observations, seen_at=timezone.now()
        )
        # Search across accounts is filled from the same lists (every item, not only pending).
        search.index_replace(account=account, listed=poller.listed, read_at=poller.read_at)
        if poller.channels is not None:
            channel_count_replace(account=account, counted=poller.channels)
        _finish(run, PollOutcome.OK, counter, changes=len(changes))
        AccountHealth.objects.filter(pk=health.pk).update(
            last_success_at=run.finished_at,
            broken_reason="",
            broken_reason_parts={},
            broken_at=None,
            broken_version="",
        )
    if changes:
        # Pages cache CM.com's answers for a minute; what the tracker just saw change
        # should show on them now, not a minute later. Changes are rare, so dropping all of
        # the account's cached reads is cheap (with Redis, the web processes see it too).
        upstream.invalidate(account)
    return run


def channel_count_replace(*, account: CMAccount, counted: CountedChannels) -> None:
    """Store the account's channels as the poller counted them (what the overview shows); a
    cycle that reused a cached read writes nothing."""
    values = {
        "rows": [list(row) for row in counted.rows],
        "coming_soon": counted.coming_soon,
        "read_at": counted.read_at,
    }
    stored = ChannelCount.objects.filter(account=account).first()
    if stored is None or any(getattr(stored, name) != value for name, value in values.items()):
        ChannelCount.objects.update_or_create(account=account, defaults=values)


# The words a run cut off keeps (in English, as the poller says them; read in the reader's).
CUT_OFF_MESSAGE = tracker_wording.SENTENCES["poll_cut_off"]


def _record_cut_off(account: CMAccount, current: PollRun) -> None:
    """Record as failed the account's runs left RUNNING by a poll that never finished.

    Called holding the account's lock, so no other run of the account is in progress: one
    left RUNNING was cut off (a worker killed, a database restart outlasting the retries).
    A partial index keeps this to the few RUNNING rows, however many runs there are."""
    cut_off = tracker_wording.say("poll_cut_off")
    PollRun.objects.filter(account=account, outcome=PollOutcome.RUNNING).exclude(
        pk=current.pk
    ).update(
        outcome=PollOutcome.FAILED,
        finished_at=timezone.now(),
        message=str(cut_off),
        message_parts=cut_off.parts,
    )


def _mark_broken(account: CMAccount, reason: str) -> None:
    """``reason`` is stored with its key and parts when it has them (a ``Said``): the poller
    runs in English, the banner and the board are read in their reader's language."""
    now = timezone.now()
    parts = core_wording.parts_of(reason) or {}
    version = selectors.connection_version(account)
    with transaction.atomic():
        health = AccountHealth.objects.select_for_update().filter(account=account).first()
        was_broken = health is not None and health.is_broken_for(version)
        AccountHealth.objects.filter(account=account).update(
            broken_reason=reason,
            broken_reason_parts=parts,
            broken_at=now,
            broken_version=version,
            last_failure=reason,
            last_failure_parts=parts,
            last_failure_at=now,
        )
        if not was_broken:
            # Once each time it breaks (not at every refused poll): urgent, as people chose.
            notify_services.alert_raise(account=account, event=Event.BROKEN_TOKEN, text=reason)


def _mark_failed(account: CMAccount, message: str) -> None:
    AccountHealth.objects.filter(account=account).update(
        last_failure=message,
        last_failure_parts=core_wording.parts_of(message) or {},
        last_failure_at=timezone.now(),
    )


# --- e-mail ------------------------------------------------------------------------------------


def change_email_send(*, change_id: int) -> int:
    """E-mail one change to its subscribers, once (``core.mail.email_once``); returns how many
    e-mails were sent."""

    def compose(change: StatusChange) -> list[EmailMessage]:
        item = change.item
        context = {"change": change, "item": item, "account": item.account}
        people = list(selectors.people_who_see(item.account))
        routes = notify.routing(people, item.account, selectors.event_of(change))
        subscribed = selectors.subscribed_people(item.account)
        to = selectors.emailed_about(change, people=people, routes=routes, subscribed=subscribed)
        # Each person reads it in their own language (their choice, else the site's).
        emails = []
        for person in to:
            with translation.override(getattr(person, "language", "") or settings.LANGUAGE_CODE):
                subject, body = mail.rendered(
                    "tracker/email/change_", {**context, "site_url": mail.site_url()}
                )
            emails.append(EmailMessage(subject, body, to=[person.email]))
        return emails

    return mail.email_once(StatusChange.objects.select_related("item__account"), change_id, compose)


# --- "Poll now" --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PollNow:
    """What "Poll now" did: queued a poll, or refused because one was asked for recently."""

    queued: bool
    message: str
    retry_at: datetime | None = None


def poll_now_seconds() -> int:
    """How often one account may be polled by hand."""
    return int(getattr(settings, "TRACKER_POLL_NOW_SECONDS", 60))


def _poll_now_key(account: CMAccount) -> str:
    return f"tracker:poll-now:{account.pk}"


def account_poll_now(*, actor: AbstractBaseUser | AnonymousUser, account: CMAccount) -> PollNow:
    """Queue a poll of one account now, at most once a minute per account; audited."""
    seconds = poll_now_seconds()
    now = timezone.now()
    if not cache.add(_poll_now_key(account), now.timestamp(), seconds):
        since = cache.get(_poll_now_key(account))
        start = datetime.fromtimestamp(float(since), tz=now.tzinfo) if since else now
        retry_at = start + timedelta(seconds=seconds)
        shown = timezone.localtime(retry_at + timedelta(seconds=59)).replace(second=0)
        return PollNow(
            False,
            gettext("%(account)s was polled by hand less than a minute ago — try again at %(at)s.")
            % {"account": account.name, "at": time_format(shown, "H:i")},
            retry_at,
        )
    run_key = f"manual:{uuid.uuid4().hex}"
    account_pk = account.pk
    answers: list[bool] = []
    # Queued once committed, which outside a transaction (a view) is at once: the answer
    # then says whether the broker took it, and a broker that is down (Redis) loses the
    # press in words, never silently. Inside a caller's transaction it is queued later and
    # this can only say it was asked for.
    transaction.on_commit(lambda: answers.append(queue.poll_account(account_pk, run_key)))
    queued = answers != [False]
    audit.record(
        actor=actor,
        account=account,
        action="tracker.poll_now",
        target=str(account.account_id),
        sent={"run_key": run_key},
        outcome=Outcome.OK if queued else Outcome.FAILED,
        message="" if queued else "the task queue could not be reached",
    )
    if not queued:
        cache.delete(_poll_now_key(account))  # nothing was polled: let them try again now
        return PollNow(
            False,
            gettext(
                "%(account)s could not be polled now: the task queue did not answer, so "
                "nothing was queued. Try again in a moment."
            )
            % {"account": account.name},
        )
    return PollNow(
        True,
        gettext("Polling %(account)s now — the board updates when it is done.")
        % {"account": account.name},
    )


# --- subscriptions and notifications ----------------------------------------------------------


def subscriptions_update(
    *,
    actor: User,
    accounts: Sequence[CMAccount],
    wanted: set[tuple[int, str]],
) -> tuple[int, int]:
    """Make ``actor``'s subscriptions on ``accounts`` exactly ``wanted`` ((account pk, kind)
    pairs); returns (added, removed). Audited."""
    allowed = {account.pk for account in accounts}
    kinds = set(Kind.values)
    wanted = {(pk, kind) for pk, kind in wanted if pk in allowed and kind in kinds}
    with transaction.atomic():
        have = {
            (pk, kind)
            for pk, kind in Subscription.objects.filter(
                person=actor, account_id__in=allowed
            ).values_list("account_id", "kind")
        }
        removed = have - wanted
        added = wanted - have
        for pk, kind in removed:
            Subscription.objects.filter(person=actor, account_id=pk, kind=kind).delete()
        Subscription.objects.bulk_create(
            [Subscription(person=actor, account_id=pk, kind=kind) for pk, kind in added],
            ignore_conflicts=True,
        )
        names = {account.pk: str(account.account_id) for account in accounts}
        sent: dict[str, Any] = {
            "subscriptions": sorted(f"{names[pk]}:{kind}" for pk, kind in wanted)
        }
        audit.record(
            actor=actor,
            account=None,
            action="tracker.subscriptions_update",
            target=actor.get_username(),
            sent=sent,
            message=f"{len(added)} added, {len(removed)} removed",
        )
    return len(added), len(removed)


def notifications_mark_read(*, person: User, ids: Iterable[int] | None = None) -> int:
    """Mark this person's unread notifications read (all, or only ``ids``); returns how many."""
    unread = Notification.objects.filter(person=person, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    marked = unread.update(read_at=timezone.now())
    bell.forget([person.pk])
    return marked
