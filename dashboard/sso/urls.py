"""Company login's admin pages, under /manage/company-login/ (the OpenID Connect steps are in
dashboard/urls.py under the names mozilla-django-oidc reverses)."""

from django.urls import path

from dashboard.sso import views

app_name = "sso"

urlpatterns = [
    path("", views.mappings, name="mappings"),
    path("add/", views.mapping_add, name="mapping_add"),
    path("<int:mapping_id>/", views.mapping_edit, name="mapping_edit"),
    path("<int:mapping_id>/delete/", views.mapping_delete, name="mapping_delete"),
]
