"""Queueing the copy task by name: ``tasks`` imports ``services``, so a service that queues
the task names it instead of importing it (see ``dashboard.tracker.queue``)."""

from __future__ import annotations

import logging

from celery import signature

logger = logging.getLogger(__name__)

COPY_RUN = "copying.copy_run"


def copy_run(run_id: int) -> None:
    """Queue a pass over a run; a broker that is down is logged, never raised (the run stays
    queued and its page offers nothing wrong: it says it waits to start)."""
    try:
        signature(COPY_RUN, args=(run_id,)).delay()
    except Exception:
        logger.exception("could not queue copy run %s", run_id)
