"""Copying templates to another account: pick, preview, copy, and the run's page (with retry).

Copying needs AUTHOR_TEMPLATES in both accounts (an admin has it everywhere): the source is
the URL's account, the target is checked the same way (404 for an account not granted, 403
without the right). The pick and preview pages are GETs whose choices are in the query string,
so each has a real URL; "Copy" and "Retry the rest" are POSTs that work as plain forms.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from dashboard.accounts.models import CMAccount
from dashboard.copying import selectors, services
from dashboard.core import notfound
from dashboard.core.htmx import done, is_htmx, render_page
from dashboard.people.access import Capability, get_account_or_404

PICK = "copying/pick.html"
PREVIEW = "copying/preview.html"
RUN = "copying/run.html"
CHOOSE = _("Tick the templates to copy, then choose the target account and its WhatsApp request.")


def _target(request: HttpRequest, account: CMAccount, target_id: str) -> CMAccount | None:
    """The target account when one is chosen: the person must author templates there too
    (404 when it is not theirs, 403 without the right). The menus stay the source's."""
    if not target_id:
        return None
    target = get_account_or_404(request, target_id, need=Capability.AUTHOR_TEMPLATES)
    request.current_account = account  # type: ignore[attr-defined]
    return target


def _source_or_404(account: CMAccount, request_id: str, found: object) -> None:
    back = reverse("studio:pick", args=[account.account_id])
    notfound.found_or_404(found, _("WhatsApp channel request"), back=(back, _("the templates")))


def _pick(
    request: HttpRequest, account: CMAccount, rid: str, data: QueryDict, note: str = ""
) -> HttpResponse:
    """The pick page for ``data`` (a query, or a POST without enough choices, said in ``note``);
    a 404 when CM.com has no such request in this account."""
    target = _target(request, account, selectors.choices_of(data).target_id)
    page = selectors.pick_page(
        account, rid, data, targets=selectors.target_accounts(request.user), target=target
    )
    _source_or_404(account, rid, page.templates)
    htmx_target = getattr(request.htmx, "target", None) if is_htmx(request) else None
    fragment = "copy-target" if htmx_target == "copy-target" else "copy-templates"
    return render_page(request, PICK, page.context(note=note), fragment=fragment)


@require_GET
def pick(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID
) -> HttpResponse:
    """Tick templates of this request (searched and paged as the list), choose the target."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    return _pick(request, account, str(whatsapp_request_id), request.GET)


def _chosen(choices: selectors.Choices) -> bool:
    return bool(choices.target_id and choices.target_request_id and choices.template_ids)


def _sources_or_404(plan: selectors.Plan) -> None:
    """A template the choices name that CM.com does not have in the source: a 404 (the ids
    are the page's own, in its URL), as the studio's editor answers."""
    back = reverse("studio:list", args=[plan.source.account_id, plan.source_request_id])
    for item in plan.items:
        if item.failure is not None:
            notfound.found_or_404(item.failure, _("template"), back=(back, _("the templates")))


@require_GET
def preview(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID
) -> HttpResponse:
    """What "Copy" would do, per template (reads both accounts; sends nothing)."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid = str(whatsapp_request_id)
    choices = selectors.choices_of(request.GET)
    if not _chosen(choices):
        return _pick(request, account, rid, request.GET, note=CHOOSE)
    target = _target(request, account, choices.target_id)
    plan = selectors.copy_plan(account, rid, target, choices.target_request_id, choices)
    _sources_or_404(plan)
    return render(request, PREVIEW, plan.context())


@require_POST
def start(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID
) -> HttpResponse:
    """Copy: the plan read afresh; when it holds, the run starts (here, or on a worker for
    more than ten templates) and its page shows how it goes. Else the preview says why."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid = str(whatsapp_request_id)
    started = selectors.run_started_with(account, request.POST.get("key", ""))
    if started is not None:  # the same form sent again: the run it started
        return redirect("copying:run", account_id=account.account_id, copy_run_id=started.public_id)
    choices = selectors.choices_of(request.POST)
    if not _chosen(choices):
        return _pick(request, account, rid, request.POST, note=CHOOSE)
    target = _target(request, account, choices.target_id)
    plan = selectors.copy_plan(account, rid, target, choices.target_request_id, choices, fresh=True)
    _sources_or_404(plan)
    if plan.blocked:
        return render(request, PREVIEW, plan.context(refused=plan.blocked))
    run = services.copy_start(
        actor=request.user,
        source=account,
        source_request_id=rid,
        target=target,
        target_request_id=choices.target_request_id,
        planned=services.planned_from(plan),
        request_validation=choices.request_validation,
        form_key=request.POST.get("key", "")[:64],
    )
    return redirect("copying:run", account_id=account.account_id, copy_run_id=run.public_id)


def _run_or_404(request: HttpRequest, account: CMAccount, copy_run_id: uuid.UUID) -> object:
    run = selectors.run_of(account, copy_run_id)
    if run is None:
        raise Http404(_("No such copy"))
    _target(request, account, str(run.target_account.account_id))
    return run


@require_GET
def run(request: HttpRequest, account_id: uuid.UUID, copy_run_id: uuid.UUID) -> HttpResponse:
    """A run: progress while it copies (the part reloads itself), then what was copied and
    what was not, with "Retry the rest"."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    found = _run_or_404(request, account, copy_run_id)
    page = selectors.run_page(found, can_retry=services.retry_possible(found))
    return render_page(request, RUN, page.context(), fragment="copy-progress")


@require_POST
def retry(request: HttpRequest, account_id: uuid.UUID, copy_run_id: uuid.UUID) -> HttpResponse:
    """Copy the templates of a run that were not copied (none is sent twice)."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    found = _run_or_404(request, account, copy_run_id)
    if services.copy_retry(actor=request.user, run=found):
        found.refresh_from_db()
    else:
        messages.info(request, "Nothing to retry: every template is copied or a copy is running.")
    page = selectors.run_page(found, can_retry=services.retry_possible(found))
    url = reverse("copying:run", args=[account.account_id, found.public_id])
    return done(request, url, RUN, page.context(), fragment="copy-progress")
