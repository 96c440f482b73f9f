"""App config for the pending tracker."""

from __future__ import annotations

from django.apps import AppConfig


class TrackerConfig(AppConfig):
    """The poller, the history of what changed, notifications and the pending board."""

    name = "dashboard.tracker"
    label = "tracker"
    verbose_name = "Pending tracker"

    def ready(self) -> None:
        """Register the tasks (``queue`` sends them by name) and add "Pending" to the account
        menu (once, even if ready() runs twice in tests)."""
        from dashboard.core.capabilities import Capability
        from dashboard.core.navigation import ACCOUNT_SECTIONS, NavItem
        from dashboard.tracker import tasks  # noqa: F401  (registers the tasks by name)

        item = NavItem("Pending", "tracker:account_board", Capability.BROWSE)
        if item not in ACCOUNT_SECTIONS:
            ACCOUNT_SECTIONS.append(item)
