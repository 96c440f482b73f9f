"""App config: review before anything leaves the building (four eyes)."""

from __future__ import annotations

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Reviews: a second person approves a write to CM.com before the dashboard sends it."""

    name = "dashboard.reviews"
    label = "reviews"
    verbose_name = "Review before anything leaves the building (four eyes)"
