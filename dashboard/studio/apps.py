"""App config for the template studio."""

from django.apps import AppConfig


class StudioConfig(AppConfig):
    """WhatsApp templates: drafts kept in the dashboard, pushed to CM.com on save."""

    name = "dashboard.studio"
    label = "studio"
    verbose_name = "WhatsApp template studio"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from dashboard.core.capabilities import Capability
        from dashboard.core.navigation import ACCOUNT_SECTIONS, NavItem

        item = NavItem("Templates", "studio:pick", Capability.BROWSE)
        # ready() can run twice in some test set-ups; the menu must list it once.
        if item not in ACCOUNT_SECTIONS:
            ACCOUNT_SECTIONS.append(item)

        # Requesting validation may need a second person: the reviews app sends it through
        # the studio's service when approved (reviews is below the studio: the studio says how).
        from dashboard.studio import reviewing

        reviewing.register()
