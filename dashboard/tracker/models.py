"""What the tracker keeps: tracked items and their status changes, notifications,
subscriptions, poll runs, and each account's connection health."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dashboard.core import wording
from dashboard.core.models import PersonNotification
from dashboard.tracker.statuses import Kind, label_of
from dashboard.tracker.wording import compose_detail, compose_label


class TrackedItem(models.Model):
    """Something at CM.com that was pending when the tracker first saw it.

    Items that are already settled when first seen (an approved template, a fulfilled
    request) are not stored: they have no history to tell. ``rank`` and ``version_at`` order
    the states (see ``statuses.py``); ``status`` only ever moves to a later one.
    """

    account = models.ForeignKey(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="tracked_items"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    upstream_id = models.CharField(max_length=200)
    # CM.com's name for it or, with meta["phrase"], CM.com's part of a label the dashboard
    # words: show display_label, never this.
    label = models.CharField(max_length=300)
    status = models.CharField(max_length=40)
    rank = models.PositiveIntegerField(default=0)
    version_at = models.DateTimeField(
        null=True, blank=True, help_text="CM.com's own date for the current state, if it gives one."
    )
    is_pending = models.BooleanField(default=True, db_index=True)
    scope = models.CharField(
        max_length=120, blank=True, help_text="The list it was read from (templates:<request>)."
    )
    detail = models.TextField(blank=True, help_text="Rejection reason, stage, number assigned.")
    # The detail's key and parts when the dashboard worded it (wording.py): said in the
    # reader's language by display_detail; ``detail`` keeps the words as first written.
    detail_parts = models.JSONField(default=dict, blank=True)
    requested_at = models.DateTimeField(null=True, blank=True)
    expected_at = models.DateTimeField(null=True, blank=True)
    meta = models.JSONField(default=dict, blank=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    # When anything the board shows last changed (status, stage detail, dates): the board's
    # periodic check compares each account's newest, so it must move with every such change.
    last_change = models.DateTimeField()

    class Meta:
        ordering = ["kind", "requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind", "upstream_id"], name="tracker_item_unique"
            )
        ]
        indexes = [models.Index(fields=["account", "is_pending"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display_label} ({self.status})"

    @property
    def display_label(self) -> str:
        """The label in the active language (see ``compose_label``)."""
        return compose_label(str((self.meta or {}).get("phrase") or ""), self.label)

    @property
    def display_detail(self) -> str:
        """The detail in the active language (see ``compose_detail``)."""
        return compose_detail(self.detail_parts, self.detail)

    @property
    def is_demo(self) -> bool:
        """Made-up history the demo seeds (``tracker.demo``): nothing at CM.com to read."""
        return bool((self.meta or {}).get("demo"))

    @property
    def status_label(self) -> str:
        """The status in words."""
        return label_of(self.kind, self.status)


class StatusChange(models.Model):
    """One move of an item from one status to a later one."""

    item = models.ForeignKey(TrackedItem, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=40)
    to_status = models.CharField(max_length=40)
    at = models.DateTimeField(db_index=True)
    detail = models.TextField(blank=True)
    detail_parts = models.JSONField(default=dict, blank=True)  # as TrackedItem's
    notifies = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.item.display_label}: {self.from_status} → {self.to_status}"

    @property
    def from_label(self) -> str:
        """The old status in words."""
        return label_of(self.item.kind, self.from_status)

    @property
    def to_label(self) -> str:
        """The new status in words."""
        return label_of(self.item.kind, self.to_status)

    @property
    def display_detail(self) -> str:
        """The detail in the active language (see ``compose_detail``)."""
        return compose_detail(self.detail_parts, self.detail)


class Notification(PersonNotification):
    """A change shown to one person under the bell; at most one per person and change."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracker_notifications"
    )
    change = models.ForeignKey(StatusChange, on_delete=models.CASCADE, related_name="notifications")

    class Meta(PersonNotification.Meta):
        constraints = [
            models.UniqueConstraint(fields=["person", "change"], name="tracker_notify_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.change}"


class Subscription(models.Model):
    """A person wants e-mail about one kind of item of one account."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracker_subscriptions"
    )
    account = models.ForeignKey(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="tracker_subscriptions"
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)

    class Meta:
        ordering = ["account", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "account", "kind"], name="tracker_subscription_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.account} · {self.kind}"


class PollOutcome(models.TextChoices):
    """How a poll run ended."""

    RUNNING = "running", _("Running")
    OK = "ok", _("OK")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped (another poll was running)")
    BROKEN = "broken", _("Connection broken")


class PollRun(models.Model):
    """One poll of one account, named by the message that asked for it.

    ``run_key`` is ``beat:<slot>`` for the scheduled cycle (one slot per POLL_INTERVAL) or
    ``manual:<uuid>`` for "Poll now"; a redelivered message carries the same key, finds its
    run finished, and does nothing.
    """

    account = models.ForeignKey(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="poll_runs"
    )
    run_key = models.CharField(max_length=80)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=16, choices=PollOutcome.choices, default=PollOutcome.RUNNING
    )
    attempts = models.PositiveSmallIntegerField(default=1)
    upstream_calls = models.PositiveIntegerField(default=0)
    changes = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    message_parts = models.JSONField(default=dict, blank=True)
    """``message``'s key and parts (``core.wording``), as AccountHealth's: the poller words
    it in English, whoever reads the run later reads it in their language; {} for rows
    stored before, shown as stored."""

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "run_key"], name="tracker_run_unique")
        ]
        indexes = [
            # The few runs left RUNNING, found at each poll (services._record_cut_off)
            # without reading the account's whole history.
            models.Index(
                fields=["account"],
                condition=models.Q(outcome="running"),
                name="tracker_run_running",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.run_key} {self.outcome}"

    @property
    def display_message(self) -> str:
        """``message`` in the reader's language (as stored for older rows)."""
        return wording.compose({}, self.message_parts, self.message)


class AccountHealth(models.Model):
    """How polling an account goes: last success, last failure, and a broken connection.

    A 401 or 403 from CM.com marks the connection broken for the token and base URL it was
    seen with (``broken_version``, see ``selectors.connection_version``); beat stops polling
    it until an admin changes either. ``lock_token``/``lock_until`` are the per-account poll
    lock when no Redis is configured (see ``lock.py``).
    """

    account = models.OneToOneField(
        "accounts.CMAccount", on_delete=models.CASCADE, primary_key=True, related_name="health"
    )
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    last_failure = models.TextField(blank=True)
    last_failure_parts = models.JSONField(default=dict, blank=True)
    broken_reason = models.TextField(blank=True)
    broken_reason_parts = models.JSONField(default=dict, blank=True)
    """The key and parts of ``broken_reason`` and ``last_failure`` (``core.wording``): the
    poller runs in English and the words are read by people in their own language; {} for
    rows stored before, shown as stored."""
    broken_at = models.DateTimeField(null=True, blank=True)
    broken_version = models.CharField(max_length=120, blank=True)
    lock_token = models.CharField(max_length=64, blank=True)
    lock_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "account health"

    def __str__(self) -> str:
        return f"{self.account}: {'broken' if self.broken_reason else 'ok'}"

    @property
    def display_broken_reason(self) -> str:
        """``broken_reason`` in the reader's language."""
        return wording.compose({}, self.broken_reason_parts, self.broken_reason)

    @property
    def display_last_failure(self) -> str:
        """``last_failure`` in the reader's language."""
        return wording.compose({}, self.last_failure_parts, self.last_failure)

    def is_broken_for(self, version: str) -> bool:
        """Whether the connection is marked broken for this token and base URL."""
        return bool(self.broken_reason) and self.broken_version == version


class ChannelCount(models.Model):
    """An account's channels counted by type and category, as the poller last read "Get your
    channels": what the overview shows, so no page view reads that whole list to count it.

    "Get your channels" has no paging and no counts, and on a large account it is the largest
    answer (3,500 channels: 1.1 MB), so the poller reads it at most once per
    ``poller.CHANNEL_COUNTS_SECONDS`` per account, and again after a change it saw.
    """

    account = models.OneToOneField(
        "accounts.CMAccount",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="channel_count",
    )
    rows = models.JSONField(default=list, blank=True)
    """``[type, category, active, pending]`` per type and category, in CM.com's order."""
    coming_soon = models.JSONField(default=list, blank=True)
    """The channel types CM.com announces but does not offer yet."""
    read_at = models.DateTimeField()
    """When CM.com answered the list these counts come from."""

    def __str__(self) -> str:
        return f"{self.account}: channels read {self.read_at:%Y-%m-%d %H:%M}"
