"""What each person chose to hear about and how, and the digests sent.

A person who never saved the form has no rows: ``selectors.choices_of`` gives their role's
defaults (``DEFAULTS``), so a new person hears what their role needs without a data migration.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dashboard.core import wording
from dashboard.core.models import PersonNotification


class Event(models.TextChoices):
    """A kind of event a person may hear about."""

    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    FULFILLED = "fulfilled", _("Fulfilled")
    ACTION_REQUIRED = "action_required", _("Action required")
    BROKEN_TOKEN = "broken_token", _("Broken token")
    REVIEW_WAITING = "review_waiting", _("Review waiting")


# Someone must act now: never batched into the digest.
URGENT = frozenset({Event.ACTION_REQUIRED, Event.BROKEN_TOKEN})


class How(models.TextChoices):
    """How an event reaches a person; every way but OFF shows it under the bell too."""

    OFF = "off", _("Not at all")
    IN_APP = "in_app", _("In the app only")
    EMAIL = "email", _("In the app and by e-mail at once")
    DIGEST = "digest", _("In the app and in the daily digest e-mail")


class NotificationSettings(models.Model):
    """Which accounts a person hears about, and the hour of their digest (UTC)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_settings",
    )
    every_account = models.BooleanField(default=True)
    accounts = models.ManyToManyField("accounts.CMAccount", blank=True, related_name="+")
    digest_hour = models.PositiveSmallIntegerField(default=7)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.person}: digest at {self.digest_hour:02d}:00 UTC"


class NotificationChoice(models.Model):
    """How one kind of event reaches one person (absent: their role's default)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices"
    )
    event = models.CharField(max_length=32, choices=Event.choices)
    how = models.CharField(max_length=16, choices=How.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "event"], name="notify_choice_once"),
            # The form refuses it; the database refuses it too, whoever writes.
            models.CheckConstraint(
                condition=~(
                    models.Q(how="digest") & models.Q(event__in=["action_required", "broken_token"])
                ),
                name="notify_urgent_never_digest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.event}: {self.how}"


class Digest(models.Model):
    """One digest e-mail of one person on one day (UTC): the unique row that makes the hourly
    task send it once even when it runs twice."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    day = models.DateField()
    covers_from = models.DateTimeField()
    covers_until = models.DateTimeField()
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="notify_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.day}: {self.items}"


class Alert(models.Model):
    """Something about an account itself, not one item of it, that people are told about:
    its connection broke (a refused or missing token). One row per time it broke."""

    account = models.ForeignKey(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="notification_alerts"
    )
    event = models.CharField(max_length=32, choices=Event.choices)
    text = models.TextField()
    text_parts = models.JSONField(default=dict, blank=True)
    """``text``'s key and parts (``core.wording``): the poller that raises it runs in English,
    and the bell and the e-mail say it in their reader's language; {} for rows stored before
    (and words nobody worded, such as CM.com's), shown as stored."""
    at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.account}: {self.get_event_display()}"

    @property
    def display_text(self) -> str:
        """``text`` in the reader's language (as stored for older rows)."""
        return wording.compose({}, self.text_parts, self.text)


class AlertNotification(PersonNotification):
    """An alert shown to one person under the bell; at most one per person and alert."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_notifications"
    )
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="notifications")

    class Meta(PersonNotification.Meta):
        constraints = [
            models.UniqueConstraint(fields=["person", "alert"], name="notify_alert_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.alert}"
