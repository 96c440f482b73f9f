"""App config for the WhatsApp pages."""

from django.apps import AppConfig


class WhatsAppConfig(AppConfig):
    """Business account, languages, profiles and the OTP walk of a WhatsApp channel request."""

    name = "dashboard.whatsapp"
    label = "whatsapp"
    verbose_name = "WhatsApp"

    def ready(self) -> None:
        """Add "WhatsApp" to the account menu."""
        from dashboard.core.capabilities import Capability
        from dashboard.core.navigation import ACCOUNT_SECTIONS, NavItem

        item = NavItem("WhatsApp", "whatsapp:picker", Capability.BROWSE)
        # ready() can run more than once (tests, autoreload): add the item once.
        if item not in ACCOUNT_SECTIONS:
            ACCOUNT_SECTIONS.append(item)
