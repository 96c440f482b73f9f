"""Search across accounts: one page, /search/."""

from django.urls import path

from dashboard.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
]
