"""The audit pages, under /manage/audit/: writes, and sign-ins and refusals."""

from django.urls import path

from dashboard.manage.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_list, name="list"),
    path("access/", views.access_list, name="access"),
    path("export.csv", views.audit_export, {"fmt": "csv"}, name="export_csv"),
    path("export.jsonl", views.audit_export, {"fmt": "jsonl"}, name="export_jsonl"),
    path("access/export.csv", views.access_export, {"fmt": "csv"}, name="access_export_csv"),
    path("access/export.jsonl", views.access_export, {"fmt": "jsonl"}, name="access_export_jsonl"),
]
