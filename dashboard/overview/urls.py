"""Home and the per-account overview; other apps include theirs under /a/<uuid>/ too."""

from django.urls import path

from dashboard.overview import views

app_name = "overview"

urlpatterns = [
    path("", views.home, name="home"),
    path("a/<uuid:account_id>/", views.overview, name="account"),
]
