"""Writes of the import: storing an uploaded file (ours, audited), then two steps that reach
CM.com through the studio's services (so through ``upstream.write``, each call audited there):
creating the chosen templates as drafts, and requesting validation of those that lint clean
(``studio.reviewing.template_submit``: it asks for review instead when the account wants one).

A step marks its items queued, then works them one at a time, each claimed (queued → sending)
by a conditional update before anything is sent: a step started twice at once, or a task
delivered twice, sends each item once. Up to ``INLINE_LIMIT`` items are worked in the request;
more go to a Celery task, queued after commit, and the page shows the progress.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext, ngettext

from dashboard import audit
from dashboard.accounts.models import CMAccount
from dashboard.imports import parsing, queue, wording
from dashboard.imports.checks import Report
from dashboard.imports.models import (
    ImportItem,
    ImportRun,
    ItemState,
    SubmitState,
)
from dashboard.studio import drafts, lint, reviewing
from dashboard.studio import services as studio
from dashboard.studio.models import TemplateDraft

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Actor = AbstractBaseUser | AnonymousUser | None

INLINE_LIMIT = 10
CREATE = "create"
SUBMIT = "submit"


def run_upload(
    *, actor: Actor, account: CMAccount, request_id: str, file_name: str, data: bytes
) -> ImportRun:
    """Parse the file and keep its rows, one item per template; ``parsing.FileRefused`` when
    the file cannot be imported (nothing is stored then)."""
    parsed = parsing.parse_upload(file_name, data)
    groups: dict[str, list[int]] = {}
    for row in parsed.rows:
        groups.setdefault(str(row["name"]), []).append(int(row["row"]))
    user = actor if actor is not None and actor.is_authenticated else None
    with transaction.atomic():
        run = ImportRun.objects.create(
            account=account,
            request_id=request_id,
            file_name=file_name[:255],
            rows=parsed.rows,
            columns=parsed.columns,
            created_by=user,
        )
        ImportItem.objects.bulk_create(
            ImportItem(run=run, position=index, name=name[:600], row_numbers=rows)
            for index, (name, rows) in enumerate(groups.items())
        )
        audit.record(
            actor=actor,
            account=account,
            action="template_import.upload",
            target=request_id,
            sent={"file": file_name[:255], "rows": len(parsed.rows), "templates": len(groups)},
        )
    return run


@dataclass(frozen=True)
class Started:
    """How starting a step went: how many items it took, and words either way."""

    ok: bool
    message: str
    count: int = 0
    queued: bool = False
    """True when a task works the items (the page polls); False when they were worked here."""


def items_import(
    *, actor: Actor, account: CMAccount, run: ImportRun, selected: Iterable[int], report: Report
) -> Started:
    """Create the chosen templates (those not imported yet whose rows block nothing) as drafts
    on CM.com, with their fields and texts; nothing is submitted."""
    if report.unchecked:
        return Started(
            False,
            gettext(
                "Nothing was imported: %(what)s could not be read from CM.com, so the file could "
                "not be checked. Try again."
            )
            % {"what": ", ".join(report.unchecked)},
        )
    wanted = set(selected)
    if not wanted:
        return Started(False, gettext("Choose the templates to import."))
    candidates = {candidate.name: candidate for candidate in report.candidates}
    chosen = [
        (item, candidates[item.name])
        for item in run.items.filter(pk__in=wanted, state__in=(ItemState.NEW, ItemState.FAILED))
        if item.name in candidates and not candidates[item.name].blocked
    ]
    if not chosen:
        return Started(
            False, gettext("None of the chosen templates can be imported (see the report).")
        )
    with transaction.atomic():
        for item, candidate in chosen:
            item.state, item.message, item.payload = ItemState.QUEUED, "", candidate.payload()
            item.message_parts = {}
            item.save(update_fields=["state", "message", "message_parts", "payload", "updated_at"])
        _start(run, CREATE, len(chosen))
        audit.record(
            actor=actor,
            account=account,
            action="template_import.create",
            target=run.request_id,
            sent={"import": run.pk, "templates": [item.name for item, _ in chosen]},
        )
    return _go(actor, run, CREATE, len(chosen), "imported")


def items_submit(*, actor: Actor, account: CMAccount, run: ImportRun) -> Started:
    """Request validation (or ask for review, where the account wants it) of every template
    this import created whose draft lints clean and that was not submitted yet."""
    ready = []
    for item in run.items.filter(
        state=ItemState.CREATED, submit__in=(SubmitState.NONE, SubmitState.FAILED)
    ):
        draft = _draft(run, item)
        if draft is not None and not lint.errors(drafts.problems(draft)):
            ready.append(item)
    if not ready:
        return Started(False, gettext("Nothing to submit: no imported template lints clean."))
    with transaction.atomic():
        for item in ready:
            item.submit, item.submit_message = SubmitState.QUEUED, ""
            item.submit_message_parts = {}
            item.save(
                update_fields=["submit", "submit_message", "submit_message_parts", "updated_at"]
            )
        _start(run, SUBMIT, len(ready))
        audit.record(
            actor=actor,
            account=account,
            action="template_import.submit",
            target=run.request_id,
            sent={"import": run.pk, "templates": [item.name for item in ready]},
        )
    return _go(actor, run, SUBMIT, len(ready), "submitted")


def _start(run: ImportRun, step: str, count: int) -> None:
    run.step, run.step_total = step, count
    run.save(update_fields=["step", "step_total"])


def _go(actor: Actor, run: ImportRun, step: str, count: int, done: str) -> Started:
    actor_id = getattr(actor, "pk", None)
    if count > INLINE_LIMIT:
        # After commit: the worker must find the items queued.
        transaction.on_commit(partial(queue.run_step, run.pk, step, actor_id))
        words = (
            ngettext(
                "%(count)d template is being submitted.",
                "%(count)d templates are being submitted.",
                count,
            )
            if done == "submitted"
            else ngettext(
                "%(count)d template is being imported.",
                "%(count)d templates are being imported.",
                count,
            )
        )
        return Started(True, words % {"count": count}, count, queued=True)
    step_work(run_id=run.pk, step=step, actor=actor)
    return Started(True, _summary(run, step), count)


def _summary(run: ImportRun, step: str) -> str:
    if step == CREATE:
        made = run.items.filter(state=ItemState.CREATED).count()
        failed = run.items.filter(state=ItemState.FAILED).count()
        if failed:
            return gettext("%(made)d created as drafts, %(failed)d not created.") % {
                "made": made,
                "failed": failed,
            }
        return gettext("%(made)d created as drafts.") % {"made": made}
    counts = [
        (
            run.items.filter(submit=SubmitState.SUBMITTED).count(),
            gettext("%(count)d submitted for validation"),
        ),
        (
            run.items.filter(submit=SubmitState.REVIEW).count(),
            gettext("%(count)d waiting for review"),
        ),
        (run.items.filter(submit=SubmitState.FAILED).count(), gettext("%(count)d not submitted")),
    ]
    said = [words % {"count": count} for count, words in counts if count]
    return (", ".join(said) or gettext("Nothing submitted")) + "."


def step_work(*, run_id: int, step: str, actor: Actor) -> int:
    """Work every queued item of the step, each claimed first; returns how many this call
    worked (0 when another call had them all)."""
    run = ImportRun.objects.select_related("account").filter(pk=run_id).first()
    if run is None:
        return 0
    field = "state" if step == CREATE else "submit"
    worked = 0
    for item_id in list(run.items.filter(**{field: ItemState.QUEUED}).values_list("pk", flat=True)):
        claimed = ImportItem.objects.filter(pk=item_id, **{field: ItemState.QUEUED}).update(
            **{field: ItemState.SENDING}
        )
        if not claimed:
            continue  # another worker has it
        item = ImportItem.objects.get(pk=item_id)
        if step == CREATE:
            _create(actor, run, item)
        else:
            _submit(actor, run, item)
        worked += 1
    return worked


def _create(actor: Actor, run: ImportRun, item: ImportItem) -> None:
    payload: dict[str, Any] = item.payload
    failed = gettext("Not created")
    template_id, pushed = studio.template_create_filled(
        actor=actor,
        account=run.account,
        request_id=run.request_id,
        name=payload["name"],
        category_id=payload["category_id"],
        contents=payload["contents"],
        fields=payload["fields"],
        reason="imported",
        sent={"import": run.pk, "rows": item.row_numbers},
        failed=failed,
    )
    # What the studio said (what a check found, why a push failed) is stored as its parts,
    # so it is said in the reader's language too; CM.com's own words within it are kept.
    parts: wording.Parts
    if template_id:
        # The template exists: even when its texts did not reach CM.com, its draft keeps them
        # (with Retry in the editor), and creating it again would only clash on the name.
        item.state, item.template_id = ItemState.CREATED, template_id
        message = wording.part(pushed.message)
        said = [] if pushed.ok else [wording.said(wording.CREATED_BUT, message=message)]
        parts = [wording.part(pushed.checked), *said] if pushed.checked else said
    else:
        why = pushed.reason or pushed.message.removeprefix(f"{failed}: ")
        item.state = ItemState.FAILED
        parts = wording.said(wording.NOT_CREATED, words=wording.part(why))
    # A list holding only one sentence is stored as that sentence.
    item.message_parts = (parts[0] if isinstance(parts, list) and len(parts) == 1 else parts) or {}
    item.message = wording.compose(item.message_parts, "")
    item.save(update_fields=["state", "template_id", "message", "message_parts", "updated_at"])


def _draft(run: ImportRun, item: ImportItem) -> TemplateDraft | None:
    return TemplateDraft.objects.filter(
        account=run.account, request_id=run.request_id, template_id=item.template_id
    ).first()


def _submit(actor: Actor, run: ImportRun, item: ImportItem) -> None:
    draft = _draft(run, item)
    item.submit_message_parts = {}
    if draft is None:
        item.submit = SubmitState.FAILED
        item.submit_message_parts = wording.said(wording.DRAFT_GONE)
        item.submit_message = wording.compose(item.submit_message_parts, "")
    else:
        result = reviewing.template_submit(actor=actor, account=run.account, draft=draft)
        if result.ok:
            item.submit = SubmitState.REVIEW if result.review is not None else SubmitState.SUBMITTED
        else:
            item.submit = SubmitState.FAILED
        # The studio's sentence as its parts; words it gave without parts are shown as stored.
        item.submit_message = result.message
        item.submit_message_parts = wording.parts_of(result.message) or {}
    item.save(update_fields=["submit", "submit_message", "submit_message_parts", "updated_at"])


def step_stopped(*, run_id: int, step: str) -> int:
    """After a step broke off (an error of ours, not CM.com's, which the items record): say so
    on each item it left, so the page stops waiting and offers them again. Returns how many."""
    field = "state" if step == CREATE else "submit"
    message = "submit_message" if step == SUBMIT else "message"
    items = ImportItem.objects.filter(run_id=run_id)
    sending_parts = wording.said(wording.STOPPED_SENDING)
    sending = items.filter(**{field: ItemState.SENDING}).update(
        **{
            field: ItemState.FAILED,
            message: wording.compose(sending_parts, ""),
            f"{message}_parts": sending_parts,
        }
    )
    queued_parts = wording.said(wording.STOPPED_BEFORE)
    queued = items.filter(**{field: ItemState.QUEUED}).update(
        **{
            field: ItemState.FAILED,
            message: wording.compose(queued_parts, ""),
            f"{message}_parts": queued_parts,
        }
    )
    return sending + queued
