"""The copying app's URLs."""

from django.urls import URLPattern

app_name = "copying"

urlpatterns: list[URLPattern] = []
