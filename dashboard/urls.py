"""The project's URLs: login/logout, the account pages under /a/<uuid>/, admin pages under /manage/.

Every URL here is listed in tests/dashboard/test_access_matrix.py with the status each role
should get; a new URL that is not in that table fails the test.
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from dashboard.core import views as core_views
from dashboard.sso import views as sso_views

urlpatterns = [
    # The containers' health check (docker-compose.yml): no login, no database.
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Company login (OpenID Connect): 404 while the OIDC_* variables are unset. The names are
    # the ones mozilla-django-oidc reverses.
    path("oidc/authenticate/", sso_views.start, name="oidc_authentication_init"),
    path("oidc/callback/", sso_views.callback, name="oidc_authentication_callback"),
    path(
        "oidc/backchannel-logout/",
        sso_views.backchannel_logout,
        name="oidc_backchannel_logout",
    ),
    path("", include("dashboard.overview.urls")),
    path("", include("dashboard.numbers.urls")),
    path("", include("dashboard.whatsapp.urls")),
    path("", include("dashboard.tracker.urls")),
    path("", include("dashboard.studio.urls")),
    path("", include("dashboard.channels.urls")),
    path("", include("dashboard.reviews.urls")),
    path("", include("dashboard.copying.urls")),
    path("", include("dashboard.imports.urls")),
    path("", include("dashboard.search.urls")),
    path("me/notifications/", include("dashboard.notify.urls")),
    path("me/", include("dashboard.people.me_urls")),
    path("manage/accounts/", include("dashboard.manage.accounts.urls")),
    path("manage/people/", include("dashboard.people.urls")),
    path("manage/audit/", include("dashboard.manage.audit.urls")),
    path("manage/company-login/", include("dashboard.sso.urls")),
]

handler403 = "dashboard.core.views.permission_denied"
handler404 = "dashboard.core.views.page_not_found"
handler500 = "dashboard.core.views.server_error"
