"""App config: copy templates to another account."""

from __future__ import annotations

from django.apps import AppConfig


class CopyingConfig(AppConfig):
    """Copying WhatsApp templates from one account to another."""

    name = "dashboard.copying"
    label = "copying"
    verbose_name = "Copy templates to another account"

    def ready(self) -> None:
        """Register the copy task (``queue`` sends it by name)."""
        from dashboard.copying import tasks  # noqa: F401  (registers the task by name)
