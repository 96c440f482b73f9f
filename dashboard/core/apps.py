"""App config for core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Base layout, access helper, upstream helpers, error pages and the overview."""

    name = "dashboard.core"
    label = "core"
    verbose_name = "Core"
