"""The import's pages: the layout with the upload form, a sample file, the report on an
uploaded file with the import form, the progress, and the two steps (create, submit).

Every page needs AUTHOR_TEMPLATES (marketing and admin); support gets 403. Every POST works as
a plain form (a redirect back to the report, the outcome as a message) and with htmx (the part
it changes: the import form, or the progress).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboard.accounts.models import CMAccount
from dashboard.core import notfound
from dashboard.core.htmx import done, is_htmx, render_page, trigger
from dashboard.imports import parsing, selectors, services
from dashboard.imports.forms import UploadForm
from dashboard.imports.models import ImportRun
from dashboard.people.access import Capability, get_account_or_404

PAGE = "imports/report.html"
STEP_DONE = "imports-step-done"


def _request_or_404(account: CMAccount, found: Any) -> Any:
    """A read under the WhatsApp request the URL names; a 404 when CM.com has no such request."""
    back = reverse("studio:pick", args=[account.account_id])
    return notfound.found_or_404(
        found, _("WhatsApp channel request"), back=(back, _("the templates"))
    )


def _run_or_404(account: CMAccount, request_id: uuid.UUID, run_id: uuid.UUID) -> ImportRun:
    return get_object_or_404(
        ImportRun.objects.select_related("account"),
        public_id=run_id,
        account=account,
        request_id=str(request_id),
    )


@require_http_methods(["GET", "POST"])
def start(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID
) -> HttpResponse:
    """The layout, the categories and languages to use, and the upload form."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid = str(whatsapp_request_id)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    page = selectors.start_page(account, rid, form)
    _request_or_404(account, page.categories_failure)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            made = services.run_upload(
                actor=request.user,
                account=account,
                request_id=rid,
                file_name=upload.name or "",
                data=upload.read(parsing.MAX_BYTES + 1),
            )
        except parsing.FileRefused as refused:
            form.add_error("file", refused.message)
        else:
            return redirect("imports:report", account.account_id, rid, made.public_id)
    return render(request, "imports/start.html", page.context())


@require_GET
def sample(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """An example file in the layout."""
    get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    response = HttpResponse(parsing.sample_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="templates-sample.csv"'
    return response


@require_GET
def report(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID, run_id: uuid.UUID
) -> HttpResponse:
    """The report on an uploaded file: each row's problems, and the templates to import."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    run = _run_or_404(account, whatsapp_request_id, run_id)
    got = selectors.report_reads(account, run.request_id)
    _request_or_404(account, selectors.templates_read(run, got))
    page = selectors.report_page(account, run, got)
    context = page.context(step_done_event=STEP_DONE)
    return render_page(request, PAGE, context, fragment="import-work")


@require_GET
def progress(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID, run_id: uuid.UUID
) -> HttpResponse:
    """The progress of the step running (htmx polls it); the report page without htmx."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    run = _run_or_404(account, whatsapp_request_id, run_id)
    if not is_htmx(request):
        return redirect("imports:report", account.account_id, run.request_id, run.public_id)
    now = selectors.progress_of(account, run)
    response = render(request, f"{PAGE}#import-progress", {"account": account, "progress": now})
    # Polled only while a step runs: an answer that finds it ended has the form reloaded.
    return response if now.running else trigger(response, STEP_DONE)


def _ids(values: list[str]) -> set[int]:
    return {int(value) for value in values if value.isdigit() and len(value) < 12}


@require_POST
def run(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID, run_id: uuid.UUID
) -> HttpResponse:
    """Create the ticked templates as drafts (a task, with progress, when over ten)."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    found = _run_or_404(account, whatsapp_request_id, run_id)
    got = selectors.report_reads(account, found.request_id)
    _request_or_404(account, selectors.templates_read(found, got))
    chosen = _ids(request.POST.getlist("item"))
    started = services.items_import(
        actor=request.user,
        account=account,
        run=found,
        selected=chosen,
        report=selectors.report_of(found, got),
    )
    if not is_htmx(request):
        (messages.success if started.ok else messages.error)(request, started.message)
        return redirect("imports:report", account.account_id, found.request_id, found.public_id)
    # The reads of before the import: the names it created show as created, not as taken.
    page = selectors.report_page(
        account, found, got, result=started.message, ok=started.ok, chosen=chosen
    )
    back = reverse("imports:report", args=[account.account_id, found.request_id, found.public_id])
    context = page.context(step_done_event=STEP_DONE)
    return done(request, back, PAGE, context, fragment="import-work")


@require_POST
def submit(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID, run_id: uuid.UUID
) -> HttpResponse:
    """Request validation of every imported template that lints clean (or ask for review)."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    found = _run_or_404(account, whatsapp_request_id, run_id)
    started = services.items_submit(actor=request.user, account=account, run=found)
    if not is_htmx(request):
        (messages.success if started.ok else messages.error)(request, started.message)
    progress_now = selectors.progress_of(account, found, started.message, started.ok)
    back = reverse("imports:report", args=[account.account_id, found.request_id, found.public_id])
    context = {"account": account, "progress": progress_now}
    return done(request, back, PAGE, context, fragment="import-progress")
