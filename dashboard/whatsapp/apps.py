"""App config for the WhatsApp pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_noop


class WhatsAppConfig(AppConfig):
    """Business account, languages, profiles and the OTP walk of a WhatsApp channel request."""

    name = "dashboard.whatsapp"
    label = "whatsapp"
    verbose_name = "WhatsApp"

    def ready(self) -> None:
        """Add the business account and the profiles to the account menu's WhatsApp group
        (both through the picker, which goes on to the account's one WhatsApp request)."""
        from dashboard.core import navigation
        from dashboard.core.capabilities import Capability
        from dashboard.core.navigation import ACCOUNT_SECTIONS, WHATSAPP, NavItem

        navigation.register(
            ACCOUNT_SECTIONS,
            NavItem(
                gettext_noop("Business account"),
                "whatsapp:picker",
                Capability.BROWSE,
                WHATSAPP,
                ("whatsapp:home", "whatsapp:language_activate"),
            ),
            NavItem(
                gettext_noop("Profiles"),
                "whatsapp:picker",
                Capability.BROWSE,
                WHATSAPP,
                ("whatsapp:profile*", "whatsapp:otp*"),
                query="to=profiles",
            ),
        )
