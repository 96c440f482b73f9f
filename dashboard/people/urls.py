"""Admin pages for people, under /manage/people/."""

from django.urls import path

from dashboard.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("add/", views.person_add, name="add"),
    path("<int:person_id>/", views.person_edit, name="edit"),
]
