"""The audit trail: one row per write made through the dashboard."""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models


class Outcome(models.TextChoices):
    """How a write ended."""

    OK = "ok", "OK"
    FAILED = "failed", "Failed"
    REFUSED = "refused", "Refused upstream"


class AuditEntry(models.Model):
    """Who did what to which account, what was sent (secrets masked) and how it ended.

    The actor's username and the account's name are copied so the trail still reads after a
    person or an account is deleted.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_username = models.CharField(max_length=150, blank=True)
    account = models.ForeignKey(
        "accounts.CMAccount", null=True, blank=True, on_delete=models.SET_NULL
    )
    account_name = models.CharField(max_length=120, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    target = models.CharField(max_length=300, blank=True)
    sent = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.OK)
    upstream_status = models.PositiveSmallIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    @property
    def sent_text(self) -> str:
        """What was sent, as compact JSON for the audit page."""
        return json.dumps(self.sent, ensure_ascii=False, sort_keys=True)
