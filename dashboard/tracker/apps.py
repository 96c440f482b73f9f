"""App config for the pending tracker."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_noop


class TrackerConfig(AppConfig):
    """The poller, the history of what changed, notifications and the pending board."""

    name = "dashboard.tracker"
    label = "tracker"
    verbose_name = "Pending tracker"

    def ready(self) -> None:
        """Register the tasks (``queue`` sends them by name) and add "Pending" and
        "Approval times" to the account menu and "All pending" to what spans accounts (once,
        even if ready() runs twice in tests)."""
        from dashboard.core import navigation
        from dashboard.core.capabilities import Capability
        from dashboard.core.navigation import (
            ACCOUNT_SECTIONS,
            ACROSS,
            ACROSS_ACCOUNTS,
            APPROVALS,
            NavItem,
        )
        from dashboard.notify import bell
        from dashboard.reviews.models import ReviewNotification
        from dashboard.tracker import tasks  # noqa: F401  (registers the tasks by name)
        from dashboard.tracker.models import Notification

        # The bell's remembered count, forgotten on changes (tracker_tags.bell).
        bell.connect([Notification, ReviewNotification])

        navigation.register(
            ACCOUNT_SECTIONS,
            NavItem(
                gettext_noop("Pending"),
                "tracker:account_board",
                Capability.BROWSE,
                APPROVALS,
                ("tracker:item*", "tracker:poll_now"),
            ),
            NavItem(
                gettext_noop("Approval times"),
                "tracker:approval_times",
                Capability.BROWSE,
                APPROVALS,
                ("tracker:approval_times*",),
            ),
        )
        # The bell sits beside these; base.html draws it with its count (tracker_tags.bell).
        navigation.register(
            ACROSS_ACCOUNTS,
            NavItem(gettext_noop("All pending"), "tracker:board", Capability.BROWSE, ACROSS),
        )
