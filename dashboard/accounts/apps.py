"""App config for CM accounts."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """CM.com accounts the dashboard talks to."""

    name = "dashboard.accounts"
    label = "accounts"
    verbose_name = "CM.com accounts"
