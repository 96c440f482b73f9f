"""E-mail that goes once: what the tracker's changes and the reviews' steps share.

A row that people are told about (a status change, a step of a review) carries ``emailed_at``.
Sending locks the row, builds the messages, sends them and stamps it in one transaction, so a
redelivered or concurrent Celery task sends nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any, TypeVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

Row = TypeVar("Row", bound=models.Model)

# The Celery options of a task that sends such an e-mail: delivered again after a worker dies
# (the stamp keeps it once), retried with backoff while the mail server cannot be reached.
EMAIL_TASK_OPTIONS: dict[str, Any] = {
    "bind": True,
    "ignore_result": True,
    "acks_late": True,
    "soft_time_limit": 60,
    "time_limit": 90,
    "autoretry_for": (OSError,),
    "retry_backoff": 30,
    "max_retries": 5,
}


def site_url() -> str:
    """The dashboard's address for links in e-mails, without a trailing slash."""
    return str(getattr(settings, "SITE_URL", "")).rstrip("/")


def rendered(
    prefix: str, context: dict[str, Any], *, language: str | None = None
) -> tuple[str, str]:
    """Subject (one line) and body from ``<prefix>subject.txt`` and ``<prefix>body.txt``, in
    ``language`` (the recipient's: ``people.middleware.language_of``) when given, else in the
    active one. A task has no request, so nothing else picks the language."""
    with translation.override(language) if language else nullcontext():
        subject = " ".join(render_to_string(f"{prefix}subject.txt", context).split())
        return subject, render_to_string(f"{prefix}body.txt", context)


def email_once(
    rows: models.QuerySet[Row], pk: int, compose: Callable[[Row], list[EmailMessage]]
) -> int:
    """Send what ``compose`` builds for the row ``pk`` unless it was sent already; returns how
    many e-mails went (0 when the row is gone or already stamped)."""
    with transaction.atomic():
        row = rows.select_for_update().filter(pk=pk).first()
        if row is None or getattr(row, "emailed_at", None) is not None:
            return 0
        messages = compose(row)
        if messages:
            get_connection().send_messages(messages)
        row.emailed_at = timezone.now()  # type: ignore[attr-defined]
        row.save(update_fields=["emailed_at"])
    return len(messages)
