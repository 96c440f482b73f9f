"""App config: review before anything leaves the building (four eyes)."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_noop


class ReviewsConfig(AppConfig):
    """Reviews: a second person approves a write to CM.com before the dashboard sends it."""

    name = "dashboard.reviews"
    label = "reviews"
    verbose_name = "Review before anything leaves the building (four eyes)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the e-mail task (``queue`` sends it by name) and add "Reviews" to the
        account menu and "All reviews" beside "All pending" (once, even if ready() runs
        twice)."""
        from dashboard.core import navigation
        from dashboard.core.capabilities import Capability
        from dashboard.core.navigation import (
            ACCOUNT_SECTIONS,
            ACROSS,
            ACROSS_ACCOUNTS,
            APPROVALS,
            NavItem,
        )
        from dashboard.reviews import tasks  # noqa: F401  (registers the task by name)

        navigation.register(
            ACCOUNT_SECTIONS,
            NavItem(
                gettext_noop("Reviews"),
                "reviews:account_board",
                Capability.BROWSE,
                APPROVALS,
                ("reviews:review", "reviews:policy", "reviews:subscribe"),
            ),
        )
        navigation.register(
            ACROSS_ACCOUNTS,
            NavItem(
                gettext_noop("All reviews"),
                "reviews:board",
                Capability.BROWSE,
                ACROSS,
                ("reviews:*",),
            ),
        )
