"""A person's own notification preferences, under /me/notifications/."""

from django.urls import path

from dashboard.notify import views

app_name = "notify"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("save/", views.preferences_save, name="preferences_save"),
]
