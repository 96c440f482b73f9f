"""Queueing the import's task by name: ``tasks`` imports ``services``, so a service that queues
a step names the task instead of importing it (see ``dashboard.tracker.queue``)."""

from __future__ import annotations

import logging

from celery import signature

logger = logging.getLogger(__name__)

RUN_STEP = "imports.run_step"


def run_step(run_id: int, step: str, actor_id: int | None) -> bool:
    """Queue the rest of a step of an import; False (logged) when the broker is down, which
    leaves the items queued for a later start."""
    try:
        signature(RUN_STEP, args=(run_id, step, actor_id)).delay()
    except Exception:
        logger.exception("could not queue step %s of import %s", step, run_id)
        return False
    return True
