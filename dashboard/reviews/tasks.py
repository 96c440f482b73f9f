"""The reviews' Celery task: ``reviews.email_event`` mails one step of a review, once."""

from __future__ import annotations

from celery import Task, shared_task
from django.db import close_old_connections

from dashboard.reviews import queue, services


@shared_task(
    bind=True,
    name=queue.EMAIL_EVENT,
    ignore_result=True,
    acks_late=True,
    soft_time_limit=60,
    time_limit=90,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=5,
)
def email_event(self: Task, event_id: int) -> int:
    """E-mail one step of a review to the people it concerns (once: a redelivery sends none)."""
    try:
        return services.event_email_send(event_id=event_id)
    finally:
        if not self.request.is_eager:
            close_old_connections()
