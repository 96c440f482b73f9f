"""The import's Celery task: ``imports.run_step`` works the queued items of one step of one
import (creating templates, or requesting their validation).

It takes ids, never instances. It is idempotent: each item is claimed before it is sent, so a
message delivered twice (``acks_late``: a worker that dies leaves it for another) finds the
items worked and sends nothing. A step longer than the soft time limit hands the items still
queued to a new task and ends, so no single task runs past its hard limit. A step that breaks
off on an error of ours marks the items it left as not sent, to be offered again. Time limits need
the prefork pool (the default); the threads pool used in tests ignores them.
"""

from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth import get_user_model
from django.db import close_old_connections

from dashboard.imports import queue, services

logger = logging.getLogger(__name__)

STEP_SOFT_TIME_LIMIT = 600
STEP_TIME_LIMIT = 660


@shared_task(
    bind=True,
    name=queue.RUN_STEP,
    ignore_result=True,
    acks_late=True,
    soft_time_limit=STEP_SOFT_TIME_LIMIT,
    time_limit=STEP_TIME_LIMIT,
)
def run_step(self: Task, run_id: int, step: str, actor_id: int | None) -> int:
    """Work the queued items of a step; returns how many this task worked."""
    try:
        actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
        return services.step_work(run_id=run_id, step=step, actor=actor)
    except SoftTimeLimitExceeded:
        logger.warning(
            "step %s of import %s ran long: the rest goes on in a new task", step, run_id
        )
        if not queue.run_step(run_id, step, actor_id):
            services.step_stopped(run_id=run_id, step=step)
        return 0
    except Exception:
        # Not CM.com's (upstream.write never raises for it): ours. The items left say so,
        # and the page offers them again instead of waiting for ever.
        logger.exception("step %s of import %s stopped", step, run_id)
        services.step_stopped(run_id=run_id, step=step)
        raise
    finally:
        if not self.request.is_eager:
            close_old_connections()
