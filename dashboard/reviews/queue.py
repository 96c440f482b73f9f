"""Queueing the reviews' e-mail task by name: ``tasks`` imports ``services``, so a service that
queues a task names it instead of importing it (see ``dashboard.tracker.queue``)."""

from __future__ import annotations

import logging

from celery import signature

logger = logging.getLogger(__name__)

EMAIL_EVENT = "reviews.email_event"


def email_event(event_id: int) -> None:
    """Queue the e-mail of one step of a review; a broker that is down is logged, never raised
    (the step itself is done and recorded)."""
    try:
        signature(EMAIL_EVENT, args=(event_id,)).delay()
    except Exception:
        logger.exception("could not queue the e-mail of review event %s", event_id)
