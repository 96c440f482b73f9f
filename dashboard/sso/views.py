"""Company login's pages: the two OpenID Connect steps, and the group mapping admins edit."""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from dashboard.audit.models import AccessKind
from dashboard.audit.services import record_access
from dashboard.audit.wording import say
from dashboard.people.access import Capability, require
from dashboard.sso import selectors, services
from dashboard.sso.backends import REFUSAL_ATTRIBUTE, CompanyLoginBackend
from dashboard.sso.forms import GroupMappingForm
from dashboard.sso.middleware import start_session

logger = logging.getLogger(__name__)


def _enabled_or_404() -> None:
    if not getattr(settings, "OIDC_ENABLED", False):
        raise Http404("Company login is not set up")


class _Callback(OIDCAuthenticationCallbackView):
    """The library's callback, which lets a forged or replayed answer raise: here each
    refusal is a message on the login page and an entry among the sign-ins."""

    def get(self, request: HttpRequest) -> HttpResponse:  # type: ignore[override]
        try:
            return super().get(request)  # type: ignore[no-any-return]
        except SuspiciousOperation as error:
            # A bad signature, a wrong nonce, an unknown state, another issuer or audience.
            logger.warning("company login refused: %s", error)
            # The library's words about it are kept as given, inside ours.
            return self._refused(request, say("answer_did_not_verify", error=str(error)[:200]))
        except requests.RequestException as error:
            # The provider refused the code (used already, expired) or did not answer.
            status = getattr(getattr(error, "response", None), "status_code", None)
            logger.warning("company login failed at the provider: status %s", status)
            return self._refused(request, say("provider_refused_code", status=str(status)))

    def login_failure(self) -> HttpResponse:
        request = self.request
        reason: str
        if request.GET.get("error"):
            # The provider's error code (login_required, access_denied), as it sent it.
            reason = say("provider_answered", error=request.GET["error"][:40])
        else:
            reason = getattr(request, REFUSAL_ATTRIBUTE, "") or say("not_accepted")
        return self._refused(request, reason)

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        start_session(
            self.request,
            getattr(self.user, "company_groups", []),
            getattr(self.user, "company_sid", ""),
        )
        return response

    def _refused(self, request: HttpRequest, reason: str) -> HttpResponse:
        if request.user.is_authenticated:
            # A session re-check (prompt=none) that failed: the session ends here, or the
            # login page would send the person on and the check would start again.
            auth.logout(request)
        record_access(
            kind=AccessKind.LOGIN_FAILED,
            request=request,
            detail=say("company_login", reason=reason),
        )
        if getattr(request, REFUSAL_ATTRIBUTE, ""):
            text = _("Company login refused: %(reason)s.") % {"reason": reason}
        else:
            text = _(
                "Company login did not complete: your company's sign-in refused it or its "
                "answer could not be verified. Try again; ask an admin if it keeps failing."
            )
        messages.error(request, text)
        return redirect(settings.LOGIN_URL)


_request_view = OIDCAuthenticationRequestView.as_view()
_callback_view = _Callback.as_view()


@login_not_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Off to the provider, with a fresh state, nonce and PKCE challenge in the session."""
    _enabled_or_404()
    return _request_view(request)  # type: ignore[no-any-return]


@login_not_required
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Back from the provider: the code exchanged, the ID token checked, the person in."""
    _enabled_or_404()
    return _callback_view(request)  # type: ignore[no-any-return]


@csrf_exempt
@login_not_required
@never_cache
@require_POST
def backchannel_logout(request: HttpRequest) -> HttpResponse:
    """OpenID Connect Back-Channel Logout 1.0: the provider, server to server, says it ended a
    person's session (signed out there, or disabled by an admin); theirs here end at once.

    No CSRF token: the provider posts from its own server, and the signed logout token is what
    proves the request. 200 when done, 400 with the reason when the token does not verify.
    """
    _enabled_or_404()
    token = request.POST.get("logout_token", "")
    try:
        if not token:
            raise SuspiciousOperation("no logout_token")
        claims = CompanyLoginBackend().verify_logout_token(token)
        # Last, so a token refused for another reason does not use up its jti.
        if not services.logout_token_spend(issuer=claims["iss"], jti=claims["jti"]):
            raise SuspiciousOperation("logout token used already")
    except SuspiciousOperation as error:
        logger.warning("back-channel logout refused: %s", error)
        return JsonResponse(
            {"error": "invalid_request", "error_description": str(error)}, status=400
        )
    ended = services.backchannel_logout(
        request=request,
        issuer=claims["iss"],
        subject=str(claims.get("sub") or ""),
        sid=str(claims.get("sid") or ""),
    )
    logger.info("back-channel logout: %d session(s) ended", ended)
    return HttpResponse(status=200)


@require_GET
def mappings(request: HttpRequest) -> HttpResponse:
    """The group mapping, and who signed in through the company with which groups."""
    require(request, need=Capability.MANAGE_PEOPLE)
    return render(
        request,
        "sso/mappings.html",
        {
            "mappings": selectors.mapping_list(),
            "identities": selectors.identity_list(),
            "enabled": getattr(settings, "OIDC_ENABLED", False),
            "password_login": settings.PASSWORD_LOGIN,
            "break_glass": settings.BREAK_GLASS_USERNAME,
        },
    )


@require_http_methods(["GET", "POST"])
def mapping_add(request: HttpRequest) -> HttpResponse:
    """Map a company group to a role and accounts."""
    require(request, need=Capability.MANAGE_PEOPLE)
    form = GroupMappingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.mapping_create(
            actor=request.user, group=data["group"], role=data["role"], accounts=data["accounts"]
        )
        messages.success(request, _("%(group)s mapped.") % {"group": data["group"]})
        return redirect("sso:mappings")
    return render(request, "sso/mapping_form.html", {"form": form, "mapping": None})


@require_http_methods(["GET", "POST"])
def mapping_edit(request: HttpRequest, mapping_id: int) -> HttpResponse:
    """Change what a group gives; its members get it at their next request."""
    require(request, need=Capability.MANAGE_PEOPLE)
    mapping = get_object_or_404(selectors.mapping_list(), pk=mapping_id)
    form = GroupMappingForm(request.POST or None, mapping=mapping)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.mapping_update(
            actor=request.user,
            mapping=mapping,
            group=data["group"],
            role=data["role"],
            accounts=data["accounts"],
        )
        messages.success(request, _("%(group)s saved.") % {"group": data["group"]})
        return redirect("sso:mappings")
    return render(request, "sso/mapping_form.html", {"form": form, "mapping": mapping})


@require_POST
def mapping_delete(request: HttpRequest, mapping_id: int) -> HttpResponse:
    """Stop mapping a group: its members lose what it gave at their next request."""
    require(request, need=Capability.MANAGE_PEOPLE)
    mapping = get_object_or_404(selectors.mapping_list(), pk=mapping_id)
    services.mapping_delete(actor=request.user, mapping=mapping)
    messages.success(request, _("%(group)s no longer mapped.") % {"group": mapping.group})
    return redirect("sso:mappings")
