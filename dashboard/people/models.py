"""The user model: a Django user with one role.

The role decides what a person may do (see ``dashboard.people.access``); which CM accounts they
may use is the ``CMAccount.users`` relation, managed by an admin. Admins see every account.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The three roles of the product."""

    ADMIN = "admin", _("Admin")
    SUPPORT = "support", _("Support")
    MARKETING = "marketing", _("Marketing")


class User(AbstractUser):
    """A person who logs in to the dashboard."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.SUPPORT)
    # A code of settings.LANGUAGES the person picked on /me/language/; blank follows the
    # browser's Accept-Language. Not a choices field: the list is settings, not schema.
    language = models.CharField(max_length=16, blank=True, default="")

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.username

    @property
    def is_admin(self) -> bool:
        """Admins (and Django superusers) may do everything and see every account."""
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def display_name(self) -> str:
        """The full name when known, else the username."""
        return self.get_full_name() or self.username
