"""Queueing the tracker's tasks by name, for code the tasks themselves call.

``tasks.py`` imports ``services`` (a task is a thin entry point around a service); a service
that queues a task (an e-mail for a change, a poll for "Poll now") therefore names the task
instead of importing it, which would point the import back up. ``signature(name)`` still runs
the registered task's own ``apply_async`` (its options, and inline under
``task_always_eager``); ``TrackerConfig.ready`` imports ``tasks`` so every process has them
registered. The callers queue after commit (``transaction.on_commit``) so the worker sees the
rows they wrote.
"""

from __future__ import annotations

import logging

from celery import signature

logger = logging.getLogger(__name__)

POLL_ALL = "tracker.poll_all"
POLL_ACCOUNT = "tracker.poll_account"
EMAIL_CHANGE = "tracker.email_change"
DIGESTS_DUE = "tracker.digests_due"
SEND_DIGEST = "tracker.send_digest"


def email_change(change_id: int) -> None:
    """Queue the e-mail of one change; a broker that is down is logged, never raised (it must
    not undo the poll that found the change)."""
    try:
        signature(EMAIL_CHANGE, args=(change_id,)).delay()
    except Exception:
        logger.exception("could not queue the e-mail of change %s", change_id)


def poll_account(account_pk: int, run_key: str) -> bool:
    """Queue one poll of an account ("Poll now"): True when the broker took it. A broker that
    is down is logged and answered False, never raised: the page says so in words."""
    try:
        signature(POLL_ACCOUNT, args=(account_pk, run_key)).delay()
    except Exception:
        logger.exception("could not queue a poll of account %s", account_pk)
        return False
    return True
