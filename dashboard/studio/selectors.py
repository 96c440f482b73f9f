"""Reads for the studio: a page of templates, one template with its categories and languages,
and the draft next to it (the WhatsApp channel requests are the WhatsApp pages' read); and the
page objects the views render from them: ``ListPage`` and ``EditorPage``.

Every upstream read goes through ``dashboard.upstream`` under a dotted cache key:

- ``templates.<request id>.list.<q>.<skip>.<take>``: one page of the template list;
- ``templates.<request id>.detail.<template id>``: one template;
- ``templates.categories.<request id>``: the template categories (they do not change on writes
  to templates, so they live outside the ``templates.<request id>`` prefix writes invalidate);
- ``whatsapp.<request id>.languages``: the active languages of the business account (the
  WhatsApp pages' key, ``dashboard.core.selectors.whatsapp_languages_key``).

A write to a template invalidates ``templates.<request id>``, which also drops the overview's
full list (``templates.<request id>``, see ``dashboard.core.selectors.templates_key``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any, cast
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils.functional import SimpleLazyObject, lazy
from django.utils.translation import gettext

from channels_api.client import ChannelsClient
from channels_api.models import (
    ApiWhatsAppTemplate,
    ApiWhatsAppTemplateBaseResponse,
    ReviewStatus,
)
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core import selectors as core_selectors
from dashboard.core.labels import TEMPLATE_CATEGORY, TEMPLATE_STATUS, label
from dashboard.core.paging import Page, page_number, page_of, skip_of
from dashboard.core.render_once import reversed_url
from dashboard.core.sql_once import first_where
from dashboard.reviews import selectors as review_selectors
from dashboard.reviews.models import ReviewKind
from dashboard.studio import direction, drafts, lint, preview, versions
from dashboard.studio.forms import EditorForm, FieldRow, LanguageRow, ListFilterForm
from dashboard.studio.models import PushState, TemplateDraft
from dashboard.tracker import checking as tracking
from dashboard.tracker.models import TrackedItem
from dashboard.upstream import UpstreamFailure

PAGE_SIZE = 20
# Filtering by category or status is not something the API does (it filters by q only), so a
# filtered list walks the list upstream in pages of SCAN_PAGE_SIZE, at most MAX_SCAN_PAGES of
# them (each cached like any page), and says so when it stopped before the end.
SCAN_PAGE_SIZE = 100
MAX_SCAN_PAGES = 5

STATUS_LABELS = core_selectors.STATUS_LABELS


def templates_prefix(request_id: str) -> str:
    """The cache prefix every write to this request's templates invalidates."""
    return core_selectors.templates_key(request_id)


def _q_key(q: str) -> str:
    # Any text can be searched for; the cache key holds a digest so dots and spaces in the
    # search cannot split it into other keys' prefixes.
    return hashlib.sha256(q.encode()).hexdigest()[:16] if q else "-"


def list_key(request_id: str, q: str, skip: int, take: int) -> str:
    """Cache key of one page of the template list."""
    return f"{templates_prefix(request_id)}.list.{_q_key(q)}.{skip}.{take}"


def detail_key(request_id: str, template_id: str) -> str:
    """Cache key of one template."""
    return f"{templates_prefix(request_id)}.detail.{template_id}"


def categories_key(request_id: str) -> str:
    """Cache key of the template categories."""
    return f"templates.categories.{request_id}"


# --- the list -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scan:
    """How a filtered list was found: CM.com filters by name only, so the dashboard walks it."""

    scanned: int
    """Templates looked at."""
    truncated: bool
    """It stopped after MAX_SCAN_PAGES pages: later templates were not looked at."""


def _matches(item: ApiWhatsAppTemplateBaseResponse, category: str, status: str) -> bool:
    if category and (item.category or "") != category:
        return False
    return not status or str(item.status) == status


def _page_call(request_id: str, q: str, skip: int, take: int) -> upstream.Call:
    def call(client: ChannelsClient) -> list[ApiWhatsAppTemplateBaseResponse]:
        return client.templates.list(request_id, q=q or None, skip=skip, take=take)

    return call


def _categories_call(request_id: str) -> upstream.Call:
    return lambda client: client.templates.list_categories(request_id)


def template_list(
    account: CMAccount,
    request_id: str,
    *,
    q: str = "",
    page: int = 1,
    category: str = "",
    status: str = "",
) -> dict[str, Any]:
    """``{"templates": Page | UpstreamFailure, "categories": list | UpstreamFailure, "scan":
    Scan | None}`` (a Scan only for a filtered list that could be read).

    Without a category or status filter: one call for the page (``take=PAGE_SIZE + 1``, the
    extra item tells whether there is a next page) and one for the categories, at once. With a
    filter: the list is walked upstream in SCAN_PAGE_SIZE pages (at most MAX_SCAN_PAGES) until
    the page asked for is full, filtering each.
    """
    page = max(1, page)
    if not (category or status):
        skip = skip_of(page, PAGE_SIZE)
        got = upstream.fetch_many(
            account,
            {
                list_key(request_id, q, skip, PAGE_SIZE + 1): _page_call(
                    request_id, q, skip, PAGE_SIZE + 1
                ),
                categories_key(request_id): _categories_call(request_id),
            },
        )
        key = list_key(request_id, q, skip, PAGE_SIZE + 1)
        items = got[key]
        result = (
            items
            if upstream.is_failure(items)
            else page_of(items, page, PAGE_SIZE, read_at=upstream.read_at(account, key))
        )
        return {"templates": result, "categories": got[categories_key(request_id)], "scan": None}

    first = list_key(request_id, q, 0, SCAN_PAGE_SIZE)
    got = upstream.fetch_many(
        account,
        {
            first: _page_call(request_id, q, 0, SCAN_PAGE_SIZE),
            categories_key(request_id): _categories_call(request_id),
        },
    )
    found = _filtered_page(account, request_id, got[first], q, page, category, status)
    templates, scan = (found, None) if upstream.is_failure(found) else found
    if not upstream.is_failure(templates):
        # As fresh as its first part: the scan's later parts were read after it.
        templates = replace(templates, read_at=upstream.read_at(account, first))
    return {"templates": templates, "categories": got[categories_key(request_id)], "scan": scan}


def _filtered_page(
    account: CMAccount,
    request_id: str,
    first: list[ApiWhatsAppTemplateBaseResponse] | UpstreamFailure,
    q: str,
    page: int,
    category: str,
    status: str,
) -> tuple[Page[ApiWhatsAppTemplateBaseResponse], Scan] | UpstreamFailure:
    if upstream.is_failure(first):
        return first
    wanted = page * PAGE_SIZE + 1  # one more than the page's end says whether a next exists
    matches: list[ApiWhatsAppTemplateBaseResponse] = []
    chunk: list[ApiWhatsAppTemplateBaseResponse] | UpstreamFailure = first
    scanned, pages = 0, 0
    while True:
        assert not upstream.is_failure(chunk)
        pages += 1
        scanned += len(chunk)
        matches += [item for item in chunk if _matches(item, category, status)]
        if len(chunk) < SCAN_PAGE_SIZE or len(matches) >= wanted:
            truncated = False
            break
        if pages >= MAX_SCAN_PAGES:
            truncated = True
            break
        skip = pages * SCAN_PAGE_SIZE
        chunk = upstream.fetch_or_failure(
            account,
            list_key(request_id, q, skip, SCAN_PAGE_SIZE),
            _page_call(request_id, q, skip, SCAN_PAGE_SIZE),
        )
        if upstream.is_failure(chunk):
            return chunk
    # The extra match past the page, like the extra item of an unfiltered read, says "next".
    start = skip_of(page, PAGE_SIZE)
    return page_of(matches[start:], page, PAGE_SIZE), Scan(scanned=scanned, truncated=truncated)


@dataclass(frozen=True)
class ListPage:
    """The template list for one query string: the filters, a page of rows and its pager."""

    account: CMAccount
    request_id: str
    form: ListFilterForm
    templates: Page[ApiWhatsAppTemplateBaseResponse] | UpstreamFailure
    rows: list[TemplateRow]
    categories_failure: UpstreamFailure | None
    scan: Scan | None
    filtered: bool
    searched: bool
    list_url: str
    previous_url: str
    next_url: str
    can_author: bool
    page_size: int
    scan_limit: int
    """How many templates a filtered list looks through at most."""

    def context(self, **extra: Any) -> dict[str, Any]:
        """The names ``studio/list.html`` reads, and ``extra``."""
        return {**_names(self), **extra}


def list_page(
    account: CMAccount, request_id: str, query: QueryDict, *, can_author: bool
) -> ListPage:
    """The list as ``query`` asks for it: search by name (by CM.com), filter by category and
    status, paged upstream (``template_list``). The list may be a failure (said in its place);
    so may the categories, which only fill a filter (said next to it)."""
    q, category, status = ListFilterForm.asked(query)
    number = page_number(query.get("page"))
    found = template_list(account, request_id, q=q, page=number, category=category, status=status)
    templates, categories = found["templates"], found["categories"]
    names = [] if upstream.is_failure(categories) else [c.name for c in categories if c.name]
    form = ListFilterForm(query, categories=names)
    form.is_valid()
    kept = {"q": q, "category": category, "status": status}
    more = not upstream.is_failure(templates) and templates.has_next
    return ListPage(
        account=account,
        request_id=request_id,
        form=form,
        templates=templates,
        rows=[] if upstream.is_failure(templates) else rows(templates.items),
        categories_failure=categories if upstream.is_failure(categories) else None,
        scan=found["scan"],
        filtered=bool(category or status),
        searched=bool(q),
        list_url=reversed_url("studio:list", (account.account_id, request_id)),
        previous_url=_page_url(kept, number - 1) if number > 1 else "",
        next_url=_page_url(kept, number + 1) if more else "",
        can_author=can_author,
        # Read per page, not once at import: the bounds may be lowered (as tests do).
        page_size=PAGE_SIZE,
        scan_limit=SCAN_PAGE_SIZE * MAX_SCAN_PAGES,
    )


def _page_url(kept: dict[str, str], number: int) -> str:
    # Relative to the list, where the pager is: a query alone.
    return f"?{urlencode({**{k: v for k, v in kept.items() if v}, 'page': number})}"


# --- one template -----------------------------------------------------------------------------


def template_parts(
    account: CMAccount, request_id: str, template_id: str, *, with_choices: bool = True
) -> dict[str, Any]:
    """The template, and (for the editor) the categories and active languages, at once.

    Each value is the result or an UpstreamFailure.
    """
    return template_parts_started(account, request_id, template_id, with_choices=with_choices)()


def template_parts_started(
    account: CMAccount, request_id: str, template_id: str, *, with_choices: bool = True
) -> Callable[[], dict[str, Any]]:
    """``template_parts`` begun now and answered when the returned function is called: the
    reads the cache does not hold go out at once, and the editor reads the database while
    they are away (``editor_ahead``), not after they answered."""
    # The WhatsApp pages own the languages' key: activating one there drops this copy too.
    languages_key = core_selectors.whatsapp_languages_key(request_id)
    calls: dict[str, upstream.Call] = {
        detail_key(request_id, template_id): lambda client: client.templates.get(
            request_id, template_id
        )
    }
    if with_choices:
        calls[categories_key(request_id)] = _categories_call(request_id)
        calls[languages_key] = lambda client: client.whatsapp.list_active_languages(request_id)
    # The editor's database reads come next: only once CM.com's have left.
    answer = upstream.fetch_many_started(account, calls, sent_first=True)

    def parts() -> dict[str, Any]:
        got = answer()
        return {
            "template": got[detail_key(request_id, template_id)],
            "categories": got.get(categories_key(request_id), []),
            "languages": got.get(languages_key, []),
        }

    return parts


def categories(account: CMAccount, request_id: str) -> list[Any] | UpstreamFailure:
    """The template categories (for the create form)."""
    return upstream.fetch_or_failure(
        account, categories_key(request_id), _categories_call(request_id)
    )


def existing_draft(account: CMAccount, request_id: str, template_id: str) -> TemplateDraft | None:
    """The draft saved for this template, if any. Every editor POST (autosave on each pause
    in typing) reads it: with SQL written once (``core.sql_once``; the ORM's compiling was
    most of its time), and its account the one the view has (no second read of it)."""
    draft = first_where(
        TemplateDraft, account=account.pk, request_id=request_id, template_id=template_id
    )
    if draft is not None:
        draft.account = account
    return draft


@dataclass(frozen=True)
class SavedDraft:
    """The draft saved for a template, as read ahead (``draft`` None: there is none)."""

    template_id: str
    draft: TemplateDraft | None


@dataclass(frozen=True)
class Ahead:
    """What an editor view reads from the database whatever CM.com answers, read while CM.com
    is away (``editor_ahead``): after the last answer it would be the page's own time."""

    template_id: str
    saved: SavedDraft | None
    """The author's saved draft (None: not read, a reader sees CM.com's copy)."""
    version_rows: versions.ApprovalRows
    tracked: list[TrackedItem] | None = None
    """The tracker's items of the template (None: not read, the page does not show them)."""
    review: review_selectors.ReviewStatus | None = None
    """Where the template stands with review (None: read when shown, after the draft was
    opened; a waiting review's "void" depends on the draft as opened)."""


def editor_ahead(
    account: CMAccount,
    request_id: str,
    template_id: str,
    *,
    can_author: bool,
    tracked: bool,
    review: bool,
) -> Ahead:
    """The editor's database reads that need no answer from CM.com: the author's saved draft,
    the versions' reasons and approvals, and (when the page shows them) the tracker's items
    and the review's state. A review waiting is left to be read when shown (see ``Ahead``)."""
    status = None
    if review and can_author:
        status = review_selectors.review_status(
            account=account, kind=ReviewKind.TEMPLATE_VALIDATION, target=template_id
        )
        if status.waiting is not None:
            status = None
    return Ahead(
        template_id=template_id,
        saved=SavedDraft(template_id, existing_draft(account, request_id, template_id))
        if can_author
        else None,
        version_rows=versions.approval_rows(
            account=account, request_id=request_id, template_id=template_id
        ),
        tracked=tracking.tracked_languages(account, template_id) if tracked else None,
        review=status,
    )


@dataclass(frozen=True)
class LanguageBadge:
    """One language of a template with its review status in words."""

    name: str
    status: str
    label: str
    reason: str = ""


@dataclass(frozen=True)
class TemplateRow:
    """A template as the list shows it."""

    id: str
    name: str
    category: str
    status: str
    label: str
    languages: list[LanguageBadge] = field(default_factory=list)
    category_label: str = ""
    """The category in words (``category`` stays CM.com's value, for filtering)."""


def language_badges(
    template: ApiWhatsAppTemplateBaseResponse, words: Callable[[str, Any], str] = label
) -> list[LanguageBadge]:
    """Each language of a template with its status in words (and a rejection's reason);
    ``words`` is ``core.labels.label``, or a list's memo of it."""
    return [
        LanguageBadge(
            name,
            str(item.status),
            words(TEMPLATE_STATUS, item.status),
            item.rejection_reason or "" if item.status == ReviewStatus.REJECTED else "",
        )
        for name, item in template.languages.items()
    ]


def rows(items: list[ApiWhatsAppTemplateBaseResponse]) -> list[TemplateRow]:
    """Templates as list rows: status and per-language status in words."""
    # A page shows the same few statuses and categories dozens of times (a template, then
    # each of its languages): each looked up and translated once for the list.
    memo: dict[tuple[str, Any], str] = {}

    def words(vocabulary: str, value: Any) -> str:
        key = (vocabulary, value)
        found = memo.get(key)
        if found is None:
            found = memo[key] = label(vocabulary, value)
        return found

    no_name = gettext("(no name)") if any(not item.name for item in items) else ""
    return [
        TemplateRow(
            id=item.id or "",
            name=item.name or no_name,
            category=item.category or "",
            status=str(item.status),
            label=words(TEMPLATE_STATUS, item.status),
            languages=language_badges(item, words),
            category_label=words(TEMPLATE_CATEGORY, item.category),
        )
        for item in items
    ]


# --- the editor page --------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What the editor says of the POST it answers: an edit refused (said at its input, with
    inputs the draft does not keep shown again: ``extra``), or how a push to CM.com went."""

    refused: drafts.DraftRefused | None = None
    extra: dict[str, str] | None = None
    result: str = ""
    result_ok: bool = True


NOTHING_TO_SAY = Outcome()


@dataclass(frozen=True)
class DraftState:
    """The draft as the editor's status line and the inputs' error slots show it."""

    draft: TemplateDraft
    form: EditorForm
    dirty: bool
    failed: bool
    error_count: int
    can_validate: bool
    nothing_to_submit: bool
    error_slots: list[tuple[str, list[str]]]
    review: review_selectors.ReviewStatus | None = None
    """Where the template stands with review (the button asks for review when required)."""


@dataclass(frozen=True)
class LanguagePreview:
    """One language's message as the phone shows it, with the samples in place."""

    language: str
    bubble: str
    empty: bool
    known: bool
    shown: direction.TextDirection = direction.UNKNOWN
    """The bubble's direction and language: an Arabic message reads right to left."""


def _lower_first(text: str) -> str:
    text = str(text)
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class DraftEditor:
    """The rest of the editor, once CM.com's copy was read: summary, inputs, preview, checks."""

    languages: list[LanguageRow]
    field_rows: list[FieldRow]
    categories_failure: UpstreamFailure | None
    languages_failure: UpstreamFailure | None
    problems: list[lint.Problem]
    problem_rows: list[tuple[lint.Problem, str]]
    warning_count: int
    previews: list[LanguagePreview]
    rejected: bool
    status_label: str
    language_badges: list[LanguageBadge]
    category_name: str
    result: str
    result_ok: bool
    # Said once above the fields (a sample's error says it again, at the sample).
    # Lazy: lower-cased when shown, in the reader's language (not once, at import).
    money_help: str = lazy(_lower_first, str)(preview.MONEY_HELP)
    datetime_help: str = lazy(_lower_first, str)(preview.DATETIME_HELP)


@dataclass(frozen=True)
class EditorPage:
    """One template's editor page, or any of its parts (``studio/edit.html``)."""

    account: CMAccount
    request_id: str
    template_id: str
    can_author: bool
    edit_url: str
    list_url: str
    template: ApiWhatsAppTemplate | UpstreamFailure | None = None
    """CM.com's copy; None when it was not read (autosave answers with the draft's state)."""
    state: DraftState | None = None
    """None when CM.com's copy could not be read: there is no draft to show."""
    editor: DraftEditor | None = None
    version_count: int = 0
    """How many versions the history has (the summary's link to it)."""
    tracked_items: Any = None
    """The tracker's items of the template (read when the page shows them, unless read
    ahead)."""

    def context(self, **extra: Any) -> dict[str, Any]:
        """The names the template reads, and ``extra``. The draft's names are left out when
        there is no draft: a part shown alone then reads them as missing, as it always has."""
        names = {k: v for k, v in _names(self).items() if k not in ("state", "editor")}
        for part in (self.state, self.editor):
            if part is not None:
                names.update(_names(part))
        names["urls"] = EditorUrls(self.account, self.request_id, self.template_id)
        return {**names, **extra}


class EditorUrls:
    """The editor's URLs by name (``urls.save`` in the template), each reversed when read and
    remembered (``reversed_url``): a ``{% url %}`` tag resolved its three arguments and looked
    the URL up again at each of the dozen places the editor names one."""

    NAMES = frozenset(
        (
            "versions",
            "duplicate",
            "save",
            "draft",
            "validate",
            "field_add",
            "field_delete",
            "language_add",
            "language_remove",
        )
    )

    def __init__(self, account: CMAccount, request_id: str, template_id: str) -> None:
        self.args = (account.account_id, request_id, template_id)
        self.found: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        found = self.found.get(name)
        if found is None:
            if name not in self.NAMES:
                raise KeyError(name)
            found = self.found[name] = reversed_url(f"studio:{name}", self.args)
        return found


def _names(page: Any) -> dict[str, Any]:
    return {item.name: getattr(page, item.name) for item in fields(page)}


def _edit_url(account: CMAccount, request_id: str, template_id: str) -> str:
    return reversed_url("studio:edit", (account.account_id, request_id, template_id))


def _list_url(account: CMAccount, request_id: str) -> str:
    return reversed_url("studio:list", (account.account_id, request_id))


def editor_page(
    account: CMAccount,
    request_id: str,
    template_id: str,
    *,
    parts: dict[str, Any],
    draft: TemplateDraft | None,
    can_author: bool,
    outcome: Outcome = NOTHING_TO_SAY,
    ahead: Ahead | None = None,
) -> EditorPage:
    """The editor from the ``template_parts`` read and the draft to show (None when the
    template could not be read), saying the ``outcome`` of the POST it answers; with what
    ``editor_ahead`` read, when it did."""
    template = parts["template"]
    ahead = ahead if ahead is not None and ahead.template_id == template_id else None
    state, editor = None, None
    if draft is not None and not upstream.is_failure(template):
        form = _editor_form(draft, parts, outcome)
        problems = drafts.problems(draft)
        review = ahead.review if ahead is not None else None
        state = _draft_state(draft, form, problems, review=review)
        badges = language_badges(template)
        editor = DraftEditor(
            languages=form.language_rows(_statuses(badges)),
            field_rows=form.field_rows(),
            categories_failure=_failure(parts["categories"]),
            languages_failure=_failure(parts["languages"]),
            problems=problems,
            problem_rows=[(p, _problem_href(p, form, draft)) for p in problems],
            warning_count=len(problems) - state.error_count,
            previews=_previews(draft, samples=can_author, codes=_codes(parts)),
            rejected=template.status == ReviewStatus.REJECTED,
            status_label=label(TEMPLATE_STATUS, template.status),
            language_badges=badges,
            category_name=label(TEMPLATE_CATEGORY, template.category),
            result=outcome.result,
            result_ok=outcome.result_ok,
        )
    if not upstream.is_failure(template) and (template.id or "") == template_id:
        # The read the editor makes anyway tells whether CM.com approved the last submission;
        # the versions counted in the same query.
        version_count = versions.count_noting_approved(
            account=account,
            request_id=request_id,
            template=template,
            rows=ahead.version_rows if ahead is not None else None,
        )
    else:
        if not upstream.is_failure(template):
            versions.note_approved(account=account, request_id=request_id, template=template)
        version_count = versions.version_count(
            account=account, request_id=request_id, template_id=template_id
        )
    tracked_items = ahead.tracked if ahead is not None else None
    if tracked_items is None:
        # Read when the page shows them (the tracker's part is only on the whole page).
        tracked_items = SimpleLazyObject(lambda: tracking.tracked_languages(account, template_id))
    return EditorPage(
        account=account,
        request_id=request_id,
        template_id=template_id,
        can_author=can_author,
        edit_url=_edit_url(account, request_id, template_id),
        list_url=_list_url(account, request_id),
        template=template,
        state=state,
        editor=editor,
        version_count=version_count,
        tracked_items=tracked_items,
    )


def draft_state_page(
    account: CMAccount, request_id: str, template_id: str, draft: TemplateDraft
) -> EditorPage:
    """Only the author's draft's state and the inputs' errors (autosave's answer): no read, so
    no choices, and nothing that would swap the input being typed in."""
    form = EditorForm.for_draft(draft, categories=[], languages=[])
    form.is_valid()
    return EditorPage(
        account=account,
        request_id=request_id,
        template_id=template_id,
        can_author=True,
        edit_url=_edit_url(account, request_id, template_id),
        list_url=_list_url(account, request_id),
        state=_draft_state(draft, form, drafts.problems(draft)),
    )


def _failure(found: Any) -> UpstreamFailure | None:
    return found if upstream.is_failure(found) else None


def _editor_form(draft: TemplateDraft, parts: dict[str, Any], outcome: Outcome) -> EditorForm:
    """The editor's form bound to the draft, its choices from the parts read, with its errors."""
    categories, languages = parts["categories"], parts["languages"]
    form = EditorForm.for_draft(
        draft,
        categories=[]
        if upstream.is_failure(categories)
        else [(c.id, label(TEMPLATE_CATEGORY, c.name)) for c in categories],
        languages=[] if upstream.is_failure(languages) else [x.name for x in languages if x.name],
        codes=_codes(parts),
        extra=outcome.extra,
    )
    form.is_valid()
    if outcome.refused is not None:
        where = form.error_for(outcome.refused.where)
        form.add_error(where or None, outcome.refused.message)
    return form


def _draft_state(
    draft: TemplateDraft,
    form: EditorForm,
    problems: list[lint.Problem],
    *,
    review: review_selectors.ReviewStatus | None = None,
) -> DraftState:
    errors = lint.errors(problems)
    editable = [lang for lang in draft.contents if lang not in set(draft.locked)]
    return DraftState(
        draft=draft,
        form=form,
        dirty=drafts.is_dirty(draft),
        failed=draft.push_state == PushState.FAILED,
        error_count=len(errors),
        can_validate=not errors and bool(editable),
        nothing_to_submit=not editable,
        error_slots=_error_slots(form),
        review=review if review is not None else _review_when_shown(draft),
    )


def _review_when_shown(draft: TemplateDraft) -> review_selectors.ReviewStatus:
    # Read when shown: only the draft's state says it, and the parts that reload on every
    # autosave (preview, checks) do not show it.
    return cast(
        review_selectors.ReviewStatus,
        SimpleLazyObject(
            lambda: review_selectors.review_status(
                account=draft.account,
                kind=ReviewKind.TEMPLATE_VALIDATION,
                target=draft.template_id,
            )
        ),
    )


def _error_slots(form: EditorForm) -> list[tuple[str, list[str]]]:
    """Each input that can carry an error, with its errors (empty clears the slot)."""
    names = ["name", *(n for n in form.fields if n.startswith("f-") and n[-5:] != "-type")]
    return [(form[name].auto_id, list(form.errors.get(name, []))) for name in names]


def _statuses(badges: list[LanguageBadge]) -> dict[str, tuple[str, str, str]]:
    return {badge.name: (badge.status, badge.label, badge.reason) for badge in badges}


def _codes(parts: dict[str, Any]) -> dict[str, str]:
    """Language name → code, from the active languages when they were read (issue 18: the
    code says which way the text is written)."""
    languages = parts.get("languages")
    return {} if upstream.is_failure(languages) else direction.codes_by_name(languages)


def _previews(
    draft: TemplateDraft, samples: bool = True, codes: dict[str, str] | None = None
) -> list[LanguagePreview]:
    sample_fields = [
        preview.PreviewField(
            f["name"], f["type"], (draft.samples or {}).get(f["key"], "") if samples else ""
        )
        for f in draft.fields
    ]
    return [
        LanguagePreview(
            language=language,
            bubble=preview.render_bubble(preview.segments(content, sample_fields, language)),
            empty=not content.strip(),
            known=preview.is_known_language(language),
            shown=direction.direction_of(language, codes),
        )
        for language, content in draft.contents.items()
    ]


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
