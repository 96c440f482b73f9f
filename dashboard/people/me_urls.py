"""A person's own settings, under /me/ (their notifications live in dashboard.notify)."""

from django.urls import path

from dashboard.people import views

app_name = "me"

urlpatterns = [
    path("language/", views.language, name="language"),
    path("language/save/", views.language_save, name="language_save"),
]
