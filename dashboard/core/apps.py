"""App config for core."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer every app builds on: htmx helpers, fast forms, middleware, the menus'
    table, capabilities, the 404 words, memos and the error pages. Imports no other app."""

    name = "dashboard.core"
    label = "core"
    verbose_name = "Core"
