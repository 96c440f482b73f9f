"""The copy task: ``copying.copy_run`` works through one run (more than
``services.IN_REQUEST_AT_MOST`` templates are copied here rather than in the request).

It takes the run's id and is idempotent: a pass starts only on a queued run (one conditional
UPDATE), and an item already copied is never sent again, so a redelivered message
(``acks_late``) copies nothing twice. Time limits need the prefork pool (the default).
"""

from __future__ import annotations

from celery import Task, shared_task
from django.db import DatabaseError, close_old_connections

from dashboard.copying import queue, services


@shared_task(
    bind=True,
    name=queue.COPY_RUN,
    ignore_result=True,
    acks_late=True,
    soft_time_limit=services.PASS_SOFT_TIME_LIMIT,
    time_limit=services.PASS_TIME_LIMIT,
    # A moment's refusal by our database (a lock): the pass queued the run again; try later.
    autoretry_for=(DatabaseError,),
    retry_backoff=1,
    max_retries=5,
)
def copy_run(self: Task, run_id: int) -> str:
    """One pass over the run; returns ``done``, ``stopped`` or ``busy``."""
    try:
        return services.copy_run_pass(run_id=run_id, requeue=True)
    finally:
        if not self.request.is_eager:
            close_old_connections()
