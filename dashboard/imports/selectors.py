"""Reads of the import and the page objects its views render.

The report reads, at once (``upstream.fetch_many``): the request's templates (every page, for
the names already taken; the overview's key, dropped by every write to them), its template
categories, the languages WhatsApp supports and those active for the business account (the
studio's and the WhatsApp pages' keys). The start page reads the categories and the active
languages, to name them next to the layout. The progress is read from our database alone.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from channels_api.pagination import MAX_PAGE_SIZE, fetch_all
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core import selectors as core_selectors
from dashboard.imports import checks, parsing
from dashboard.imports.forms import UploadForm
from dashboard.imports.models import (
    PENDING_STATES,
    PENDING_SUBMITS,
    ImportItem,
    ImportRun,
    ItemState,
    SubmitState,
)
from dashboard.studio import selectors as studio_selectors
from dashboard.upstream import UpstreamFailure
from dashboard.whatsapp.selectors import SUPPORTED_LANGUAGES


def _names(page: Any) -> dict[str, Any]:
    return {item.name: getattr(page, item.name) for item in fields(page)}


def _failure(found: Any) -> UpstreamFailure | None:
    return found if upstream.is_failure(found) else None


def _ok(found: Any) -> Any:
    return None if upstream.is_failure(found) else found


def list_url(account: CMAccount, request_id: str) -> str:
    return reverse("studio:list", args=[account.account_id, request_id])


def _url(name: str, account: CMAccount, request_id: str, *more: Any) -> str:
    return reverse(f"imports:{name}", args=[account.account_id, request_id, *more])


# --- the start page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StartPage:
    """The upload form with the layout, and the categories and languages to write."""

    account: CMAccount
    request_id: str
    form: UploadForm
    categories: list[str]
    languages: list[tuple[str, str]]
    """(name, code) of each language active for the business account."""
    categories_failure: UpstreamFailure | None
    languages_failure: UpstreamFailure | None
    start_url: str
    sample_url: str
    list_url: str
    max_mb: int = parsing.MAX_BYTES // 1024 // 1024
    max_rows: int = parsing.MAX_ROWS
    columns: tuple[str, ...] = parsing.COLUMNS

    def context(self, **extra: Any) -> dict[str, Any]:
        return {**_names(self), **extra}


def start_page(account: CMAccount, request_id: str, form: UploadForm) -> StartPage:
    """The start page; its reads may fail (said next to the layout). The first value is the
    categories' read, for the view to answer 404 when CM.com has no such request."""
    languages_key = core_selectors.whatsapp_languages_key(request_id)
    got = upstream.fetch_many(
        account,
        {
            studio_selectors.categories_key(request_id): lambda client: (
                client.templates.list_categories(request_id)
            ),
            languages_key: lambda client: client.whatsapp.list_active_languages(request_id),
        },
    )
    categories, languages = got[studio_selectors.categories_key(request_id)], got[languages_key]
    return StartPage(
        account=account,
        request_id=request_id,
        form=form,
        categories=[str(c.name) for c in _ok(categories) or [] if c.name],
        languages=[(str(x.name), str(x.code or "")) for x in _ok(languages) or [] if x.name],
        categories_failure=_failure(categories),
        languages_failure=_failure(languages),
        start_url=_url("start", account, request_id),
        sample_url=reverse("imports:sample", args=[account.account_id]),
        list_url=list_url(account, request_id),
    )


# --- the report -------------------------------------------------------------------------------


def report_reads(account: CMAccount, request_id: str) -> dict[str, Any]:
    """What CM.com has that the checks need, each a result or an UpstreamFailure."""
    return upstream.fetch_many(
        account,
        {
            core_selectors.templates_key(request_id): lambda client: fetch_all(
                client.templates.list, request_id, page_size=MAX_PAGE_SIZE
            ),
            studio_selectors.categories_key(request_id): lambda client: (
                client.templates.list_categories(request_id)
            ),
            SUPPORTED_LANGUAGES: lambda client: client.whatsapp.list_supported_languages(),
            core_selectors.whatsapp_languages_key(request_id): lambda client: (
                client.whatsapp.list_active_languages(request_id)
            ),
        },
    )


def report_of(run: ImportRun, got: dict[str, Any]) -> checks.Report:
    """The checks of the run's rows against the reads."""
    rid = run.request_id
    templates = _ok(got[core_selectors.templates_key(rid)])
    # The names this import created are CM.com's now, and no clash: they are these.
    ours = set(run.items.filter(state=ItemState.CREATED).values_list("name", flat=True))
    seen = checks.Seen(
        categories=_ok(got[studio_selectors.categories_key(rid)]),
        supported=_ok(got[SUPPORTED_LANGUAGES]),
        active=_ok(got[core_selectors.whatsapp_languages_key(rid)]),
        names=None if templates is None else {str(t.name) for t in templates if t.name} - ours,
    )
    return checks.check(run.rows, run.columns, seen)


@dataclass(frozen=True)
class RowView:
    """One row of the file as the report shows it."""

    number: int
    name: str
    language: str
    findings: list[checks.Finding]


@dataclass(frozen=True)
class ItemView:
    """One template of the file in the import form."""

    item: ImportItem
    candidate: checks.Candidate | None
    selectable: bool
    checked: bool
    edit_url: str


@dataclass(frozen=True)
class Progress:
    """Where the last step started stands (from our database only)."""

    run: ImportRun
    step: str
    total: int
    left: int
    running: bool
    created: list[ImportItem]
    failed: list[ImportItem]
    submitted: list[ImportItem]
    submit_failed: list[ImportItem]
    can_submit: bool
    progress_url: str
    report_url: str
    submit_url: str
    result: str = ""
    result_ok: bool = True

    @property
    def done(self) -> int:
        return max(0, self.total - self.left)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def progress_of(account: CMAccount, run: ImportRun, result: str = "", ok: bool = True) -> Progress:
    """The progress of the run's last step and what the steps did so far."""
    items = list(run.items.all())
    pending = PENDING_STATES if run.step == "create" else PENDING_SUBMITS
    field = "state" if run.step == "create" else "submit"
    left = sum(1 for item in items if getattr(item, field) in pending) if run.step else 0
    created = [item for item in items if item.state == ItemState.CREATED]
    sent = (SubmitState.SUBMITTED, SubmitState.REVIEW)
    return Progress(
        run=run,
        step=run.step,
        total=run.step_total,
        left=left,
        running=left > 0,
        created=created,
        failed=[item for item in items if item.state == ItemState.FAILED],
        submitted=[item for item in items if item.submit in sent],
        submit_failed=[item for item in items if item.submit == SubmitState.FAILED],
        can_submit=any(item.submit in ("", SubmitState.FAILED) for item in created),
        progress_url=_url("progress", account, run.request_id, run.public_id),
        report_url=_url("report", account, run.request_id, run.public_id),
        submit_url=_url("submit", account, run.request_id, run.public_id),
        result=result,
        result_ok=ok,
    )


@dataclass(frozen=True)
class ReportPage:
    """The report on an uploaded file, the import form and the progress."""

    account: CMAccount
    request_id: str
    run: ImportRun
    report: checks.Report
    failures: list[tuple[str, UpstreamFailure]]
    rows: list[RowView]
    problem_rows: list[RowView]
    items: list[ItemView]
    progress: Progress
    counts: dict[str, int]
    import_url: str
    report_url: str
    start_url: str
    list_url: str
    result: str = ""
    result_ok: bool = True

    def context(self, **extra: Any) -> dict[str, Any]:
        return {**_names(self), **extra}


READS = {
    "templates": _("The template names on CM.com"),
    "categories": _("The template categories"),
    "supported": _("The languages WhatsApp supports"),
    "active": _("The languages active for this account"),
}


def _failures(rid: str, got: dict[str, Any]) -> list[tuple[str, UpstreamFailure]]:
    keys = {
        "templates": core_selectors.templates_key(rid),
        "categories": studio_selectors.categories_key(rid),
        "supported": SUPPORTED_LANGUAGES,
        "active": core_selectors.whatsapp_languages_key(rid),
    }
    return [(READS[name], got[key]) for name, key in keys.items() if upstream.is_failure(got[key])]


def templates_read(run: ImportRun, got: dict[str, Any]) -> Any:
    """The read of the request's templates (a 404 there: no such request)."""
    return got[core_selectors.templates_key(run.request_id)]


def report_page(
    account: CMAccount,
    run: ImportRun,
    got: dict[str, Any],
    *,
    result: str = "",
    ok: bool = True,
    chosen: set[int] | None = None,
) -> ReportPage:
    """The report page from the reads (``report_reads``); ``chosen``: the items ticked in the
    form it answers (None: every one that can be imported)."""
    report = report_of(run, got)
    candidates = {c.name: c for c in report.candidates}
    rows = [
        RowView(
            int(raw["row"]),
            str(raw.get("name", "")),
            str(raw.get("language", "")),
            report.findings.get(int(raw["row"]), []),
        )
        for raw in run.rows
    ]
    items = []
    for item in run.items.all():
        candidate = candidates.get(item.name)
        selectable = (
            candidate is not None
            and not candidate.blocked
            and not report.unchecked
            and item.state in (ItemState.NEW, ItemState.FAILED)
        )
        checked = selectable and (chosen is None or item.pk in chosen)
        edit = (
            reverse("studio:edit", args=[account.account_id, run.request_id, item.template_id])
            if item.template_id
            else ""
        )
        items.append(ItemView(item, candidate, selectable, checked, edit))
    return ReportPage(
        account=account,
        request_id=run.request_id,
        run=run,
        report=report,
        failures=_failures(run.request_id, got),
        rows=rows,
        problem_rows=[row for row in rows if row.findings],
        items=items,
        progress=progress_of(account, run),
        counts=report.counts,
        import_url=_url("run", account, run.request_id, run.public_id),
        report_url=_url("report", account, run.request_id, run.public_id),
        start_url=_url("start", account, run.request_id),
        list_url=list_url(account, run.request_id),
        result=result,
        result_ok=ok,
    )
