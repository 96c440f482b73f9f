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
from django.utils.translation import gettext_lazy as _

from dashboard.core import wording


class PushState(models.TextChoices):
    """Where the draft stands with CM.com."""

    PENDING = "pending", _("Changes not saved to CM.com yet")
    PUSHED = "pushed", _("Saved to CM.com")
    FAILED = "failed", _("Saving to CM.com failed")


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
    push_error_parts = models.JSONField(default=dict, blank=True)
    """``push_error``'s key and parts (``core.wording``): the draft is shared, so why its
    last save failed is said in the language of whoever opens it; {} for rows stored before."""
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
    def display_push_error(self) -> str:
        """Why the last save failed, in the reader's language (as stored for older rows)."""
        return wording.compose({}, self.push_error_parts, self.push_error)

    @property
    def locked(self) -> list[str]:
        """The languages CM.com had approved when last in sync: read-only here."""
        return list(self.base.get("locked", []))

    def field_by_key(self, key: str) -> dict[str, Any] | None:
        """The field with this key, or None."""
        return next((field for field in self.fields if field.get("key") == key), None)


class TemplateVersion(models.Model):
    """One version of a template as CM.com had it: after a save that reached CM.com, or when
    it was submitted for validation (``dashboard.studio.versions``). CM.com's state is the
    truth; the history is the dashboard's own.

    ``number`` counts 1, 2, 3… per template. ``contents``: language → text; ``fields``: the
    replacement fields in index order, each ``{"name", "type", "sample"}`` (the sample is the
    one typed in the studio, never sent). ``approved_at``: when the studio first saw CM.com
    approve this version (see ``versions.last_approved`` for the rule).
    """

    class Reason(models.TextChoices):
        SAVED = "saved", _("Saved to CM.com")
        SUBMITTED = "submitted", _("Submitted for validation")
        COPIED = "copied", _("Copied")
        IMPORTED = "imported", _("Imported")

    account = models.ForeignKey(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="template_versions"
    )
    request_id = models.CharField("WhatsApp channel request id", max_length=64)
    template_id = models.CharField(max_length=64)
    number = models.PositiveIntegerField()
    reason = models.CharField(max_length=16, choices=Reason.choices)
    name = models.CharField(max_length=512, blank=True)
    category_id = models.CharField(max_length=64, blank=True)
    contents = models.JSONField(default=dict, blank=True)
    fields = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField()
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["account", "request_id", "template_id", "number"],
                name="one_version_number_per_template",
            )
        ]
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.name or self.template_id} v{self.number} ({self.reason})"

    @property
    def label(self) -> str:
        return f"Version {self.number}"

    def state(self) -> Any:
        """This version as one side of a comparison (``diff.TemplateState``)."""
        from dashboard.studio.diff import TemplateState

        return TemplateState(
            name=self.name,
            category_id=self.category_id,
            contents=dict(self.contents),
            fields=[
                {
                    "name": str(f.get("name", "")),
                    "type": str(f.get("type", "text")),
                    "sample": str(f.get("sample", "")),
                }
                for f in self.fields
            ],
        )
