"""Admin pages for CM accounts: list, add, edit, and "Test connection" (an htmx POST)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard import audit
from dashboard.accounts.models import CMAccount
from dashboard.audit import wording as access_wording
from dashboard.audit.models import AccessKind
from dashboard.core.htmx import done, render_page
from dashboard.manage.accounts import services
from dashboard.manage.accounts.forms import AccountForm
from dashboard.people.access import Capability, get_account_or_404, require


@require_GET
def account_list(request: HttpRequest) -> HttpResponse:
    """Every CM account, with its token status and a "Test connection" button."""
    require(request, need=Capability.MANAGE_ACCOUNTS)
    accounts = CMAccount.objects.prefetch_related("users")
    return render_page(
        request, "accounts/list.html", {"accounts": accounts}, fragment="account-list"
    )


@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def account_add(request: HttpRequest) -> HttpResponse:
    """Add a CM account."""
    require(request, need=Capability.MANAGE_ACCOUNTS)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = services.account_create(
            actor=request.user,
            name=data["name"],
            account_id=data["account_id"],
            token=data["token"],
            base_url=data["base_url"],
            users=data["users"],
        )
        messages.success(request, _("Account “%(name)s” added.") % {"name": account.name})
        return redirect("accounts:list")
    return render(request, "accounts/form.html", {"form": form, "account": None})


@sensitive_post_parameters("token", "current_password")
@require_http_methods(["GET", "POST"])
def account_edit(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Edit a CM account; the token field is write-only."""
    account = get_account_or_404(request, account_id, need=Capability.MANAGE_ACCOUNTS)
    form = AccountForm(request.POST or None, account=account, editor=request.user)
    if request.method == "POST" and not form.is_valid() and form.reauth_failed:
        audit.record_access(
            kind=AccessKind.REAUTH_FAILED,
            request=request,
            detail=access_wording.say("replacing_token", account=str(account.account_id)),
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.account_update(
            actor=request.user,
            account=account,
            name=data["name"],
            account_id=data["account_id"],
            token=data["token"] or None,
            base_url=data["base_url"],
            users=data["users"],
        )
        messages.success(request, _("Account “%(name)s” saved.") % {"name": account.name})
        return redirect("accounts:list")
    return render(request, "accounts/form.html", {"form": form, "account": account})


@require_POST
def account_test(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Call CM.com once and say whether the account works; htmx swaps in the result badge."""
    account = get_account_or_404(request, account_id, need=Capability.MANAGE_ACCOUNTS)
    check = services.account_test_connection(actor=request.user, account=account)
    if not request.htmx:
        level = messages.SUCCESS if check.ok else messages.ERROR
        messages.add_message(request, level, f"{account.name}: {check.label}. {check.detail}")
    return done(
        request,
        "accounts:list",
        "accounts/list.html",
        {"account": account, "check": check},
        fragment="check-result",
    )
