"""App config for the overview."""

from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """Home and the per-account overview: channels, pending requests, templates by status."""

    name = "dashboard.overview"
    label = "overview"
    verbose_name = "Overview"
