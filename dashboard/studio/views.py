"""The studio's pages: pick the WhatsApp channel request, list templates, create one, and the
editor (with its parts: summary, editor, preview, lint) and the editor's POSTs.

Marketing and admin author (AUTHOR_TEMPLATES); support reads (BROWSE). The editor autosaves the
draft on every pause in typing (htmx), pushes it to CM.com on "Save", and every POST also works
as a plain form (a redirect back to the editor, or the editor with its errors).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from channels_api.models import ApiWhatsAppTemplate, ReviewStatus
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core import notfound
from dashboard.core.htmx import done, is_htmx, render_page, trigger
from dashboard.core.paging import page_number
from dashboard.people.access import Capability, get_account_or_404, has_capability
from dashboard.studio import drafts, lint, preview, selectors, services
from dashboard.studio.forms import EditorForm, ListFilterForm, TemplateCreateForm
from dashboard.studio.models import PushState, TemplateDraft
from dashboard.whatsapp import selectors as whatsapp_selectors

EDITOR = "studio/edit.html"
PARTS = ("summary", "editor", "preview", "lint", "fields", "texts", "draft-state")
# Events the editor's widgets listen for (hx-trigger="... from:body").
DRAFT_SAVED = "studio-draft-saved"
TEMPLATE_CHANGED = "studio-template-changed"


def _request_or_404(account: CMAccount, found: Any) -> Any:
    """A read of the WhatsApp request the URL names; a 404 when CM.com has no such request."""
    back = reverse("studio:pick", args=[account.account_id])
    return notfound.found_or_404(found, "WhatsApp channel request", back=(back, "the templates"))


def _template_or_404(account: CMAccount, request_id: str, found: Any) -> Any:
    """The template the URL names; a 404 when CM.com has no such template."""
    back = reverse("studio:list", args=[account.account_id, request_id])
    return notfound.found_or_404(found, "template", back=(back, "the templates"))


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
    asked = ListFilterForm(request.GET)
    q, category, status = (asked.value(n) for n in ("q", "category", "status"))
    page = page_number(request.GET.get("page"))
    found = selectors.template_list(account, rid, q=q, page=page, category=category, status=status)
    # The list is the request's own; its categories only fill a filter (said in place).
    _request_or_404(account, found["templates"])
    categories = found["categories"]
    names = [] if upstream.is_failure(categories) else [c.name for c in categories if c.name]
    form = ListFilterForm(request.GET, categories=names)
    form.is_valid()
    templates = found["templates"]
    list_url = reverse("studio:list", args=[account.account_id, rid])

    def page_url(number: int) -> str:
        # Relative to the list, where the pager is: a query alone.
        query = {k: v for k, v in (("q", q), ("category", category), ("status", status)) if v}
        return f"?{urlencode({**query, 'page': number})}"

    context = {
        "account": account,
        "request_id": rid,
        "form": form,
        "templates": templates,
        "rows": [] if upstream.is_failure(templates) else selectors.rows(templates.items),
        "categories_failure": categories if upstream.is_failure(categories) else None,
        "filtered": bool(category or status),
        "scan": found["scan"],
        "searched": bool(q),
        "page_size": selectors.PAGE_SIZE,
        "scan_limit": selectors.SCAN_PAGE_SIZE * selectors.MAX_SCAN_PAGES,
        "list_url": list_url,
        "retry_url": request.get_full_path(),
        "previous_url": page_url(page - 1) if page > 1 else "",
        "next_url": ""
        if upstream.is_failure(templates) or not templates.has_next
        else page_url(page + 1),
        "can_author": has_capability(request.user, Capability.AUTHOR_TEMPLATES),
    }
    # Paging (a pager link: htmx, a page, aimed at the rows) swaps only the rows and the
    # pager; filtering swaps the results with the note on what was filtered.
    paging = (
        is_htmx(request)
        and "page" in request.GET
        and request.htmx.target != "template-results"  # type: ignore[attr-defined]
        and bool(context["rows"])
    )
    if paging:
        context["paging"] = True
        response = render(request, "studio/list.html#template-rows", context)
        patch_vary_headers(response, ("HX-Request",))
        return response
    response = render_page(request, "studio/list.html", context, fragment="template-results")
    if is_htmx(request) and "page" in request.GET:
        # A page that could not be read, or has no rows, shows in place of the results.
        retarget(response, "#template-results")
        reswap(response, "outerHTML")
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
    choices = [] if upstream.is_failure(categories) else [(c.id, c.name) for c in categories]
    form = TemplateCreateForm(request.POST or None, categories=choices)
    maybe_done = False
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        written = services.template_create(
            actor=request.user,
            account=account,
            request_id=rid,
            name=name,
            category_id=form.cleaned_data["category_id"],
        )
        if written.ok:
            # Answered, or found by the check after a lost answer: open it, never make two.
            created = written.value
            messages.success(
                request, f"{written.message} Template {created.name} created.".lstrip()
            )
            return redirect("studio:edit", account.account_id, rid, created.id)
        if written.failure is not None and written.failure.kind == "conflict":
            form.add_error("name", f"A template named {name} already exists: choose another.")
        else:
            # Refused, or the answer was lost: the words say whether to send it again.
            form.add_error(None, written.message)
        maybe_done = not written.may_resend
    return render(
        request,
        "studio/create.html",
        {
            "account": account,
            "request_id": rid,
            "form": form,
            "categories_failure": categories if upstream.is_failure(categories) else None,
            "maybe_done": request.method == "POST" and form.is_bound and maybe_done,
        },
    )


# --- the editor -------------------------------------------------------------------------------


def _statuses(template: ApiWhatsAppTemplate) -> dict[str, tuple[str, str, str]]:
    return {
        badge.name: (badge.status, badge.label, badge.reason)
        for badge in selectors.language_badges(template)
    }


def _previews(draft: TemplateDraft, samples: bool = True) -> list[dict[str, Any]]:
    fields = [
        preview.PreviewField(
            f["name"], f["type"], (draft.samples or {}).get(f["key"], "") if samples else ""
        )
        for f in draft.fields
    ]
    return [
        {
            "language": language,
            "bubble": preview.render_bubble(preview.segments(content, fields, language)),
            "empty": not content.strip(),
            "known": preview.is_known_language(language),
        }
        for language, content in draft.contents.items()
    ]


def _editor_context(
    request: HttpRequest,
    account: CMAccount,
    request_id: str,
    template_id: str,
    *,
    parts: dict[str, Any] | None = None,
    draft: TemplateDraft | None = None,
    extra: dict[str, str] | None = None,
    refused: services.DraftRefused | None = None,
    result: str = "",
    result_ok: bool = True,
) -> dict[str, Any]:
    can_author = has_capability(request.user, Capability.AUTHOR_TEMPLATES)
    parts = parts or selectors.template_parts(account, request_id, template_id)
    template = _template_or_404(account, request_id, parts["template"])
    edit_url = reverse("studio:edit", args=[account.account_id, request_id, template_id])
    context: dict[str, Any] = {
        "account": account,
        "request_id": request_id,
        "template_id": template_id,
        "template": template,
        "can_author": can_author,
        "edit_url": edit_url,
        "list_url": reverse("studio:list", args=[account.account_id, request_id]),
        "draft_saved_event": DRAFT_SAVED,
        "template_changed_event": TEMPLATE_CHANGED,
    }
    if upstream.is_failure(template):
        return context
    if draft is None:
        if can_author:
            draft = services.draft_open(account=account, request_id=request_id, template=template)
        else:
            # Readers see CM.com's copy, not an author's unsaved draft.
            draft = drafts.new_draft(account, request_id, template)
    categories, languages = parts["categories"], parts["languages"]
    category_choices = (
        [(c.id, c.name) for c in categories] if not upstream.is_failure(categories) else []
    )
    language_names = (
        [lang.name for lang in languages if lang.name] if not upstream.is_failure(languages) else []
    )
    form = EditorForm.for_draft(
        draft, categories=category_choices, languages=language_names, extra=extra
    )
    form.is_valid()
    if refused is not None:
        target = form.error_for(refused.where)
        form.add_error(target or None, refused.message)
    problems = services.draft_lint(draft)
    errors_found = lint.errors(problems)
    editable = [lang for lang in draft.contents if lang not in set(draft.locked)]
    context.update(
        {
            "draft": draft,
            "form": form,
            "languages": form.language_rows(_statuses(template)),
            "field_rows": form.field_rows(),
            "categories_failure": categories if upstream.is_failure(categories) else None,
            "languages_failure": languages if upstream.is_failure(languages) else None,
            "problems": problems,
            "problem_rows": [(p, _problem_href(p, form, draft)) for p in problems],
            "error_slots": _error_slots(form),
            "error_count": len(errors_found),
            "warning_count": len(problems) - len(errors_found),
            "can_validate": not errors_found and bool(editable),
            "nothing_to_submit": not editable,
            "dirty": drafts.is_dirty(draft),
            "failed": draft.push_state == PushState.FAILED,
            "previews": _previews(draft, samples=can_author),
            "rejected": template.status == ReviewStatus.REJECTED,
            "status_label": selectors.STATUS_LABELS.get(template.status, str(template.status)),
            "language_badges": selectors.language_badges(template),
            "result": result,
            "result_ok": result_ok,
            "category_name": template.category or "",
            # Said once above the fields (a sample's error says it again, at the sample).
            "money_help": _lower_first(preview.MONEY_HELP),
            "datetime_help": _lower_first(preview.DATETIME_HELP),
        }
    )
    return context


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _problem_href(problem: lint.Problem, form: EditorForm, draft: TemplateDraft) -> str:
    """Where a problem's link takes the cursor: the language's text, the name, the field."""
    if problem.language:
        slug = form.slugs.get(problem.language)
        return f"#id_content-{slug}" if slug and problem.language not in draft.locked else ""
    if problem.where == "name":
        return "#id_name"
    if problem.where.startswith("field:"):
        name = form.error_for(problem.where)
        return f"#id_{name}" if name else ""
    if problem.where == "languages":
        return "#id_add_language"
    return ""


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
    # These parts show no choices (categories, languages): only the template is read (cached).
    with_choices = part not in ("summary", "preview", "lint", "fields", "draft-state")
    parts = selectors.template_parts(account, rid, tid, with_choices=with_choices)
    context = _editor_context(request, account, rid, tid, parts=parts)
    fragment = part if part in PARTS else None
    return render_page(request, EDITOR, context, fragment=fragment)


def _author_draft(
    account: CMAccount, request_id: str, template_id: str
) -> tuple[TemplateDraft | None, dict[str, Any] | None]:
    """The saved draft (no upstream call), else one opened from CM.com's copy."""
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
    return EditorForm(request.POST, draft=draft, categories=[], languages=[]).typed()


def _editor_response(
    request: HttpRequest,
    account: CMAccount,
    request_id: str,
    template_id: str,
    *,
    events: tuple[str, ...] = (DRAFT_SAVED,),
    fragment: str = "editor",
    **kwargs: Any,
) -> HttpResponse:
    """After an editor POST: the fragment of what changed (htmx) or the page, or a redirect
    (plain). A refusal shows in the whole editor, whatever the button aimed at."""
    edit_url = reverse("studio:edit", args=[account.account_id, request_id, template_id])
    if not is_htmx(request) and "refused" not in kwargs:
        return redirect(edit_url)
    if "refused" in kwargs and fragment != "fields-changed":
        fragment = "editor"
    context = _editor_context(request, account, request_id, template_id, **kwargs)
    response = render_page(request, EDITOR, context, fragment=fragment)
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
    parts: dict[str, Any],
) -> HttpResponse:
    context = _editor_context(request, account, request_id, template_id, parts=parts)
    response = render_page(request, EDITOR, context, fragment="editor")
    return _retarget(response, "#studio-editor") if is_htmx(request) else response


@dataclass(frozen=True)
class _DraftPost:
    """One editor POST on the author's draft: where it is, the draft, and how to answer."""

    request: HttpRequest
    account: CMAccount
    request_id: str
    template_id: str
    draft: TemplateDraft
    # The template's parts when opening the draft read them from CM.com (else None).
    parts: dict[str, Any] | None

    def typed(self) -> drafts.Typed:
        """What the editor's form posted, as the draft's services take it."""
        return _typed(self.draft, self.request)

    def answer(self, **kwargs: Any) -> HttpResponse:
        """The editor (htmx, or with a refusal) or a redirect to it, showing this draft."""
        return _editor_response(
            self.request,
            self.account,
            self.request_id,
            self.template_id,
            draft=self.draft,
            **kwargs,
        )

    def refuse(self, refused: services.DraftRefused) -> HttpResponse:
        return _refused(
            self.request, self.account, self.request_id, self.template_id, self.draft, refused
        )


def _draft_post(
    request: HttpRequest,
    account: CMAccount,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
    act: Callable[[_DraftPost], HttpResponse],
) -> HttpResponse:
    """Every editor POST starts alike: open the author's draft, or answer that the template
    cannot be read; then ``act`` on it."""
    rid, tid = str(whatsapp_request_id), str(template_id)
    draft, parts = _author_draft(account, rid, tid)
    if draft is None:
        return _unavailable(request, account, rid, tid, parts or {})
    return act(_DraftPost(request, account, rid, tid, draft, parts))


def _draft_change(
    request: HttpRequest,
    account: CMAccount,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
    change: Callable[..., object],
    *,
    fragment: str,
    refill: dict[str, str] | None = None,
    **values: str,
) -> HttpResponse:
    """An edit of the draft: ``change(actor=, draft=, typed=, **values)`` (a ``draft_*``
    service), then the editor. A refusal goes to its input (see ``_refused``); with ``refill``
    (inputs the page does not keep) it is always shown in the editor, with those refilled."""

    def act(post: _DraftPost) -> HttpResponse:
        try:
            change(actor=request.user, draft=post.draft, typed=post.typed(), **values)
        except services.DraftRefused as refused:
            if refill is not None:
                return post.answer(refused=refused, extra=refill, fragment=fragment)
            return post.refuse(refused)
        return post.answer(fragment=fragment)

    return _draft_post(request, account, whatsapp_request_id, template_id, act)


def _draft_push(
    request: HttpRequest,
    account: CMAccount,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
    push: Callable[..., services.PushResult | services.ValidationResult],
) -> HttpResponse:
    """Keep what was typed, then ``push(actor=, account=, draft=)`` to CM.com; the result is
    said (plain form) or shown in the editor (htmx), and CM.com's copy has changed."""

    def act(post: _DraftPost) -> HttpResponse:
        services.draft_save(actor=request.user, draft=post.draft, typed=post.typed())
        result = push(actor=request.user, account=account, draft=post.draft)
        _say(request, result.ok, result.message)
        # Only the draft's state (and the inputs' error slots) answers; CM.com's copy changed,
        # so the parts that show it (summary, fields, texts, preview, checks) reload
        # themselves on TEMPLATE_CHANGED. The template is read once here, before they ask
        # (a push keeps CM.com's last answer, so that is no call; a validation request
        # changed the status, so it is one): the five reloads then share the cached copy
        # instead of each asking CM.com again.
        if is_htmx(request):
            selectors.template_parts(account, post.request_id, post.template_id, with_choices=False)
        return post.answer(
            events=(DRAFT_SAVED, TEMPLATE_CHANGED),
            result=result.message,
            result_ok=result.ok,
            fragment="autosaved",
        )

    return _draft_post(request, account, whatsapp_request_id, template_id, act)


@require_POST
def draft_save(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """Autosave: keep what was typed in the draft. Answers the draft's state (htmx) with the
    field errors swapped in place, and tells the preview and lint to reload."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    return _draft_post(request, account, whatsapp_request_id, template_id, _autosaved)


def _autosaved(post: _DraftPost) -> HttpResponse:
    """Autosave's answer: only the draft's state and the error slots (not the whole editor),
    so that typing is never interrupted by a swap of the input being typed in."""
    request, draft = post.request, post.draft
    services.draft_save(actor=request.user, draft=draft, typed=post.typed())
    edit_url = reverse(
        "studio:edit", args=[post.account.account_id, post.request_id, post.template_id]
    )
    if not is_htmx(request):
        return redirect(edit_url)
    form = EditorForm.for_draft(draft, categories=[], languages=[])
    form.is_valid()
    problems = lint.errors(services.draft_lint(draft))
    editable = [lang for lang in draft.contents if lang not in set(draft.locked)]
    context = {
        "account": post.account,
        "request_id": post.request_id,
        "template_id": post.template_id,
        "edit_url": edit_url,
        "draft": draft,
        "form": form,
        "can_author": True,
        "dirty": drafts.is_dirty(draft),
        "failed": draft.push_state == PushState.FAILED,
        "error_count": len(problems),
        "can_validate": not problems and bool(editable),
        "nothing_to_submit": not editable,
        "error_slots": _error_slots(form),
    }
    response = render(request, f"{EDITOR}#autosaved", context)
    return trigger(response, DRAFT_SAVED)


def _error_slots(form: EditorForm) -> list[tuple[str, list[str]]]:
    """Each input that can carry an error, with its errors (empty clears the slot)."""
    names = ["name", *(n for n in form.fields if n.startswith("f-") and n[-5:] != "-type")]
    return [(form[name].auto_id, list(form.errors.get(name, []))) for name in names]


@require_POST
def save(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """ "Save" (and "Retry"): keep what was typed, then push the draft to CM.com."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    return _draft_push(request, account, whatsapp_request_id, template_id, services.template_push)


def _say(request: HttpRequest, ok: bool, message: str) -> None:
    # A plain form shows it on the page it is redirected to; htmx shows it in the editor.
    if not is_htmx(request):
        (messages.success if ok else messages.error)(request, message)


@require_POST
def field_add(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """Add a replacement field to the draft (pushed on "Save")."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    name = request.POST.get("new_field_name", "")
    kind = request.POST.get("new_field_type", "text")
    kind = kind if kind in ("text", "currency", "datetime") else "text"
    return _draft_change(
        request,
        account,
        whatsapp_request_id,
        template_id,
        services.draft_field_add,
        fragment="fields-changed",
        refill={"new_field_name": name, "new_field_type": kind},
        name=name,
        type=kind,
    )


@require_POST
def field_delete(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """Delete a replacement field from the draft (pushed on "Save")."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    return _draft_change(
        request,
        account,
        whatsapp_request_id,
        template_id,
        services.draft_field_delete,
        fragment="fields-changed",
        key=_field_key(request),
    )


def _field_key(request: HttpRequest) -> str:
    """The key of the field a Delete names: its row (``f-0``), whose key the row sent."""
    row = request.POST.get("field", "")
    if re.fullmatch(r"f-[0-9]{1,4}", row):
        return request.POST.get(f"{row}-key", "")
    return row


def _refused(
    request: HttpRequest,
    account: CMAccount,
    request_id: str,
    template_id: str,
    draft: TemplateDraft,
    refused: services.DraftRefused,
) -> HttpResponse:
    """A refused edit: the message at its input (htmx, or an input the page has), else a
    message on the editor page."""
    if refused.where or is_htmx(request):
        return _editor_response(
            request, account, request_id, template_id, draft=draft, refused=refused
        )
    messages.error(request, refused.message)
    return redirect("studio:edit", account.account_id, request_id, template_id)


@require_POST
def language_add(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """Add one of the business account's active languages to the draft."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    language = request.POST.get("add_language", "")

    def act(post: _DraftPost) -> HttpResponse:
        typed = post.typed()
        parts = post.parts or selectors.template_parts(account, post.request_id, post.template_id)
        languages = parts["languages"]
        active = [] if upstream.is_failure(languages) else [lang.name for lang in languages]
        try:
            if language not in active:
                # Keep what was typed even though the language is refused.
                services.draft_save(actor=request.user, draft=post.draft, typed=typed)
                raise services.DraftRefused(
                    "Choose one of the business account's active languages.", where="add_language"
                )
            services.draft_language_add(
                actor=request.user, draft=post.draft, typed=typed, language=language
            )
        except services.DraftRefused as refused:
            return post.refuse(refused)
        return post.answer(parts=parts, fragment="texts-changed")

    return _draft_post(request, account, whatsapp_request_id, template_id, act)


@require_POST
def language_remove(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """Remove a language the draft added and CM.com does not have yet."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    return _draft_change(
        request,
        account,
        whatsapp_request_id,
        template_id,
        services.draft_language_remove,
        fragment="texts-changed",
        language=request.POST.get("language", ""),
    )


@require_POST
def validate(
    request: HttpRequest,
    account_id: uuid.UUID,
    whatsapp_request_id: uuid.UUID,
    template_id: uuid.UUID,
) -> HttpResponse:
    """ "Request validation": refused while the lint finds errors; saves first if needed."""
    account = get_account_or_404(request, account_id, need=Capability.AUTHOR_TEMPLATES)
    return _draft_push(
        request, account, whatsapp_request_id, template_id, services.template_request_validation
    )


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
        return done(
            request,
            reverse("studio:edit", args=[account.account_id, rid, tid]),
            EDITOR,
            _editor_context(request, account, rid, tid),
            fragment="summary",
        )
    # After a lost answer, the check that found the copy is said first (nothing to resend).
    if pushed.ok:
        made = "Copy made: fix what was rejected, then request validation."
        messages.success(request, f"{pushed.checked} {made}".lstrip())
    else:
        made = f"Copy made, but its content is not on CM.com yet. {pushed.message}"
        messages.warning(request, f"{pushed.checked} {made}".lstrip())
    new_url = reverse("studio:edit", args=[account.account_id, rid, new_id])
    if is_htmx(request):
        return HttpResponseClientRedirect(new_url, status=204)
    return redirect(new_url)
