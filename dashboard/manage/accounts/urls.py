"""Admin pages for CM accounts, under /manage/accounts/."""

from django.urls import path

from dashboard.manage.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account_list, name="list"),
    path("add/", views.account_add, name="add"),
    path("<uuid:account_id>/", views.account_edit, name="edit"),
    path("<uuid:account_id>/test/", views.account_test, name="test"),
]
