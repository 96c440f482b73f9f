"""The tracker's pages: the pending board (all accounts, or one), "Poll now", the bell,
notifications and subscriptions."""

from django.urls import path

from dashboard.tracker import item_views, stats_views, views

app_name = "tracker"

urlpatterns = [
    path("pending/", views.board, name="board"),
    path("a/<uuid:account_id>/pending/", views.account_board, name="account_board"),
    path("a/<uuid:account_id>/pending/poll/", views.poll_now, name="poll_now"),
    path("a/<uuid:account_id>/tracked/<int:item_id>/", item_views.item, name="item"),
    path(
        "a/<uuid:account_id>/tracked/<int:item_id>/check/", item_views.item_check, name="item_check"
    ),
    path(
        "a/<uuid:account_id>/approval-times/",
        stats_views.approval_times,
        name="approval_times",
    ),
    path(
        "a/<uuid:account_id>/approval-times/export.csv",
        stats_views.approval_times_export,
        name="approval_times_export",
    ),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/read/", views.mark_read, name="mark_read"),
    path("notifications/subscriptions/", views.subscriptions, name="subscriptions"),
    path(
        "notifications/subscriptions/save/",
        views.subscriptions_save,
        name="subscriptions_save",
    ),
]
