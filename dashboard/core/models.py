"""What core keeps in the database: ids CM.com links once and never changes (``memo.py``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Memo(models.Model):
    """One remembered link between ids of an account, e.g. which channel request is its
    WhatsApp one, or which channel carries a request's state.

    Kept in the database, not the cache: a page uses it to ask CM.com for everything in one
    concurrent round instead of two, and that must hold after a cache flush or a restart too.
    A memo is only ever a guess that the page checks against what CM.com answered.
    """

    account = models.ForeignKey("accounts.CMAccount", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    value = models.JSONField(default=dict)
    version = models.CharField(
        max_length=120, help_text=_("The account's cache_version when it was remembered.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "key"], name="core_memo_unique")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.key}"
