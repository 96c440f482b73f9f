"""The tracker's Celery tasks: beat's ``tracker.poll_all`` fans out one
``tracker.poll_account`` per account; ``tracker.email_change`` mails one change.

Tasks take ids, never model instances. Each poll is named by its message (``run_key``:
``beat:<slot>`` with one slot per POLL_INTERVAL, or ``manual:<uuid>`` for "Poll now"), so a
redelivered message (``acks_late``: a worker that dies mid-poll leaves it for another)
finds its run finished and changes nothing. Upstream errors that may pass (5xx, 429,
timeouts) are retried with exponential backoff, at most three times and within half a poll
interval, so retries end before the next cycle; so is a poll the database went away under
(``DATABASE_ERRORS``); a 401/403 is not retried but marks the account broken. Every account
is its own task, so one failing account never stops another.

Workers and beat: ``make run`` runs one worker with beat (``celery -A dashboard worker -B``)
on the embedded ``filesystem://`` broker; production runs as many workers as needed on
Redis and exactly one ``celery -A dashboard beat``. Time limits need the prefork pool (the
default); the solo and threads pools used in tests ignore them.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from functools import partial

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, transaction
from django.utils import timezone

from channels_api import errors
from dashboard.accounts.models import CMAccount
from dashboard.core import mail
from dashboard.tracker import digest, queue, selectors, services

logger = logging.getLogger(__name__)

POLL_SOFT_TIME_LIMIT = 240
# The account lock (TRACKER_LOCK_SECONDS, 360 s) outlives this, so it never expires under a poll.
POLL_TIME_LIMIT = 300
_INTERVAL = int(getattr(settings, "POLL_INTERVAL", 60))
# Retried: answers that may be different next time. 4xx other than 429 would not be.
TRANSIENT_ERRORS = (
    errors.UpstreamError,
    errors.RateLimited,
    errors.TransportError,
    errors.MalformedResponse,
)
# The database went away under the poll (restarted, failed over): what the poll saw is written
# in one transaction with its run's record (services._poll_locked), so a cut-off poll left
# nothing but its run RUNNING and is retried whole; the next attempt gets a fresh connection
# (_tidy closed the broken one). A run that outlasts the retries is recorded as failed by the
# account's next poll.
DATABASE_ERRORS = (OperationalError, InterfaceError)


def beat_run_key(now: float | None = None) -> str:
    """The run key of the beat cycle ``now`` falls in: one per POLL_INTERVAL."""
    interval = max(1, int(getattr(settings, "POLL_INTERVAL", 60)))
    return f"beat:{int((time.time() if now is None else now) // interval)}"


@shared_task(name=queue.POLL_ALL, ignore_result=True, soft_time_limit=30, time_limit=60)
def poll_all() -> int:
    """Queue one poll per account (those with a token and a connection not marked broken);
    returns how many were queued."""
    run_key = beat_run_key()
    accounts = selectors.accounts_to_poll()
    for account in accounts:
        # After commit, when called inside a transaction: the worker must see what we see.
        transaction.on_commit(partial(_queue, account.pk, run_key))
    return len(accounts)


def _queue(account_pk: int, run_key: str) -> None:
    interval = int(getattr(settings, "POLL_INTERVAL", 60))
    try:
        # Expires with its cycle: a backlog never runs two stale cycles of one account.
        poll_account.apply_async((account_pk, run_key), expires=interval)
    except Exception:  # one account that cannot be queued must not stop the others
        logger.exception("could not queue the poll of account %s", account_pk)


def _tidy(task: Task) -> None:
    """Close this thread's database connection after a task, as Django does after a
    request; not when run eagerly, inside a caller's transaction."""
    if not task.request.is_eager:
        close_old_connections()


@shared_task(
    bind=True,
    name=queue.POLL_ACCOUNT,
    ignore_result=True,
    acks_late=True,
    # A prefork process killed mid-poll (SIGKILL, the kernel's OOM killer) would otherwise
    # have its message acknowledged as failed and the account wait for the next cycle. Given
    # back instead, the message is redelivered at once; its run key owns the account's lock
    # (lock.AccountLock's owner), so the redelivery polls the account in this same cycle. A
    # poll that kills its process every time cannot loop for long: the message expires with
    # its cycle (POLL_INTERVAL). A whole worker killed leaves its messages unacknowledged in
    # Redis until long after they expired; the next cycle polls those accounts once their
    # locks expire (TRACKER_LOCK_SECONDS). tests/dashboard/tracker/test_poll_workers.py.
    reject_on_worker_lost=True,
    soft_time_limit=POLL_SOFT_TIME_LIMIT,
    time_limit=POLL_TIME_LIMIT,
    autoretry_for=TRANSIENT_ERRORS + DATABASE_ERRORS,
    retry_backoff=5,
    retry_backoff_max=max(5, _INTERVAL // 2),
    retry_jitter=True,
    max_retries=3,
)
def poll_account(self: Task, account_pk: int, run_key: str) -> str:
    """Poll one account for one cycle; returns the run's outcome."""
    try:
        account = CMAccount.objects.filter(pk=account_pk).first()
        if account is None:
            return "gone"
        return str(services.account_poll(account=account, run_key=run_key).outcome)
    finally:
        _tidy(self)


@shared_task(name=queue.EMAIL_CHANGE, **mail.EMAIL_TASK_OPTIONS)
def email_change(self: Task, change_id: int) -> int:
    """E-mail one status change to its subscribers (once)."""
    try:
        return services.change_email_send(change_id=change_id)
    finally:
        _tidy(self)


# --- the daily digest (issue 18) ---------------------------------------------------------------


@shared_task(name=queue.DIGESTS_DUE, ignore_result=True, soft_time_limit=60, time_limit=90)
def digests_due(at: str | None = None) -> int:
    """Beat's hourly task: queue the digest of each person whose hour (UTC) it is, for the hour
    ``at`` (ISO; now when not given); returns how many were queued. Running it twice in one
    hour queues them twice, and each person still gets one e-mail (``digest.digest_send``)."""
    until = datetime.fromisoformat(at) if at else timezone.now()
    people = digest.people_due(until.astimezone(UTC).hour)
    for person_id in people:
        transaction.on_commit(partial(_queue_digest, person_id, until.isoformat()))
    return len(people)


def _queue_digest(person_id: int, until: str) -> None:
    try:
        send_digest.delay(person_id, until)
    except Exception:  # one person who cannot be queued must not stop the others
        logger.exception("could not queue the digest of person %s", person_id)


@shared_task(name=queue.SEND_DIGEST, **mail.EMAIL_TASK_OPTIONS)
def send_digest(self: Task, person_id: int, until: str) -> int:
    """Send one person's digest of the day ``until`` falls in, once."""
    try:
        return digest.digest_send(person_id=person_id, until=datetime.fromisoformat(until))
    finally:
        _tidy(self)
