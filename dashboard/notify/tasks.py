"""The notify app's Celery task: the e-mail of one alert, sent once (``core.mail``)."""

from __future__ import annotations

from celery import Task, shared_task
from django.db import close_old_connections

from dashboard.core import mail
from dashboard.notify import queue, services


@shared_task(name=queue.EMAIL_ALERT, **mail.EMAIL_TASK_OPTIONS)
def email_alert(self: Task, alert_id: int) -> int:
    """E-mail one alert to the people who chose e-mail at once for it (once)."""
    try:
        return services.alert_email_send(alert_id=alert_id)
    finally:
        if not self.request.is_eager:
            close_old_connections()
