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


class PersonNotification(models.Model):
    """What the bell shows one person: when it was made and when they read it.

    The tracker's changes, the reviews' events and the accounts' alerts each have one; the
    bell counts the unread ones by (person, read_at). A subclass adds ``person`` (its own
    related name) and what it points at, with a constraint that makes it once per person."""

    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "read_at"])]
