"""Per request, for a person signed in through the company: grants follow the mapping, and
the session is re-checked with the provider now and then.

The groups of the person's last sign-in (or check) are kept in their session together with
the mapping's version; when an admin changes the mapping the version moves, and the next
request re-derives the person's role and accounts from the same groups (one small query per
request, and the writes only when something changed). With no mapped group left the session
ends there.

Every OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS the next full page (not an htmx poll) goes to the
provider with ``prompt=none`` (mozilla-django-oidc's SessionRefresh): a person still signed in
there comes straight back with fresh groups; one disabled there comes back with an error and
the callback ends the session. A provider with back-channel logout ends them sooner: at once
(``views.backchannel_logout``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from mozilla_django_oidc.middleware import SessionRefresh

from dashboard.audit.models import AccessKind
from dashboard.audit.services import record_access
from dashboard.audit.wording import say
from dashboard.sso import services
from dashboard.sso.selectors import SESSION_PROVIDER_SID, mapping_version

SESSION_GROUPS = "company_login_groups"
SESSION_VERSION = "company_login_mapping_version"


class _Refresh(SessionRefresh):
    """SessionRefresh with only our two routes exempt, and never on an htmx request (a poll
    must not count as activity, and a cross-site redirect cannot be followed by htmx)."""

    @property
    def exempt_urls(self) -> set[str]:  # type: ignore[override]
        return {reverse("oidc_authentication_init"), reverse("oidc_authentication_callback")}

    def is_refreshable_url(self, request: HttpRequest) -> bool:
        if getattr(request, "htmx", False):
            return False
        return bool(super().is_refreshable_url(request))


def start_session(request: HttpRequest, groups: list[str], sid: str = "") -> None:
    """Remember, in a new company-login session, the groups its grants came from, and the
    provider's session it belongs to."""
    request.session[SESSION_GROUPS] = groups
    request.session[SESSION_VERSION] = mapping_version()
    request.session[SESSION_PROVIDER_SID] = sid


class CompanyLoginMiddleware:
    """See the module's text."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            getattr(settings, "OIDC_ENABLED", False)
            and request.user.is_authenticated
            and SESSION_GROUPS in request.session
        ):
            answer = self._check(request)
            if answer is not None:
                return answer
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        version = mapping_version()
        if request.session.get(SESSION_VERSION) != version:
            person = request.user
            groups = list(request.session[SESSION_GROUPS])
            if services.person_apply_grants(person=person, groups=groups) is None:  # type: ignore[arg-type]
                record_access(
                    kind=AccessKind.FORBIDDEN,
                    request=request,
                    detail=say("groups_no_longer_map"),
                )
                auth.logout(request)
                messages.warning(
                    request,
                    gettext(
                        "You were signed out: your company groups no longer give access to "
                        "the dashboard. Ask an admin if that is a mistake."
                    ),
                )
                return redirect(settings.LOGIN_URL)
            request.session[SESSION_VERSION] = version
        # Built per request: it reads its settings when made, and they can change (tests).
        answer: HttpResponse | None = _Refresh(self.get_response).process_request(request)
        return answer
