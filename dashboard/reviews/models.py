"""What reviews keep: each account's policy (which writes need a second person), the reviews
themselves (exactly what would be sent, and how it ended), their events (asked, sent, failed,
sent back, void) with the in-app notifications of each, and who wants e-mail about them."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.core.models import PersonNotification
from dashboard.reviews.wording import compose_label, compose_outcome


class ReviewKind(models.TextChoices):
    """The writes an account may put under review; each is owned by the app that sends it."""

    TEMPLATE_VALIDATION = "template_validation", _("Requesting template validation")
    CHANNEL_REQUEST = "channel_request", _("Requesting a channel")
    NUMBER_REQUEST = "number_request", _("Requesting a number")
    KEYWORD_CLAIM = "keyword_claim", _("Claiming a keyword")


class ReviewState(models.TextChoices):
    """Where a review stands. Only WAITING may move, and only once (a conditional UPDATE)."""

    WAITING = "waiting", _("Waiting for review")
    SENDING = "sending", _("Approved, sending")
    SENT = "sent", _("Approved and sent")
    FAILED = "failed", _("Approved, but sending failed")
    SENT_BACK = "sent_back", _("Sent back")
    VOID = "void", _("Void")


# A review in one of these is still open: at most one per account, kind and target.
OPEN_STATES = (ReviewState.WAITING, ReviewState.SENDING)


class ReviewPolicy(models.Model):
    """Which writes of one account need a second person. No row: none (today's behaviour)."""

    account = models.OneToOneField(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="review_policy"
    )
    template_validation = models.BooleanField(default=False)
    channel_request = models.BooleanField(default=False)
    number_request = models.BooleanField(default=False)
    keyword_claim = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "review policies"

    def __str__(self) -> str:
        return f"Review policy of {self.account}"

    def requires(self, kind: str) -> bool:
        """Whether ``kind`` (a ReviewKind value) needs review on this account."""
        return bool(getattr(self, str(kind), False)) if kind in ReviewKind.values else False


class Review(models.Model):
    """One write waiting for (or decided by) a second person.

    ``payload`` is exactly what would be sent (the owning app's handler sends from it);
    ``cost`` the dry run's, for spending; ``fingerprint`` a hash of what was asked to be
    reviewed, so the handler can tell when the thing changed since (the review is then void).
    """

    # The id in URLs: not a counter, so a URL tells nothing of how many reviews there are.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    account = models.ForeignKey(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="reviews"
    )
    kind = models.CharField(max_length=32, choices=ReviewKind.choices)
    target = models.CharField(max_length=200, help_text="What it is about, e.g. a template id.")
    # The words as the author's language said them: show display_label, never this (it is
    # what the audit trail and the admin read, and what reviews asked before keys show).
    label = models.CharField(max_length=300, help_text="In words, e.g. Template spring_sale.")
    # The label's key and parts (wording.py), said in the reader's language by display_label.
    label_parts = models.JSONField(default=dict, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    cost = models.JSONField(null=True, blank=True)
    fingerprint = models.CharField(max_length=128, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    state = models.CharField(
        max_length=16, choices=ReviewState.choices, default=ReviewState.WAITING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer_name = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, help_text="The reviewer's words when sent back.")
    outcome = models.TextField(blank=True, help_text="What sending did, or why it is void.")
    # Its key and parts (``wording.OUTCOMES``), so each reader sees it in their language.
    outcome_parts = models.JSONField(default=dict, blank=True)

    # Not stored: review_ask sets it on the review it returns when one was already waiting
    # (nothing new was asked), so the caller can say so.
    already_waiting: ClassVar[bool] = False

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "kind", "target"],
                condition=Q(state__in=["waiting", "sending"]),
                name="reviews_one_open_per_target",
            )
        ]
        indexes = [models.Index(fields=["account", "state"])]

    def __str__(self) -> str:
        return f"{self.display_label} ({self.get_state_display()})"

    @property
    def display_label(self) -> str:
        """The label in the active language (see ``wording.compose_label``)."""
        return compose_label(self.label_parts, self.label)

    @property
    def outcome_words(self) -> str:
        """What sending did, or why the review is void, in the active language."""
        return compose_outcome(self.outcome_parts, self.outcome)

    @property
    def is_waiting(self) -> bool:
        return self.state == ReviewState.WAITING

    @property
    def is_decided(self) -> bool:
        return self.state not in OPEN_STATES


class EventKind(models.TextChoices):
    """A step of a review people are told about."""

    ASKED = "asked", _("Review asked")
    SENT = "sent", _("Approved and sent")
    FAILED = "failed", _("Approved, but sending failed")
    SENT_BACK = "sent_back", _("Sent back")
    VOID = "void", _("Void")


class ReviewEvent(models.Model):
    """One step of a review; its notifications are made with it, its e-mail sent once."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="events")
    what = models.CharField(max_length=16, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.review.display_label}: {self.get_what_display()}"


class ReviewNotification(PersonNotification):
    """An event shown to one person; at most one per person and event."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_notifications"
    )
    event = models.ForeignKey(ReviewEvent, on_delete=models.CASCADE, related_name="notifications")

    class Meta(PersonNotification.Meta):
        constraints = [
            models.UniqueConstraint(fields=["person", "event"], name="reviews_notify_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.event}"


class ReviewSubscription(models.Model):
    """A person wants to hear about the reviews of one account (in-app and e-mail)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_subscriptions"
    )
    account = models.ForeignKey(
        "accounts.CMAccount", on_delete=models.CASCADE, related_name="review_subscriptions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "account"], name="reviews_subscribe_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.account}"
