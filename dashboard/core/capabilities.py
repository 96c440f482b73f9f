"""The things a person may do, named once: the menus (``navigation``) and the access rules
(``dashboard.people.access``, which maps each role to a set of these) both speak of them."""

from __future__ import annotations

import enum


class Capability(enum.StrEnum):
    """Things a person may do. Roles map to sets of these in ``people.access``."""

    BROWSE = "browse"
    EDIT_CONFIGURATION = "edit_configuration"
    WALK_OTP = "walk_otp"
    MANAGE_NUMBERS = "manage_numbers"
    AUTHOR_TEMPLATES = "author_templates"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_PEOPLE = "manage_people"
    VIEW_AUDIT = "view_audit"
