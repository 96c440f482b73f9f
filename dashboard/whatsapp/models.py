"""What the dashboard remembers of the OTP walk: when a code was last sent to a profile.

CM.com says whether a code was sent (``isOtpSent``) but not when; the resend wait needs the
time, and it must hold for everyone walking that profile, not one browser session, so it is a
row here rather than a session value.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OtpMethod(models.TextChoices):
    """How CM.com delivers the one-time password."""

    SMS = "sms", _("SMS")
    VOICE = "voice", _("Voice call")


class OtpSend(models.Model):
    """One code sent to a profile's phone number through the dashboard."""

    account = models.ForeignKey("accounts.CMAccount", on_delete=models.CASCADE, related_name="+")
    channel_request_id = models.CharField(max_length=64)
    profile_id = models.CharField(max_length=64)
    phone_number = models.CharField(max_length=32)
    method = models.CharField(max_length=8, choices=OtpMethod.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["account", "profile_id", "-sent_at"])]

    def __str__(self) -> str:
        return f"{self.method} to {self.phone_number} at {self.sent_at:%Y-%m-%d %H:%M:%S}"
