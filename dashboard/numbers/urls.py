"""URLs of the numbers app: /a/<account>/numbers/... and /a/<account>/keywords/...

Paths carry the account id themselves (the app is included at the root) so the access matrix
sees every converter of a route.
"""

from __future__ import annotations

from django.urls import path, register_converter

from dashboard.numbers import views


class PhoneNumberIdConverter:
    """A phone number id: digits, never a uuid (NOTES.md rule 16)."""

    regex = "[0-9]{1,20}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return str(value)


register_converter(PhoneNumberIdConverter, "phonenumberid")

app_name = "numbers"

_N = "a/<uuid:account_id>/numbers/"
_K = "a/<uuid:account_id>/keywords/"

urlpatterns = [
    path(_N, views.number_list, name="list"),
    path(f"{_N}export.csv", views.number_export, name="export"),
    path(f"{_N}types/", views.number_types, name="types"),
    path(f"{_N}requests/", views.number_requests, name="requests"),
    path(f"{_N}requests/check/", views.number_request_check, name="request_check"),
    path(f"{_N}requests/confirm/", views.number_request_confirm, name="request_confirm"),
    path(f"{_N}<phonenumberid:phone_number_id>/", views.number_detail, name="detail"),
    path(f"{_N}<phonenumberid:phone_number_id>/cancel/", views.number_cancel, name="cancel"),
    path(
        f"{_N}<phonenumberid:phone_number_id>/cancel/confirm/",
        views.number_cancel_confirm,
        name="cancel_confirm",
    ),
    path(_K, views.keyword_list, name="keywords"),
    path(f"{_K}export.csv", views.keyword_export, name="keywords_export"),
    path(f"{_K}claim/", views.keyword_claim, name="keyword_claim"),
    path(f"{_K}claim/check/", views.keyword_claim_check, name="keyword_claim_check"),
    path(f"{_K}claim/confirm/", views.keyword_claim_confirm, name="keyword_claim_confirm"),
    path(f"{_K}<uuid:keyword_claim_id>/", views.keyword_detail, name="keyword_detail"),
    path(f"{_K}<uuid:keyword_claim_id>/cancel/", views.keyword_cancel, name="keyword_cancel"),
    path(
        f"{_K}<uuid:keyword_claim_id>/cancel/confirm/",
        views.keyword_cancel_confirm,
        name="keyword_cancel_confirm",
    ),
]
