"""The reviews' Celery task: ``reviews.email_event`` mails one step of a review, once."""

from __future__ import annotations

from celery import Task, shared_task
from django.db import close_old_connections

from dashboard.core import mail
from dashboard.reviews import queue, services


@shared_task(name=queue.EMAIL_EVENT, **mail.EMAIL_TASK_OPTIONS)
def email_event(self: Task, event_id: int) -> int:
    """E-mail one step of a review to the people it concerns (once: a redelivery sends none)."""
    try:
        return services.event_email_send(event_id=event_id)
    finally:
        if not self.request.is_eager:
            close_old_connections()
