"""App config for people."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """People: users, their role and the CM accounts granted to them."""

    name = "dashboard.people"
    label = "people"
    verbose_name = "People"
