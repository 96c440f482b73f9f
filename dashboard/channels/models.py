"""What the channels app keeps itself: the last tests of each configured endpoint.

Everything else of a channel lives at CM.com. "Send a test event" (``dashboard.channels.probing``)
keeps the last ``KEPT`` tests per endpoint, with who ran them, so a person sees whether the
endpoint answered before and who checked it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dashboard.accounts.models import CMAccount

KEPT = 20


class EndpointKind(models.TextChoices):
    """The three kinds of endpoint a test event can go to."""

    WEBHOOK = "webhook", _("Webhook")
    EVENT_WEBHOOK = "event-webhook", _("Event webhook")
    CUSTOMER_CONTACT = "customer-contact", _("Customer contact")


class EndpointTest(models.Model):
    """One test event sent (or refused) to one endpoint of one channel."""

    account = models.ForeignKey(CMAccount, on_delete=models.CASCADE, related_name="+")
    channel_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=20, choices=EndpointKind.choices)
    endpoint_id = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    url = models.TextField()
    method = models.CharField(max_length=10)
    outcome = models.CharField(max_length=20)
    """``dashboard.core.outbound.Kind``: answered, refused, dns, connection, timeout, tls, error."""
    sent = models.BooleanField(default=False)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    elapsed_ms = models.PositiveIntegerField(null=True, blank=True)
    address = models.CharField(max_length=64, blank=True)
    tls = models.CharField(max_length=200, blank=True)
    tls_valid = models.BooleanField(null=True)
    body = models.TextField(blank=True)
    body_bytes = models.PositiveIntegerField(default=0)
    location = models.TextField(blank=True)
    failure = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["account", "channel_id", "kind", "endpoint_id", "-id"],
                name="channels_endpoint_tests",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.endpoint_id}: {self.outcome}"

    @property
    def answered(self) -> bool:
        return self.outcome == "answered"
