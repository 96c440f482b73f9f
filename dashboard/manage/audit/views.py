"""The audit pages: every write, filterable by account, person and action, paged; and the
sign-ins and refusals. Both read-only: the trail has no edit or delete view."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from dashboard.audit.selectors import access_events, audit_entries
from dashboard.core.htmx import render_page
from dashboard.manage.audit.forms import AccessFilterForm, AuditFilterForm
from dashboard.people.access import Capability, require

PAGE_SIZE = 50


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """The trail, newest first; htmx filtering swaps only the results."""
    require(request, need=Capability.VIEW_AUDIT)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = audit_entries(
        account_id=filters.get("account") or None,
        person_id=filters.get("person") or None,
        action=filters.get("action") or None,
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "audit/list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        fragment="audit-results",
    )


@require_GET
def access_list(request: HttpRequest) -> HttpResponse:
    """Logins, failed logins, lockouts, logouts and refused requests, newest first."""
    require(request, need=Capability.VIEW_AUDIT)
    form = AccessFilterForm(request.GET or None)
    kind = form.cleaned_data.get("kind") if form.is_valid() else None
    page = Paginator(access_events(kind=kind or None), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "audit/access.html",
        {"form": form, "page": page, "query": query.urlencode()},
        fragment="access-results",
    )
