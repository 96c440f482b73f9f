"""Writes of copying: start a run, work through it (in the request or on a worker), retry it.

Each template is created in the target through the studio's ``template_create_filled`` (so
through ``upstream.write``, audited, a lost answer checked by name), then, when asked, submitted
through ``dashboard.studio.reviewing.template_submit`` (which asks for review when the target
requires it). The run's start and each retry are audited here; each write to CM.com by upstream.

A pass works through the items in order and stops at the first that failed: the ones after it
stay "not copied yet", and "Retry the rest" starts another pass over what is not done. Only one
pass works on a run at a time: a pass starts with one conditional UPDATE (queued → running),
so a double click, a retry during a pass or a redelivered task never copies a template twice;
an item already copied is never sent again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboard import audit, upstream
from dashboard.accounts.models import CMAccount
from dashboard.copying import queue, selectors, wording
from dashboard.copying.models import CopyItem, CopyRun, ItemState, RunState
from dashboard.studio import reviewing
from dashboard.studio import services as studio_services
from dashboard.studio.models import TemplateDraft

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Actor = AbstractBaseUser | AnonymousUser | None

logger = logging.getLogger(__name__)

# More templates than this are copied by a worker: the page would wait too long otherwise.
IN_REQUEST_AT_MOST = 10
# The task's limits (tasks.py); a pass older than this that never finished was cut off.
PASS_SOFT_TIME_LIMIT = 900
PASS_TIME_LIMIT = 960


@dataclass(frozen=True)
class Planned:
    """One template to copy, as the preview showed it."""

    source_template_id: str
    source_name: str
    name: str
    category_id: str
    contents: dict[str, str]
    fields: list[dict[str, str]]
    skip: bool = False


def planned_from(plan: selectors.Plan) -> list[Planned]:
    """The run's items from the preview's plan: the templates copied or skipped (those that
    could not be read, or whose category the target lacks, are not part of it)."""
    return [
        Planned(
            source_template_id=item.source_id,
            source_name=item.source_name,
            name=item.name,
            category_id=item.category_id,
            contents=item.contents,
            fields=item.fields,
            skip=item.action == selectors.SKIP,
        )
        for item in plan.items
        if item.failure is None and not item.category_missing
    ]


def _user(actor: Actor) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


def copy_start(
    *,
    actor: Actor,
    source: CMAccount,
    source_request_id: str,
    target: CMAccount,
    target_request_id: str,
    planned: list[Planned],
    request_validation: bool,
    form_key: str = "",
) -> CopyRun:
    """Record the run (one item per template, the skipped ones marked so), audit its start,
    and copy: in this request for up to IN_REQUEST_AT_MOST templates, else on a worker
    (queued after commit, so the worker sees the rows). The same ``form_key`` again (the
    preview's form sent twice) answers the run it started, and copies nothing more."""
    earlier = selectors.run_started_with(source, form_key)
    if earlier is not None:
        return earlier
    try:
        run = _record_start(
            actor,
            source,
            source_request_id,
            target,
            target_request_id,
            planned,
            request_validation,
            form_key,
        )
    except IntegrityError:
        # The same form, sent twice at once: the other request recorded it first.
        found = selectors.run_started_with(source, form_key)
        if found is None:
            raise
        return found
    if not run.in_background:
        copy_run_pass(run_id=run.pk)
    return run


def _record_start(
    actor: Actor,
    source: CMAccount,
    source_request_id: str,
    target: CMAccount,
    target_request_id: str,
    planned: list[Planned],
    request_validation: bool,
    form_key: str,
) -> CopyRun:
    to_copy = [p for p in planned if not p.skip]
    with transaction.atomic():
        run = CopyRun.objects.create(
            form_key=form_key or None,
            source_account=source,
            source_request_id=source_request_id,
            target_account=target,
            target_request_id=target_request_id,
            request_validation=request_validation,
            in_background=len(to_copy) > IN_REQUEST_AT_MOST,
            started_by=_user(actor),
            acting=_user(actor),
        )
        CopyItem.objects.bulk_create(
            CopyItem(
                run=run,
                position=index,
                source_template_id=p.source_template_id,
                source_name=p.source_name,
                name=p.name,
                category_id=p.category_id,
                contents=p.contents,
                fields=p.fields,
                state=ItemState.SKIPPED if p.skip else ItemState.WAITING,
                message=_("A template of this name is in the target already: skipped.")
                if p.skip
                else "",
                message_parts=wording.said(wording.SKIPPED) if p.skip else {},
            )
            for index, p in enumerate(planned)
        )
        sent = {
            "run": str(run.public_id),
            "from": {"account": str(source.account_id), "request": source_request_id},
            "to": {"account": str(target.account_id), "request": target_request_id},
            "templates": [
                {"source": p.source_name, "name": p.name, "skip": p.skip} for p in planned
            ],
            "request_validation": request_validation,
        }
        for account in {source.pk: source, target.pk: target}.values():
            audit.record(
                actor=actor,
                account=account,
                action="copy.start",
                target=target_request_id,
                sent=sent,
            )
        if run.in_background:
            transaction.on_commit(partial(queue.copy_run, run.pk))
    return run


def _stale_before() -> Any:
    return timezone.now() - timedelta(seconds=PASS_TIME_LIMIT + 60)


def retry_possible(run: CopyRun) -> bool:
    """Whether "Retry the rest" is offered: a finished run (or one whose pass was cut off)
    with templates not copied."""
    finished = run.state == RunState.FINISHED or (
        run.state == RunState.RUNNING
        and run.pass_started_at is not None
        and run.pass_started_at < _stale_before()
    )
    left = run.items.exclude(state__in=(ItemState.COPIED, ItemState.SKIPPED)).exists()
    return finished and left


def copy_retry(*, actor: Actor, run: CopyRun) -> bool:
    """Start another pass over the templates not copied; False when there is nothing to retry
    or a pass is under way (a double click retries once)."""
    if not run.items.exclude(state__in=(ItemState.COPIED, ItemState.SKIPPED)).exists():
        return False
    with transaction.atomic():
        claimed = (
            CopyRun.objects.filter(pk=run.pk)
            .filter(
                Q(state=RunState.FINISHED)
                | Q(state=RunState.RUNNING, pass_started_at__lt=_stale_before())
            )
            .update(state=RunState.QUEUED, acting=_user(actor), finished_at=None)
        )
        if not claimed:
            return False
        left = list(
            run.items.exclude(state__in=(ItemState.COPIED, ItemState.SKIPPED)).values_list(
                "name", flat=True
            )
        )
        audit.record(
            actor=actor,
            account=run.target_account,
            action="copy.retry",
            target=run.target_request_id,
            sent={"run": str(run.public_id), "templates": left},
        )
        if run.in_background:
            transaction.on_commit(partial(queue.copy_run, run.pk))
    if not run.in_background:
        copy_run_pass(run_id=run.pk)
    run.refresh_from_db()
    return True


def copy_run_pass(*, run_id: int, requeue: bool = False) -> str:
    """One pass over the run's templates not copied yet, in order, stopping at the first that
    failed. Returns what happened: ``done``, ``stopped`` (a template failed) or ``busy`` (no
    queued run to work on: another pass has it, or it is finished). With ``requeue`` (the
    task, which tries again), a moment's refusal by our database queues the run again."""
    claimed = CopyRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(
        state=RunState.RUNNING, pass_started_at=timezone.now()
    )
    if not claimed:
        return "busy"
    outcome = "done"
    try:
        run = CopyRun.objects.select_related("target_account", "acting").get(pk=run_id)
        for item in run.items.exclude(state__in=(ItemState.COPIED, ItemState.SKIPPED)):
            if not _copy_item(run, item):
                outcome = "stopped"
                break
    except DatabaseError:
        if not requeue:
            _finish(run_id)
            raise
        # Our database refused for a moment (a lock): queued again, the task's next attempt
        # takes the run up where it stopped (an item mid-create is looked up first).
        CopyRun.objects.filter(pk=run_id).update(state=RunState.QUEUED)
        raise
    except BaseException:
        _finish(run_id)
        raise
    _finish(run_id)
    return outcome


def _finish(run_id: int) -> None:
    """The pass is over, even when cut off (a time limit): what is not copied is offered
    again."""
    CopyRun.objects.filter(pk=run_id).update(state=RunState.FINISHED, finished_at=timezone.now())


def _copy_item(run: CopyRun, item: CopyItem) -> bool:
    """Copy one template (and submit it when asked); whether the pass goes on."""
    outcome = _interrupted(run, item) if item.state == ItemState.COPYING else None
    if outcome is None and item.target_template_id:
        outcome = _push_again(run, item)
    if outcome is None:
        outcome = _create(run, item)
    ok, item.message_parts = outcome
    # The words in the worker's language too, for code reading the row before parts.
    item.message = wording.compose(item.message_parts, "")
    item.state = ItemState.COPIED if ok else ItemState.FAILED
    item.save(update_fields=["state", "message", "message_parts", "target_template_id"])
    if ok and run.request_validation:
        _submit(run, item)
    return ok


# How copying one template went: whether it did, and its sentence's parts (wording.py).
Outcome = tuple[bool, wording.Parts]


def _pushed(pushed: studio_services.PushResult) -> Outcome:
    """A push's outcome as parts: the studio's sentences (and upstream's within them) are
    stored as their parts, so they are said in the reader's language."""
    if not pushed.ok:
        return False, wording.said(wording.HALF_MADE, words=wording.part(pushed.message))
    # What checks found after lost answers, then "Saved to CM.com." (or nothing to save).
    return True, wording.parts_of(pushed.message) or [pushed.message]


def _create(run: CopyRun, item: CopyItem) -> Outcome:
    """Create the template in the target with its fields and contents (sent once)."""
    item.state = ItemState.COPYING
    item.save(update_fields=["state"])
    failed = _("Not copied")
    new_id, pushed = studio_services.template_create_filled(
        actor=run.acting,
        account=run.target_account,
        request_id=run.target_request_id,
        name=item.name,
        category_id=item.category_id,
        contents=item.contents,
        fields=item.fields,
        reason="copied",
        sent={
            "copy_run": str(run.public_id),
            "copied_from": {
                "account": str(run.source_account.account_id),
                "request": run.source_request_id,
                "template": item.source_template_id,
            },
        },
        failed=failed,
    )
    item.target_template_id = new_id
    if not new_id and not pushed.ok:
        # Why (upstream's sentence, with CM.com's words kept as given) in our sentence.
        why = pushed.reason or pushed.message.removeprefix(f"{failed}: ")
        return False, wording.said(wording.NOT_COPIED, words=wording.part(why))
    return _pushed(pushed)


def _draft(run: CopyRun, item: CopyItem) -> TemplateDraft | None:
    return TemplateDraft.objects.filter(
        account=run.target_account,
        request_id=run.target_request_id,
        template_id=item.target_template_id,
    ).first()


def _push_again(run: CopyRun, item: CopyItem) -> Outcome:
    """The template was created but its content not saved: push its draft again."""
    draft = _draft(run, item)
    if draft is None:
        return False, wording.said(wording.DRAFT_GONE)
    pushed = studio_services.template_push(
        actor=run.acting, account=run.target_account, draft=draft, reason="copied"
    )
    return _pushed(pushed)


def _interrupted(run: CopyRun, item: CopyItem) -> Outcome | None:
    """A pass was cut off while creating this template: find out whether CM.com has it before
    anything is sent again (a create sent twice would be refused). None: it is not there, so
    create it."""
    if item.target_template_id:
        return None  # created; its content is pushed again
    made = selectors.template_named(run.target_account, run.target_request_id, item.name)
    if upstream.is_failure(made):
        return False, wording.said(wording.CHECK_FAILED, message=wording.part(made.message))
    if made is None:
        return None
    item.target_template_id = made.id or ""
    if _draft(run, item) is not None:
        return _push_again(run, item)
    return False, wording.said(wording.INTERRUPTED)


def _submit(run: CopyRun, item: CopyItem) -> None:
    """Request validation for a copied template (or ask for review, when the target requires
    it); its outcome is said on the item, and never stops the run."""
    draft = _draft(run, item)
    if draft is None:
        item.validation_parts = wording.said(wording.NOT_SUBMITTED_DRAFT_GONE)
        item.validation, item.validation_ok = wording.compose(item.validation_parts, ""), False
    else:
        result = reviewing.template_submit(
            actor=run.acting, account=run.target_account, draft=draft
        )
        # The studio's sentence as its parts; words it gave without parts are shown as stored.
        item.validation, item.validation_ok = result.message, result.ok
        item.validation_parts = wording.parts_of(result.message) or {}
    item.save(update_fields=["validation", "validation_parts", "validation_ok"])
