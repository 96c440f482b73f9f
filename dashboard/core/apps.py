"""App config for core."""

import logging

from django.apps import AppConfig
from django.core.signals import got_request_exception


class CoreConfig(AppConfig):
    """The bottom layer every app builds on: htmx helpers, fast forms, middleware, the menus'
    table, capabilities, the 404 words, memos and the error pages. Imports no other app."""

    name = "dashboard.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from dashboard.core import database_health, gettext_memo

        gettext_memo.install()

        # A database outage answers 503 and is logged once, not a traceback per request.
        got_request_exception.connect(
            database_health.mark_database_errors, dispatch_uid="core.database_health"
        )
        logging.getLogger("django.request").addFilter(database_health.QuietDuringOutage())
