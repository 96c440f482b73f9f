"""App config: bulk import of templates."""

from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Bulk import of WhatsApp templates from a CSV or XLSX file."""

    name = "dashboard.imports"
    label = "imports"
    verbose_name = "Bulk import of templates"

    def ready(self) -> None:
        # Every process (web and worker) has the task registered under its name.
        from dashboard.imports import tasks  # noqa: F401
