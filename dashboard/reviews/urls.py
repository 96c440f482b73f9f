"""The reviews app's URLs: the board across accounts, and per account the board, the policy,
a review and its decisions."""

from django.urls import path

from dashboard.reviews import views

app_name = "reviews"

_A = "a/<uuid:account_id>/reviews/"
_ONE = _A + "<uuid:review_id>/"

urlpatterns = [
    path("reviews/", views.board, name="board"),
    path(_A, views.account_board, name="account_board"),
    path(_A + "policy/", views.policy, name="policy"),
    path(_A + "subscribe/", views.subscribe, name="subscribe"),
    path(_ONE, views.review, name="review"),
    path(_ONE + "approve/", views.approve, name="approve"),
    path(_ONE + "send-back/", views.send_back, name="send_back"),
]
