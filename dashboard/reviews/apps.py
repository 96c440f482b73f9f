"""App config: review before anything leaves the building (four eyes)."""

from __future__ import annotations

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Reviews: a second person approves a write to CM.com before the dashboard sends it."""

    name = "dashboard.reviews"
    label = "reviews"
    verbose_name = "Review before anything leaves the building (four eyes)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register the e-mail task (``queue`` sends it by name) and add "Reviews" to the
        account menu (once, even if ready() runs twice in tests)."""
        from dashboard.core.capabilities import Capability
        from dashboard.core.navigation import ACCOUNT_SECTIONS, NavItem
        from dashboard.reviews import tasks  # noqa: F401  (registers the task by name)

        item = NavItem("Reviews", "reviews:account_board", Capability.BROWSE)
        if item not in ACCOUNT_SECTIONS:
            ACCOUNT_SECTIONS.append(item)
