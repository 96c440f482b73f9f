"""Queueing the notify tasks by name (``tasks.py`` imports ``services``; a service that queues
a task names it instead of importing it). ``NotifyConfig.ready`` registers the tasks."""

from __future__ import annotations

import logging

from celery import signature

logger = logging.getLogger(__name__)

EMAIL_ALERT = "notify.email_alert"


def email_alert(alert_id: int) -> None:
    """Queue the e-mail of one alert; a broker that is down is logged, never raised (it must
    not undo the poll that found the broken token)."""
    try:
        signature(EMAIL_ALERT, args=(alert_id,)).delay()
    except Exception:
        logger.exception("could not queue the e-mail of alert %s", alert_id)
