"""App config for phone numbers and keyword claims."""

from __future__ import annotations

from django.apps import AppConfig


class NumbersConfig(AppConfig):
    """Phone numbers, number types and requests, and SMS keyword claims."""

    name = "dashboard.numbers"
    label = "numbers"
    verbose_name = "Phone numbers and keywords"

    def ready(self) -> None:
        # Appended here rather than in core/navigation.py so this app owns its menu entries.
        from dashboard.core import navigation
        from dashboard.core.capabilities import Capability
        from dashboard.core.navigation import ACCOUNT_SECTIONS, SMS, NavItem

        navigation.register(
            ACCOUNT_SECTIONS,
            NavItem("Numbers", "numbers:list", Capability.BROWSE, SMS, ("numbers:*",)),
            NavItem("Keywords", "numbers:keywords", Capability.BROWSE, SMS, ("numbers:keyword*",)),
        )

        # Renting a number and claiming a keyword may need a second person: the reviews app
        # sends an approved one through this app's services (reviews is below: this app says how).
        from dashboard.numbers import reviewing

        reviewing.register()
