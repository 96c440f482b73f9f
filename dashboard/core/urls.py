"""Core URLs: home and the per-account overview. Later apps include theirs under /a/<uuid>/."""

from django.urls import path

from dashboard.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("a/<uuid:account_id>/", views.overview, name="overview"),
]
