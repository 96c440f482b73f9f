"""App config for people."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """People: users, their role and the CM accounts granted to them."""

    name = "dashboard.people"
    label = "people"
    verbose_name = "People"

    def ready(self) -> None:
        """Deactivating a person ends their sessions."""
        from dashboard.people import signals

        signals.connect(self.get_model("User"))
