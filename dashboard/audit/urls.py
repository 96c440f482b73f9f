"""The audit page, under /manage/audit/."""

from django.urls import path

from dashboard.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_list, name="list"),
]
