"""App config for company login."""

from django.apps import AppConfig
from django.utils.translation import gettext_noop


class SsoConfig(AppConfig):
    """Company login: OpenID Connect, and which company groups give which role and accounts."""

    name = "dashboard.sso"
    label = "sso"
    verbose_name = "Company login"

    def ready(self) -> None:
        """Add "Company login" to the admin menu (once, even if ready() runs twice)."""
        from dashboard.core import navigation
        from dashboard.core.capabilities import Capability
        from dashboard.core.navigation import ADMIN, MANAGE_PAGES, NavItem

        navigation.register(
            MANAGE_PAGES,
            NavItem(
                gettext_noop("Company login"),
                "sso:mappings",
                Capability.MANAGE_PEOPLE,
                ADMIN,
                ("sso:*",),
            ),
        )
