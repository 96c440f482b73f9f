"""App config for channels: adds its pages to the account menu."""

from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    """Channels, channel requests, channel types and inbound configuration."""

    name = "dashboard.channels"
    label = "channels"
    verbose_name = "Channels"

    def ready(self) -> None:
        """Append the app's sections to the account menu (navigation.py invites this)."""
        from dashboard.core.capabilities import Capability
        from dashboard.core.navigation import ACCOUNT_SECTIONS, NavItem

        for item in (
            NavItem("Channels", "channels:list", Capability.BROWSE),
            NavItem("Channel requests", "channels:requests", Capability.BROWSE),
            NavItem("Channel types", "channels:types", Capability.BROWSE),
        ):
            # ready() can run twice (tests, autoreload): never list a section twice.
            if item not in ACCOUNT_SECTIONS:
                ACCOUNT_SECTIONS.append(item)

        # Requesting a channel may need a second person: the reviews app sends an approved one
        # through this app's service (reviews is below: this app says how).
        from dashboard.channels import reviewing

        reviewing.register()
