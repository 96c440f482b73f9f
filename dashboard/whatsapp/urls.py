"""WhatsApp URLs, all under /a/<uuid:account_id>/whatsapp/.

The prefix is written here, not in the include, because the access matrix reads each route's
own converters (it would not see an ``account_id`` of the include). The path parameter is
``whatsapp_request_id`` (not ``request_id``) so it cannot be mistaken for a number or channel
request id of another area, in code or in the access matrix.
"""

from django.urls import path

from dashboard.whatsapp import views

app_name = "whatsapp"

BASE = "a/<uuid:account_id>/whatsapp/"
REQUEST = BASE + "<uuid:whatsapp_request_id>/"
PROFILE = REQUEST + "profiles/<uuid:profile_id>/"

urlpatterns = [
    path(BASE, views.picker, name="picker"),
    path(REQUEST, views.home, name="home"),
    path(REQUEST + "languages/", views.language_activate, name="language_activate"),
    path(REQUEST + "profiles/", views.profiles, name="profiles"),
    path(PROFILE, views.profile_detail, name="profile"),
    path(PROFILE + "phone-number/", views.profile_phone_number, name="profile_phone_number"),
    path(PROFILE + "otp/", views.otp, name="otp"),
    path(PROFILE + "otp/confirm/", views.otp_confirm, name="otp_confirm"),
    path(PROFILE + "otp/number/", views.otp_number, name="otp_number"),
    path(PROFILE + "otp/send/", views.otp_send, name="otp_send"),
    path(PROFILE + "otp/verify/", views.otp_verify, name="otp_verify"),
]
