"""The audit trail: one row per write made through the dashboard, and one per sign-in or refusal.

Both tables are append-only from the application: ``save()`` of a stored row, ``delete()``,
and a queryset's ``update()``/``delete()`` raise ``AppendOnlyError``. Nothing in the dashboard
edits or deletes them and no view offers to. (Deleting a person or an account still works: the
rows keep their copied names and the foreign key becomes empty, through Django's base manager.)
"""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dashboard.audit import wording as _access_wording  # noqa: F401  (registers "access")
from dashboard.core import wording


class AppendOnlyError(Exception):
    """Someone tried to change or delete a row of the audit trail."""


def _refuse(what: str) -> NoReturn:
    raise AppendOnlyError(f"The audit trail is append-only: {what} is not allowed.")


class AppendOnlyQuerySet(models.QuerySet):
    """A queryset that can add and read rows, never change or delete them."""

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse("updating entries")

    def delete(self) -> NoReturn:
        _refuse("deleting entries")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> NoReturn:
        _refuse("updating entries")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("updating entries")


class AppendOnlyModel(models.Model):
    """A model whose rows are written once."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse("changing an entry")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("deleting an entry")


class Outcome(models.TextChoices):
    """How a write ended."""

    OK = "ok", _("OK")
    FAILED = "failed", _("Failed")
    REFUSED = "refused", _("Refused upstream")


class AuditEntry(AppendOnlyModel):
    """Who did what to which account, what was sent (secrets masked) and how it ended.

    The actor's username and the account's name are copied so the trail still reads after a
    person or an account is deleted.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_username = models.CharField(max_length=150, blank=True)
    account = models.ForeignKey(
        "accounts.CMAccount", null=True, blank=True, on_delete=models.SET_NULL
    )
    account_name = models.CharField(max_length=120, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    target = models.CharField(max_length=300, blank=True)
    sent = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.OK)
    upstream_status = models.PositiveSmallIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    message_parts = models.JSONField(null=True, blank=True)
    """``message``'s key and parts (``core.wording``) when the dashboard worded it: the entry
    is written in the actor's language and read by an admin in theirs (issue 18). Empty when
    the message is CM.com's own words, and on rows written before it existed."""

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    @property
    def display_message(self) -> str:
        """The message in the active language (``message`` as stored when it has no parts)."""
        return wording.compose({}, self.message_parts, self.message)

    @property
    def sent_text(self) -> str:
        """What was sent, as compact JSON for the audit page."""
        return json.dumps(self.sent, ensure_ascii=False, sort_keys=True)


class AccessKind(models.TextChoices):
    """What happened at the door."""

    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOCKED_OUT = "locked_out", _("Locked out")
    LOGOUT = "logout", _("Logged out")
    FORBIDDEN = "forbidden", _("Refused: role")
    NOT_GRANTED = "not_granted", _("Refused: account not theirs")
    REAUTH_FAILED = "reauth_failed", _("Password check failed")


class AccessEvent(AppendOnlyModel):
    """A sign-in, a failed one, a logout, or a request the access rules refused.

    Kept apart from ``AuditEntry`` (writes): a refused request changes nothing, and the writes'
    trail stays "what was done". ``username`` is what was typed at a failed login, else the
    person's; the password is never kept.
    """

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=16, choices=AccessKind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=300, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    detail_parts = models.JSONField(null=True, blank=True)
    """``detail``'s key and parts (``audit.wording``, namespace "access"): the event is
    written in the language of whoever knocked and read by an admin in theirs (issue 18).
    Empty on rows written before it existed, which show ``detail`` as stored."""

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.kind}"

    @property
    def display_detail(self) -> str:
        """The detail in the active language (``detail`` as stored when it has no parts)."""
        return wording.compose({}, self.detail_parts, self.detail)
