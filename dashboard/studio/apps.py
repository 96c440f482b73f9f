"""App config for the template studio."""

from django.apps import AppConfig
from django.utils.translation import gettext_noop


class StudioConfig(AppConfig):
    """WhatsApp templates: drafts kept in the dashboard, pushed to CM.com on save."""

    name = "dashboard.studio"
    label = "studio"
    verbose_name = "WhatsApp template studio"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from dashboard.core import navigation
        from dashboard.core.capabilities import Capability
        from dashboard.core.navigation import ACCOUNT_SECTIONS, WHATSAPP, NavItem

        # Copying and importing templates are the templates' pages too.
        navigation.register(
            ACCOUNT_SECTIONS,
            NavItem(
                gettext_noop("Templates"),
                "studio:pick",
                Capability.BROWSE,
                WHATSAPP,
                ("studio:*", "copying:*", "imports:*"),
            ),
        )

        # Requesting validation may need a second person: the reviews app sends it through
        # the studio's service when approved (reviews is below the studio: the studio says how).
        from dashboard.studio import reviewing

        reviewing.register()
