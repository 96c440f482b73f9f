"""App config for the admin pages."""

from django.apps import AppConfig


class ManageConfig(AppConfig):
    """The pages and commands that manage CM accounts and read the audit trail."""

    name = "dashboard.manage"
    label = "manage"
    verbose_name = "Manage"
