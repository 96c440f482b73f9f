"""The audit pages, under /manage/audit/: writes, and sign-ins and refusals."""

from django.urls import path

from dashboard.manage.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("access/", views.access_list, name="access"),
]
