"""The template draft: what a person typed in the studio, kept until CM.com has it.

One draft per template of a WhatsApp channel request of an account (shared by the people who
author that account's templates). Every pause in typing saves it; "Save" pushes it to CM.com.
``base`` is CM.com's copy as it was when the draft was last in sync, so the studio can tell
"saved" from "changed" without asking CM.com on every keystroke.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class PushState(models.TextChoices):
    """Where the draft stands with CM.com."""

    PENDING = "pending", "Changes not saved to CM.com yet"
    PUSHED = "pushed", "Saved to CM.com"
    FAILED = "failed", "Saving to CM.com failed"


class TemplateDraft(models.Model):
    """A WhatsApp template as edited in the studio.

    ``contents``: language name → content, for every language of the template (approved ones
    are kept but never sent). ``fields``: the replacement fields in index order, each
    ``{"key", "id", "name", "type"}``; ``id`` is CM.com's id (empty until pushed), ``key`` a
    stable local key (CM.com's id for fields that came from CM.com). ``samples``: field key →
    the sample the person typed for the preview (never sent to CM.com).
    """

    account = models.ForeignKey(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="template_drafts"
    )
    request_id = models.CharField("WhatsApp channel request id", max_length=64)
    template_id = models.CharField(max_length=64)
    name = models.CharField(max_length=512, blank=True)
    category_id = models.CharField(max_length=64, blank=True)
    contents = models.JSONField(default=dict, blank=True)
    fields = models.JSONField(default=list, blank=True)
    samples = models.JSONField(default=dict, blank=True)
    base = models.JSONField(default=dict, blank=True)
    push_state = models.CharField(
        max_length=16, choices=PushState.choices, default=PushState.PUSHED
    )
    push_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pushed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "request_id", "template_id"], name="one_draft_per_template"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name or self.template_id} ({self.get_push_state_display()})"

    @property
    def locked(self) -> list[str]:
        """The languages CM.com had approved when last in sync: read-only here."""
        return list(self.base.get("locked", []))

    def field_by_key(self, key: str) -> dict[str, Any] | None:
        """The field with this key, or None."""
        return next((field for field in self.fields if field.get("key") == key), None)
