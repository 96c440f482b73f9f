"""The audit pages: every write, filterable by account, person and action, paged; and the
sign-ins and refusals. Both read-only: the trail has no edit or delete view."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from dashboard.audit.models import AccessEvent, AuditEntry
from dashboard.audit.selectors import access_events, audit_entries
from dashboard.core.htmx import render_page
from dashboard.manage.audit import export
from dashboard.manage.audit.forms import AccessFilterForm, AuditFilterForm
from dashboard.people.access import Capability, require

PAGE_SIZE = 50


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """The trail, newest first; htmx filtering swaps only the results."""
    require(request, need=Capability.VIEW_AUDIT)
    form = AuditFilterForm(request.GET or None)
    entries = _audit_found(form)
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
    page = Paginator(_access_found(form), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "audit/access.html",
        {"form": form, "page": page, "query": query.urlencode()},
        fragment="access-results",
    )


def _audit_found(form: AuditFilterForm) -> QuerySet[AuditEntry]:
    filters = form.cleaned_data if form.is_valid() else {}
    return audit_entries(
        account_id=filters.get("account") or None,
        person_id=filters.get("person") or None,
        action=filters.get("action") or None,
        **form.period(),
    )


def _access_found(form: AccessFilterForm) -> QuerySet[AccessEvent]:
    filters = form.cleaned_data if form.is_valid() else {}
    return access_events(
        kind=filters.get("kind") or None, person_id=filters.get("person") or None, **form.period()
    )


def _streamed(table: export.Table, found: QuerySet[Any], fmt: str) -> HttpResponse:
    """The rows as a download, written while they are read (``export``)."""
    write, content_type = export.FORMATS[fmt]
    response = StreamingHttpResponse(write(table, found), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{table.name}.{fmt}"'
    return response


def _refused(form: forms.Form) -> HttpResponse:
    # A filter that does not read (a period that ends before it starts) is said in words,
    # not ignored: an export of everything would not be what was asked for.
    words = "; ".join(str(error) for errors in form.errors.values() for error in errors)
    return HttpResponse(
        f"The filter was not exported: {words}",
        status=400,
        content_type="text/plain; charset=utf-8",
    )


@require_GET
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The trail as the screen filters it (account, person, action, period), as CSV or JSON
    Lines, every matching row, streamed."""
    require(request, need=Capability.VIEW_AUDIT)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _refused(form)
    return _streamed(export.AUDIT, _audit_found(form), fmt)


@require_GET
def access_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Sign-ins and refusals as the screen filters them, as CSV or JSON Lines, streamed."""
    require(request, need=Capability.VIEW_AUDIT)
    form = AccessFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _refused(form)
    return _streamed(export.ACCESS, _access_found(form), fmt)
