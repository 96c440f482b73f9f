"""App config for channels: adds its pages to the account menu."""

from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    """Channels, channel requests, channel types and inbound configuration."""

    name = "dashboard.channels"
    label = "channels"
    verbose_name = "Channels"

    def ready(self) -> None:
        """Append the app's sections to the account menu (navigation.py invites this)."""
        from dashboard.core import navigation
        from dashboard.core.capabilities import Capability
        from dashboard.core.navigation import ACCOUNT_SECTIONS, CHANNELS, NavItem

        navigation.register(
            ACCOUNT_SECTIONS,
            # A channel's own pages (its configuration) count as "Channels".
            NavItem("Channels", "channels:list", Capability.BROWSE, CHANNELS, ("channels:*",)),
            NavItem(
                "Channel requests",
                "channels:requests",
                Capability.BROWSE,
                CHANNELS,
                ("channels:request_detail",),
            ),
            NavItem(
                "Channel types",
                "channels:types",
                Capability.BROWSE,
                CHANNELS,
                ("channels:type_detail", "channels:request_channel*"),
            ),
        )

        # Requesting a channel may need a second person: the reviews app sends an approved one
        # through this app's service (reviews is below: this app says how).
        from dashboard.channels import reviewing

        reviewing.register()
