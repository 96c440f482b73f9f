"""The studio's pages: pick the WhatsApp channel request, list templates, create one, and the
editor (with its parts: summary, editor, preview, lint) and the editor's POSTs.

Marketing and admin author (AUTHOR_TEMPLATES); support reads (BROWSE). The editor autosaves the
draft on every pause in typing (htmx), pushes it to CM.com on "Save", and every POST also works
as a plain form (a redirect back to the editor, or the editor with its errors).

Each editor POST reads the same way: the account, the author's draft (or the editor saying the
template cannot be read), what was typed, the service, then the answer (``_answer``).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core import notfound
from dashboard.core.htmx import done, is_htmx, render_page, trigger
from dashboard.core.labels import TEMPLATE_CATEGORY, label
from dashboard.core.render_once import reversed_url
from dashboard.people.access import Capability, get_account_or_404, has_capability
from dashboard.studio import drafts, layout, reviewing, selectors, services, version_pages
from dashboard.studio import versions as versions_module
from dashboard.studio.forms import EditorForm, TemplateCreateForm
from dashboard.studio.models import TemplateDraft
from dashboard.whatsapp import selectors as whatsapp_selectors

EDITOR = "studio/edit.html"
PARTS = ("summary", "editor", "preview", "lint", "fields", "texts", "draft-state")
# These parts show no choices (categories, languages): only the template is read (cached).
PARTS_WITHOUT_CHOICES = ("summary", "preview", "lint", "fields", "draft-state")
# Events the editor's widgets listen for (hx-trigger="... from:body").
DRAFT_SAVED = "studio-draft-saved"
TEMPLATE_CHANGED = "studio-template-changed"
EVENTS = {"draft_saved_event": DRAFT_SAVED, "template_changed_event": TEMPLATE_CHANGED}
FIELD_TYPES = ("text", "currency", "datetime")


def _request_or_404(account: CMAccount, found: Any) -> Any:
    """A read of the WhatsApp request the URL names; a 404 when CM.com has no such request."""
    back = reversed_url("studio:pick", (account.account_id,))
    return notfound.found_or_404(
        found, gettext("WhatsApp channel request"), back=(back, gettext("the templates"))
    )


def _template_or_404(account: CMAccount, request_id: str, found: Any) -> Any:
    """The template the URL names; a 404 when CM.com has no such template."""
    back = reversed_url("studio:list", (account.account_id, request_id))
    return notfound.found_or_404(found, gettext("template"), back=(back, gettext("the templates")))


@require_GET
def pick(request: HttpRequest, account_id: uuid.UUID) -> HttpResponse:
    """Go to the templates of the account's WhatsApp channel request; list them when several."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    found = whatsapp_selectors.whatsapp_requests(account)
    if not upstream.is_failure(found) and len(found) == 1:
        return redirect(
            "studio:list", account_id=account.account_id, whatsapp_request_id=found[0].id
        )
    return render(
        request,
        "studio/pick.html",
        {
            "account": account,
            "requests": found,
            "picker_url": reverse("whatsapp:picker", args=[account.account_id]),
        },
    )


@require_GET
def template_list(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID
) -> HttpResponse:
    """Templates: search by name (by CM.com), filter by category and status, paged upstream."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    rid = str(whatsapp_request_id)
    can_author = has_capability(request.user, Capability.AUTHOR_TEMPLATES)
    page = selectors.list_page(account, rid, request.GET, can_author=can_author)
    # The list is the request's own; its categories only fill a filter (said in place).
    _request_or_404(account, page.templates)
    context = page.context(retry_url=request.get_full_path())
    # Paging (a pager link: htmx, a page, aimed at the rows) swaps only the rows and the
    # pager; filtering swaps the results with the note on what was filtered.
    paging = (
        is_htmx(request)
        and "page" in request.GET
        and request.htmx.target != "template-results"  # type: ignore[attr-defined]
        and bool(page.rows)
    )
    if paging:
        response = render(request, "studio/list.html#template-rows", {**context, "paging": True})
        patch_vary_headers(response, ("HX-Request",))
        return response
    response = render_page(request, "studio/list.html", context, fragment="template-results")
    if is_htmx(request) and "page" in request.GET:
        # A page that could not be read, or has no rows, shows in place of the results.
        _retarget(response, "#template-results")
    return response


@require_http_methods(["GET", "POST"])
def create(
    request: HttpRequest, account_id: uuid.UUID, whatsapp_request_id: uuid.UUID
) -> HttpResponse:
    """A new template: name and category; then the editor opens on it."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid = str(whatsapp_request_id)
    # The request's categories are the page's one read: CM.com not knowing them, no request.
    categories = _request_or_404(account, selectors.categories(account, rid))
    failed = categories if upstream.is_failure(categories) else None
    choices = (
        [] if failed is not None else [(c.id, label(TEMPLATE_CATEGORY, c.name)) for c in categories]
    )
    form = TemplateCreateForm(request.POST or None, categories=choices)
    maybe_done = False
    if request.method == "POST" and form.is_valid():
        name, category_id = form.cleaned_data["name"], form.cleaned_data["category_id"]
        written = services.template_create(
            actor=request.user, account=account, request_id=rid, name=name, category_id=category_id
        )
        if written.ok:
            # Answered, or found by the check after a lost answer: open it, never make two.
            made = written.value
            created = gettext("Template %(name)s created.") % {"name": made.name}
            messages.success(request, f"{written.message} {created}".lstrip())
            return redirect("studio:edit", account.account_id, rid, made.id)
        form.add_error(*_not_created(written, name))
        maybe_done = not written.may_resend
    context = {"form": form, "categories_failure": failed, "maybe_done": maybe_done}
    return render(request, "studio/create.html", {"account": account, "request_id": rid, **context})


def _not_created(written: upstream.WriteResult[Any], name: str) -> tuple[str | None, str]:
    """The create form's input that says why nothing was made (None: the form), and the words."""
    if written.failure is not None and written.failure.kind == "conflict":
        return "name", gettext("A template named %(name)s already exists: choose another.") % {
            "name": name
        }
    # Refused, or the answer was lost: the words say whether to send it again.
    return None, written.message


# --- the editor -------------------------------------------------------------------------------


@require_GET
def edit(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """The template: summary, editor (read-only for readers), live preview and lint.

    With htmx and ``?part=summary|editor|preview|lint``, only that part (the preview and lint
    reload themselves when the draft is saved; the summary when CM.com's copy changed).
    """
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    rid, tid = str(whatsapp_request_id), str(template_id)
    part = request.GET.get("part", "")
    with_choices = part not in PARTS_WITHOUT_CHOICES
    fragment = part if part in PARTS else None
    shown = fragment if is_htmx(request) else None  # (render_page shows the page without htmx)
    # CM.com's reads go out first; the database's are made while they are away.
    answer = selectors.template_parts_started(account, rid, tid, with_choices=with_choices)
    # The page around the content, while CM.com answers (a part asked for has none: shown
    # alone, or the whole page that varies on htmx's header, as render_page says).
    around = layout.written(request) if fragment is None else None
    ahead = selectors.editor_ahead(
        account,
        rid,
        tid,
        can_author=has_capability(request.user, Capability.AUTHOR_TEMPLATES),
        tracked=shown is None,
        review=shown in (None, "editor", "draft-state"),
    )
    page = _editor_page(request, account, rid, tid, parts=answer(), ahead=ahead)
    context = page.context(**EVENTS)
    if around is not None and (written := around.page(request, context)) is not None:
        return written
    return render_page(request, EDITOR, context, fragment=fragment)


def _editor_page(
    request: HttpRequest,
    account: CMAccount,
    request_id: str,
    template_id: str,
    *,
    parts: dict[str, Any] | None = None,
    draft: TemplateDraft | None = None,
    outcome: selectors.Outcome = selectors.NOTHING_TO_SAY,
    ahead: selectors.Ahead | None = None,
) -> selectors.EditorPage:
    """The editor as this person may see it: CM.com's copy (read unless given; a 404 when
    CM.com has no such template) and a draft: the one given, else the author's, opened now
    (from the saved one ``ahead`` read, when it did)."""
    can_author = has_capability(request.user, Capability.AUTHOR_TEMPLATES)
    parts = parts or selectors.template_parts(account, request_id, template_id)
    template = _template_or_404(account, request_id, parts["template"])
    if draft is None and not upstream.is_failure(template):
        if can_author:
            draft = services.draft_open(
                account=account,
                request_id=request_id,
                template=template,
                saved=ahead.saved if ahead is not None else None,
            )
        else:
            # Readers see CM.com's copy, not an author's unsaved draft.
            draft = drafts.new_draft(account, request_id, template)
    return selectors.editor_page(
        account,
        request_id,
        template_id,
        parts=parts,
        draft=draft,
        can_author=can_author,
        outcome=outcome,
        ahead=ahead,
    )


def _author_draft(
    account: CMAccount, request_id: str, template_id: str
) -> tuple[TemplateDraft | None, dict[str, Any] | None]:
    """The saved draft (no upstream call), else one opened from CM.com's copy; with the parts
    read to open it (None when none were), which say why there is no draft when there is none."""
    draft = selectors.existing_draft(account, request_id, template_id)
    if draft is not None:
        return draft, None
    parts = selectors.template_parts(account, request_id, template_id)
    if upstream.is_failure(parts["template"]):
        return None, parts
    return (
        services.draft_open(account=account, request_id=request_id, template=parts["template"]),
        parts,
    )


def _typed(draft: TemplateDraft, request: HttpRequest) -> drafts.Typed:
    """What the editor's form posted, as the draft's services take it."""
    return EditorForm(request.POST, draft=draft, categories=[], languages=[]).typed()


def _answer(
    request: HttpRequest,
    account: CMAccount,
    request_id: str,
    template_id: str,
    *,
    draft: TemplateDraft,
    fragment: str,
    events: tuple[str, ...] = (DRAFT_SAVED,),
    parts: dict[str, Any] | None = None,
    outcome: selectors.Outcome = selectors.NOTHING_TO_SAY,
) -> HttpResponse:
    """After an editor POST: the fragment of what changed (htmx) or the page, or a redirect
    (plain). A refusal shows in the whole editor, whatever the button aimed at."""
    # An edit that changed what a waiting review was asked about voids it (said on the page).
    reviewing.template_changed(actor=request.user, account=account, draft=draft)
    refused = outcome.refused is not None
    if not is_htmx(request) and not refused:
        return redirect("studio:edit", account.account_id, request_id, template_id)
    if refused and fragment != "fields-changed":
        fragment = "editor"
    page = _editor_page(
        request, account, request_id, template_id, parts=parts, draft=draft, outcome=outcome
    )
    response = render_page(request, EDITOR, page.context(**EVENTS), fragment=fragment)
    if fragment == "editor" and is_htmx(request):
        _retarget(response, "#studio-editor")
    elif fragment == "fields-changed" and is_htmx(request):
        # A field's Delete is sent by the form's own request, aimed at the draft's state.
        _retarget(response, "#studio-fields")
    for event in events:
        trigger(response, event)
    return response


def _retarget(response: HttpResponse, target: str) -> HttpResponse:
    # The buttons aim at the part they change; an answer that is not that part says where.
    retarget(response, target)
    return reswap(response, "outerHTML")


def _unavailable(
    request: HttpRequest,
    account: CMAccount,
    request_id: str,
    template_id: str,
    parts: dict[str, Any] | None,
) -> HttpResponse:
    """The editor saying CM.com's copy cannot be read (so there is no draft to change)."""
    page = _editor_page(request, account, request_id, template_id, parts=parts)
    response = render_page(request, EDITOR, page.context(**EVENTS), fragment="editor")
    return _retarget(response, "#studio-editor") if is_htmx(request) else response


def _refused(
    request: HttpRequest,
    account: CMAccount,
    request_id: str,
    template_id: str,
    draft: TemplateDraft,
    refused: drafts.DraftRefused,
) -> HttpResponse:
    """A refused edit: the message at its input (htmx, or an input the page has), else a
    message on the editor page."""
    if refused.where or is_htmx(request):
        return _answer(
            request,
            account,
            request_id,
            template_id,
            draft=draft,
            fragment="editor",
            outcome=selectors.Outcome(refused=refused),
        )
    messages.error(request, refused.message)
    return redirect("studio:edit", account.account_id, request_id, template_id)


def _pushed(
    request: HttpRequest,
    account: CMAccount,
    request_id: str,
    template_id: str,
    draft: TemplateDraft,
    result: services.PushResult | services.ValidationResult | reviewing.SubmitResult,
) -> HttpResponse:
    """A push's result: said (plain form) or shown in the editor (htmx)."""
    if not is_htmx(request):
        # A plain form shows it on the page it is redirected to.
        (messages.success if result.ok else messages.error)(request, result.message)
    # Only the draft's state (and the inputs' error slots) answers; CM.com's copy changed, so
    # the parts that show it (summary, fields, texts, preview, checks) reload themselves on
    # TEMPLATE_CHANGED. The template is read once here, before they ask (a push keeps CM.com's
    # last answer, so that is no call; a validation request changed the status, so it is
    # one): the five reloads then share the cached copy instead of each asking CM.com again.
    if is_htmx(request):
        selectors.template_parts(account, request_id, template_id, with_choices=False)
    return _answer(
        request,
        account,
        request_id,
        template_id,
        draft=draft,
        fragment="autosaved",
        events=(DRAFT_SAVED, TEMPLATE_CHANGED),
        outcome=selectors.Outcome(result=result.message, result_ok=result.ok),
    )


@require_POST
def draft_save(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """Autosave: keep what was typed in the draft. Answers the draft's state (htmx) with the
    field errors swapped in place, and tells the preview and lint to reload.

    Only the draft's state and the error slots answer (not the whole editor), so that typing is
    never interrupted by a swap of the input being typed in."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid, tid = str(whatsapp_request_id), str(template_id)
    draft, parts = _author_draft(account, rid, tid)
    if draft is None:
        return _unavailable(request, account, rid, tid, parts)
    services.draft_save(actor=request.user, draft=draft, typed=_typed(draft, request))
    # Typing that changes what a waiting review was asked about voids it (the state says so).
    reviewing.template_changed(actor=request.user, account=account, draft=draft)
    if not is_htmx(request):
        return redirect("studio:edit", account.account_id, rid, tid)
    page = selectors.draft_state_page(account, rid, tid, draft)
    response = render(request, f"{EDITOR}#autosaved", page.context())
    return trigger(response, DRAFT_SAVED)


@require_POST
def save(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """ "Save" (and "Retry"): keep what was typed, then push the draft to CM.com."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid, tid = str(whatsapp_request_id), str(template_id)
    draft, parts = _author_draft(account, rid, tid)
    if draft is None:
        return _unavailable(request, account, rid, tid, parts)
    services.draft_save(actor=request.user, draft=draft, typed=_typed(draft, request))
    pushed = services.template_push(actor=request.user, account=account, draft=draft)
    return _pushed(request, account, rid, tid, draft, pushed)


@require_POST
def validate(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """ "Request validation" (or "Ask for review" when the account requires review: then
    nothing is sent): refused while the lint finds errors; saves first if needed."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid, tid = str(whatsapp_request_id), str(template_id)
    draft, parts = _author_draft(account, rid, tid)
    if draft is None:
        return _unavailable(request, account, rid, tid, parts)
    services.draft_save(actor=request.user, draft=draft, typed=_typed(draft, request))
    asked = reviewing.template_submit(actor=request.user, account=account, draft=draft)
    return _pushed(request, account, rid, tid, draft, asked)


@require_POST
def field_add(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """Add a replacement field to the draft (pushed on "Save")."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid, tid = str(whatsapp_request_id), str(template_id)
    name = request.POST.get("new_field_name", "")
    kind = request.POST.get("new_field_type", "text")
    kind = kind if kind in FIELD_TYPES else "text"
    draft, parts = _author_draft(account, rid, tid)
    if draft is None:
        return _unavailable(request, account, rid, tid, parts)
    typed = _typed(draft, request)
    try:
        services.draft_field_add(actor=request.user, draft=draft, typed=typed, name=name, type=kind)
    except drafts.DraftRefused as refused:
        # The new field's inputs are not kept in the draft: the editor shows them again.
        refill = {"new_field_name": name, "new_field_type": kind}
        said = selectors.Outcome(refused=refused, extra=refill)
        return _answer(
            request, account, rid, tid, draft=draft, fragment="fields-changed", outcome=said
        )
    return _answer(request, account, rid, tid, draft=draft, fragment="fields-changed")


@require_POST
def field_delete(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """Delete a replacement field from the draft (pushed on "Save")."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid, tid = str(whatsapp_request_id), str(template_id)
    key = _field_key(request)
    draft, parts = _author_draft(account, rid, tid)
    if draft is None:
        return _unavailable(request, account, rid, tid, parts)
    typed = _typed(draft, request)
    try:
        services.draft_field_delete(actor=request.user, draft=draft, typed=typed, key=key)
    except drafts.DraftRefused as refused:
        return _refused(request, account, rid, tid, draft, refused)
    return _answer(request, account, rid, tid, draft=draft, fragment="fields-changed")


def _field_key(request: HttpRequest) -> str:
    """The key of the field a Delete names: its row (``f-0``), whose key the row sent."""
    row = request.POST.get("field", "")
    if re.fullmatch(r"f-[0-9]{1,4}", row):
        return request.POST.get(f"{row}-key", "")
    return row


@require_POST
def language_add(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """Add one of the business account's active languages to the draft."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid, tid = str(whatsapp_request_id), str(template_id)
    language = request.POST.get("add_language", "")
    draft, parts = _author_draft(account, rid, tid)
    if draft is None:
        return _unavailable(request, account, rid, tid, parts)
    typed = _typed(draft, request)
    parts = parts or selectors.template_parts(account, rid, tid)
    active = [] if upstream.is_failure(parts["languages"]) else parts["languages"]
    if language not in [lang.name for lang in active]:
        # Keep what was typed even though the language is refused.
        services.draft_save(actor=request.user, draft=draft, typed=typed)
        refused = drafts.DraftRefused(
            gettext("Choose one of the business account's active languages."), where="add_language"
        )
        return _refused(request, account, rid, tid, draft, refused)
    try:
        services.draft_language_add(actor=request.user, draft=draft, typed=typed, language=language)
    except drafts.DraftRefused as refused:
        return _refused(request, account, rid, tid, draft, refused)
    return _answer(request, account, rid, tid, draft=draft, parts=parts, fragment="texts-changed")


@require_POST
def language_remove(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """Remove a language the draft added and CM.com does not have yet."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid, tid = str(whatsapp_request_id), str(template_id)
    language = request.POST.get("language", "")
    draft, parts = _author_draft(account, rid, tid)
    if draft is None:
        return _unavailable(request, account, rid, tid, parts)
    typed = _typed(draft, request)
    try:
        services.draft_language_remove(
            actor=request.user, draft=draft, typed=typed, language=language
        )
    except drafts.DraftRefused as refused:
        return _refused(request, account, rid, tid, draft, refused)
    return _answer(request, account, rid, tid, draft=draft, fragment="texts-changed")


@require_POST
def duplicate(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """ "Duplicate as a new template": copy it under a new name and open the copy."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid, tid = str(whatsapp_request_id), str(template_id)
    new_id, pushed = services.template_duplicate(
        actor=request.user, account=account, request_id=rid, template_id=tid
    )
    if pushed.failure is not None:
        # The source could not be read. No such template in this account (another account's
        # id, or deleted): nothing to copy, and nothing was sent. (A 403 is about the token:
        # said in place.)
        _template_or_404(account, rid, pushed.failure)
    if not new_id:
        messages.error(request, pushed.message)
        page = _editor_page(request, account, rid, tid)
        edit_url = reverse("studio:edit", args=[account.account_id, rid, tid])
        return done(request, edit_url, EDITOR, page.context(**EVENTS), fragment="summary")
    # After a lost answer, the check that found the copy is said first (nothing to resend).
    if pushed.ok:
        made = gettext("Copy made: fix what was rejected, then request validation.")
        messages.success(request, f"{pushed.checked} {made}".lstrip())
    else:
        made = gettext("Copy made, but its content is not on CM.com yet. %(message)s") % {
            "message": pushed.message
        }
        messages.warning(request, f"{pushed.checked} {made}".lstrip())
    new_url = reverse("studio:edit", args=[account.account_id, rid, new_id])
    if is_htmx(request):
        return HttpResponseClientRedirect(new_url, status=204)
    return redirect(new_url)


# --- version history (issue 15) ---------------------------------------------------------------


def _history_template(account: CMAccount, request_id: str, template_id: str) -> Any:
    """None for a template the dashboard knows under this account (no read), else CM.com's
    copy or failure; a 404 when CM.com has no such template (another account's id)."""
    found = version_pages.template_read(account, request_id, template_id)
    return None if found is None else _template_or_404(account, request_id, found)


@require_GET
def versions(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """The template's versions, newest first: pick any two to compare; restore one."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    rid, tid = str(whatsapp_request_id), str(template_id)
    template = _history_template(account, rid, tid)
    can_author = has_capability(request.user, Capability.AUTHOR_TEMPLATES)
    page = version_pages.versions_page(account, rid, tid, can_author=can_author, template=template)
    return render(request, "studio/versions.html", page.context())


@require_GET
def compare(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """Two versions side by side (``?a=1&b=3``; the newest two when none are named)."""
    account = get_account_or_404(request, account_id, need=Capability.BROWSE)
    rid, tid = str(whatsapp_request_id), str(template_id)
    template = _history_template(account, rid, tid)
    page = version_pages.compare_page(account, rid, tid, request.GET, template=template)
    return render(request, "studio/compare.html", page.context())


@require_POST
def restore(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """ "Restore": the draft becomes an old version. Nothing is sent until the person saves."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    rid, tid = str(whatsapp_request_id), str(template_id)
    _history_template(account, rid, tid)
    version = versions_module.version_get(
        account=account, request_id=rid, template_id=tid, number=request.POST.get("number", "")
    )
    draft = selectors.existing_draft(account, rid, tid)
    if version is None or draft is None:
        messages.error(request, "Choose one of this template's versions to restore.")
        back = reverse("studio:versions", args=[account.account_id, rid, tid])
        return HttpResponseClientRedirect(back) if is_htmx(request) else redirect(back)
    restored = versions_module.draft_restore(
        actor=request.user, account=account, draft=draft, version=version
    )
    # The draft changed: a review waiting on the template is void (the editor says so).
    reviewing.template_changed(actor=request.user, account=account, draft=draft)
    messages.success(request, restored.message)
    edit_url = reverse("studio:edit", args=[account.account_id, rid, tid])
    return HttpResponseClientRedirect(edit_url) if is_htmx(request) else redirect(edit_url)
