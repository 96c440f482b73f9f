"""App config for the search across accounts."""

from __future__ import annotations

from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Templates, numbers, keywords, channel requests and profiles of every visible account."""

    name = "dashboard.search"
    label = "search"
    verbose_name = "Search"
