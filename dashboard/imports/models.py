"""A bulk import of templates: the parsed file (``ImportRun``) and its templates (``ImportItem``).

The uploaded file is not kept: its rows are parsed once, on upload, and stored as JSON. The
report (lint, duplicates, unknown categories and languages) is worked out again on every view
of the run, since what CM.com has (names taken, languages active) can change meanwhile.

Each template of the file (its rows grouped by name) is one ``ImportItem``, and the item is
the unit a step works on: creating it on CM.com (``state``), then requesting its validation
(``submit``). A step only takes items that are queued and marks each as it goes
(queued → sending → created or failed), so a step run twice (a task delivered again, a double
click) sends nothing twice.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dashboard.core import wording as core_wording
from dashboard.imports import wording


class ImportRun(models.Model):
    """One uploaded file, for one WhatsApp channel request of an account."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    """The id in URLs (not the row number, which would tell how many imports there were)."""
    account = models.ForeignKey(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="template_imports"
    )
    request_id = models.CharField("WhatsApp channel request id", max_length=64)
    file_name = models.CharField(max_length=255)
    rows = models.JSONField(default=list)
    """Every data row, in file order: ``{"row", "name", "category", "language", "content",
    "fields"}`` (``row``: the row number a spreadsheet shows, the header being row 1)."""
    columns = models.JSONField(default=dict)
    """Column name → its letter in the file (``{"content": "D"}``), to point at a cell."""
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    step = models.CharField(max_length=16, blank=True)
    """The step last started: ``create`` (the templates) or ``submit`` (their validation)."""
    step_total = models.PositiveIntegerField(default=0)
    """How many items the step last started took (the progress bar's whole)."""

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({len(self.rows)} rows)"


class ItemState(models.TextChoices):
    """Where one template of the file stands with CM.com."""

    NEW = "new", _("Not imported")
    QUEUED = "queued", _("Waiting to be created")
    SENDING = "sending", _("Being created")
    CREATED = "created", _("Created as a draft")
    FAILED = "failed", _("Not created")


class SubmitState(models.TextChoices):
    """Where one imported template stands with "Request validation"."""

    NONE = "", _("Not submitted")
    QUEUED = "queued", _("Waiting to be submitted")
    SENDING = "sending", _("Being submitted")
    SUBMITTED = "submitted", _("Validation requested")
    REVIEW = "review", _("Waiting for review")
    FAILED = "failed", _("Not submitted")


PENDING_STATES = (ItemState.QUEUED, ItemState.SENDING)
PENDING_SUBMITS = (SubmitState.QUEUED, SubmitState.SENDING)


class ImportItem(models.Model):
    """One template of the file: the rows with its name, and what happened to it."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=600, blank=True)
    row_numbers = models.JSONField(default=list)
    state = models.CharField(max_length=16, choices=ItemState.choices, default=ItemState.NEW)
    message = models.TextField(blank=True)
    """The words as first written (the worker's language): shown only for rows without
    ``message_parts``; show ``display_message``."""
    # The message's key and parts (imports/wording.py): said in the reader's language.
    message_parts = models.JSONField(default=dict, blank=True)
    template_id = models.CharField(max_length=64, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    """What is sent, fixed when the item is queued: ``{"name", "category_id", "contents",
    "fields"}`` (languages by CM.com's name, fields in index order with their samples)."""
    submit = models.CharField(
        max_length=16, choices=SubmitState.choices, default=SubmitState.NONE, blank=True
    )
    submit_message = models.TextField(blank=True)
    submit_message_parts = models.JSONField(default=dict, blank=True)  # as message_parts
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "position"], name="one_item_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.name or '(no name)'}: {self.get_state_display()}"

    @property
    def display_message(self) -> str:
        """What happened to this template, in the active language. Of one not created, only
        why: wherever it shows, its state ("Not created") is said just before it."""
        parts = self.message_parts
        if isinstance(parts, dict) and parts.get(core_wording.MSG) == wording.NOT_CREATED:
            return wording.compose_part(parts.get("words", ""))
        return wording.compose(parts, self.message)

    @property
    def display_submit_message(self) -> str:
        """How submitting it went, in the active language."""
        return wording.compose(self.submit_message_parts, self.submit_message)
