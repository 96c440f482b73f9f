"""App config for the notification preferences."""

from django.apps import AppConfig


class NotifyConfig(AppConfig):
    """What each person chose to hear about, and how."""

    name = "dashboard.notify"
    label = "notify"
    verbose_name = "Notification preferences"

    def ready(self) -> None:
        """Register the tasks (``queue`` sends them by name)."""
        from dashboard.notify import tasks  # noqa: F401
