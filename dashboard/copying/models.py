"""A copy of templates from one account's WhatsApp request to another's: the run, and one item
per template with where it stands.

The item keeps exactly what is to be created (name, category, contents, fields), taken when
the person pressed "Copy", so a run that stops half-way and is retried later creates what the
preview showed, not what the source has become meanwhile.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dashboard.copying import wording


class RunState(models.TextChoices):
    """Where a run stands. Only one pass works on a run at a time (a conditional UPDATE)."""

    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Copying")
    FINISHED = "finished", _("Finished")


class ItemState(models.TextChoices):
    """Where one template of a run stands."""

    WAITING = "waiting", _("Not copied yet")
    COPYING = "copying", _("Being copied")
    COPIED = "copied", _("Copied")
    SKIPPED = "skipped", _("Skipped")
    FAILED = "failed", _("Not copied")


class CopyRun(models.Model):
    """Templates copied (or to be copied) from a source request to a target request."""

    # The id in URLs: not a counter, so one run's URL tells nothing of how many others exist.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source_account = models.ForeignKey(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="copy_runs_out"
    )
    source_request_id = models.CharField(max_length=64)
    target_account = models.ForeignKey(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="copy_runs_in"
    )
    target_request_id = models.CharField(max_length=64)
    # The preview's form carries a key of its own: pressing "Copy" twice (a double click, the
    # form sent again) finds the run the first press started instead of starting another.
    form_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    request_validation = models.BooleanField(default=False)
    in_background = models.BooleanField(default=False)
    state = models.CharField(max_length=16, choices=RunState.choices, default=RunState.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who pressed "Copy" or "Retry the rest" last: the pass writes in their name.
    acting = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    pass_started_at = models.DateTimeField(null=True, blank=True)
    """When the pass now running (or last run) started: a pass older than the task's time limit
    that never finished was cut off (a worker died), and may be taken up again."""
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Copy {self.pk} to {self.target_account} ({self.get_state_display()})"


class CopyItem(models.Model):
    """One template of a run: what is created in the target, and how it went."""

    run = models.ForeignKey(CopyRun, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    source_template_id = models.CharField(max_length=64)
    source_name = models.CharField(max_length=512)
    name = models.CharField("name in the target", max_length=512)
    category_id = models.CharField(max_length=64, blank=True)
    contents = models.JSONField(default=dict, blank=True)
    fields = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=16, choices=ItemState.choices, default=ItemState.WAITING)
    message = models.TextField(blank=True)
    """The words as first written (the worker's language): shown only for rows without
    ``message_parts``; show ``display_message``."""
    # The message's key and parts (copying/wording.py): said in the reader's language.
    message_parts = models.JSONField(default=dict, blank=True)
    target_template_id = models.CharField(max_length=64, blank=True)
    validation = models.TextField(blank=True)
    """How requesting validation (or asking for review) went, in words; "" when not asked."""
    validation_parts = models.JSONField(default=dict, blank=True)  # as message_parts
    validation_ok = models.BooleanField(null=True)

    class Meta:
        ordering = ("run", "position")
        constraints = [
            models.UniqueConstraint(fields=["run", "position"], name="one_copy_item_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.source_name} → {self.name} ({self.get_state_display()})"

    @property
    def display_message(self) -> str:
        """What happened to this template, in the active language."""
        return wording.compose(self.message_parts, self.message)

    @property
    def display_validation(self) -> str:
        """How requesting validation went, in the active language."""
        return wording.compose(self.validation_parts, self.validation)

    @property
    def done(self) -> bool:
        """Nothing left to do for this template (copied, or skipped on purpose)."""
        return self.state in (ItemState.COPIED, ItemState.SKIPPED)
