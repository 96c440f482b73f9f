"""App config for the WhatsApp pages."""

from django.apps import AppConfig


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
                "Business account",
                "whatsapp:picker",
                Capability.BROWSE,
                WHATSAPP,
                ("whatsapp:home", "whatsapp:language_activate"),
            ),
            NavItem(
                "Profiles",
                "whatsapp:picker",
                Capability.BROWSE,
                WHATSAPP,
                ("whatsapp:profile*", "whatsapp:otp*"),
                query="to=profiles",
            ),
        )
