"""A CM.com account the dashboard talks to, and the people allowed to use it."""

from __future__ import annotations

import uuid
import zlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboard.accounts.fields import EncryptedTokenField, SecretToken

DEFAULT_BASE_URL = "https://api.cm.com/channels/v1"


class CMAccount(models.Model):
    """One CM.com account: its id, its product token (encrypted) and its API base URL."""

    name = models.CharField("display name", max_length=120)
    account_id = models.UUIDField("CM account id", unique=True, default=uuid.uuid4)
    token = EncryptedTokenField("product token", blank=True, default="")
    token_last4 = models.CharField(max_length=4, blank=True, default="")
    token_set_at = models.DateTimeField(null=True, blank=True)
    base_url = models.URLField("API base URL", max_length=300, default=DEFAULT_BASE_URL)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="cm_accounts",
        blank=True,
        help_text=_("People (other than admins) who may use this account."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "account_id"]
        verbose_name = "CM account"

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<CMAccount {self.account_id} {self.name!r}>"

    @property
    def has_token(self) -> bool:
        """Whether a product token is stored."""
        return isinstance(self.token, SecretToken) and bool(self.token.ciphertext)

    def set_token(self, plain: str) -> None:
        """Encrypt and keep a new product token (the caller saves)."""
        self.token = SecretToken.from_plain(plain)
        self.token_last4 = plain[-4:]
        self.token_set_at = timezone.now()

    @property
    def cache_version(self) -> str:
        """Changes when anything the upstream answers depend on changes (token, base URL)."""
        stamp = self.token_set_at.timestamp() if self.token_set_at else 0
        return f"{self.pk}:{stamp:.0f}:{zlib.crc32(self.base_url.encode()):x}"
