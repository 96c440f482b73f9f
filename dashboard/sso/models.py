"""Which company group gives which role and accounts, and who signed in through the company."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from dashboard.people.models import Role


class GroupMapping(models.Model):
    """Members of ``group`` (a value of the provider's groups claim) get ``role`` and
    ``accounts``. A person in several mapped groups gets every account of them and the first
    role of admin, support, marketing among them."""

    group = models.CharField("company group", max_length=200, unique=True)
    role = models.CharField(max_length=16, choices=Role.choices)
    accounts = models.ManyToManyField("accounts.CMAccount", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group"]

    def __str__(self) -> str:
        return self.group


class CompanyIdentity(models.Model):
    """A person as the provider knows them (issuer + subject), with the groups of their last
    sign-in or session check."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_identity"
    )
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    groups = models.JSONField(default=list, blank=True)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
