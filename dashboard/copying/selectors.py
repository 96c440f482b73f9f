"""Reads for copying templates to another account, and the page objects built from them.

- ``pick_page``: the source request's templates (paged upstream and searched by name, as the
  studio's list), the ones ticked so far, the accounts the person may copy to and, once one is
  chosen, its WhatsApp requests.
- ``copy_plan``: what "Copy" would do, per template: created, already there by name (skip or a
  new name), languages the target has not switched on (left out), and the lint of the result.
  Its reads are the chosen templates (source) and, for the target, a lookup of each name, the
  active languages and the categories: each side at once with ``upstream.fetch_many``.
- ``run_page``: a run's progress and outcome (the dashboard's own rows; nothing from CM.com).

Cache keys are the studio's and the WhatsApp pages' own, so a write to either drops them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from channels_api.models import ApiWhatsAppTemplate, ApiWhatsAppTemplateBaseResponse
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.copying.models import CopyItem, CopyRun, ItemState, RunState
from dashboard.core import selectors as core_selectors
from dashboard.core.paging import Page, page_number, page_of, skip_of
from dashboard.people.access import Capability, has_capability, visible_accounts
from dashboard.studio import lint
from dashboard.studio import selectors as studio_selectors
from dashboard.studio.lint import LintField
from dashboard.studio.models import TemplateDraft
from dashboard.studio.services import propose_name
from dashboard.upstream import UpstreamFailure
from dashboard.whatsapp import selectors as whatsapp_selectors

# A run's reads and writes grow with its size: a person copies at most this many at once.
MAX_TEMPLATES = 100
# Names are looked up with CM.com's search (``q``), which also matches longer names.
NAME_LOOKUP_TAKE = 500

SKIP, RENAME, CREATE = "skip", "rename", "create"


def _uuid_or_empty(value: str | None) -> str:
    try:
        return str(uuid.UUID(str(value or "").strip()))
    except ValueError:
        return ""


@dataclass(frozen=True)
class Choices:
    """What the person chose, read from a query string or a POST (the same names in both)."""

    template_ids: list[str]
    target_id: str
    target_request_id: str
    request_validation: bool
    actions: dict[str, str]
    """Template id → skip or rename, for names the target has already."""
    names: dict[str, str]
    """Template id → the new name typed."""
    too_many: bool = False


def choices_of(data: QueryDict) -> Choices:
    """The choices in ``data``: ``t`` (each ticked template), ``to``, ``to_request``,
    ``validate``, and per template ``do-<id>`` and ``name-<id>``. Ids that are not ids are
    dropped (they could name nothing)."""
    ids: list[str] = []
    for raw in data.getlist("t"):
        tid = _uuid_or_empty(raw)
        if tid and tid not in ids:
            ids.append(tid)
    return Choices(
        template_ids=ids[:MAX_TEMPLATES],
        target_id=_uuid_or_empty(data.get("to")),
        target_request_id=_uuid_or_empty(data.get("to_request")),
        request_validation=data.get("validate") == "1",
        actions={t: data.get(f"do-{t}", "") for t in ids if data.get(f"do-{t}")},
        names={t: data.get(f"name-{t}", "")[:512] for t in ids if f"name-{t}" in data},
        too_many=len(ids) > MAX_TEMPLATES,
    )


def query_of(choices: Choices, **extra: str) -> str:
    """``choices`` as a query string (the preview's real URL, the pick page's links)."""
    pairs: list[tuple[str, str]] = [("t", t) for t in choices.template_ids]
    pairs += [("to", choices.target_id), ("to_request", choices.target_request_id)]
    pairs += [("validate", "1")] if choices.request_validation else []
    pairs += [(f"do-{t}", a) for t, a in choices.actions.items()]
    pairs += [(f"name-{t}", n) for t, n in choices.names.items()]
    pairs += list(extra.items())
    return urlencode([(k, v) for k, v in pairs if v])


def target_accounts(user: Any) -> list[CMAccount]:
    """The accounts this person may author templates in (the source among them)."""
    if not has_capability(user, Capability.AUTHOR_TEMPLATES):
        return []
    return list(visible_accounts(user).order_by("name"))


# --- the pick page ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PickRow:
    """A template of the source list, with whether it is ticked."""

    id: str
    name: str
    category: str
    label: str
    ticked: bool


@dataclass(frozen=True)
class PickPage:
    """The source's templates to tick, and the target to choose."""

    account: CMAccount
    request_id: str
    q: str
    choices: Choices
    templates: Page[Any] | UpstreamFailure
    rows: list[PickRow]
    ticked_elsewhere: list[str]
    """Ticked templates not on this page (kept as hidden inputs)."""
    targets: list[CMAccount]
    target: CMAccount | None
    target_requests: list[Any] | UpstreamFailure
    target_request_id: str
    """The request ticked: the one chosen, else the target's only active one."""
    previous_url: str
    next_url: str
    pick_url: str
    preview_url: str

    def context(self, **extra: Any) -> dict[str, Any]:
        """The names ``copying/pick.html`` reads, and ``extra``."""
        return {f.name: getattr(self, f.name) for f in self.__dataclass_fields__.values()} | extra


def _source_page(
    account: CMAccount, request_id: str, q: str, number: int
) -> Page[Any] | UpstreamFailure:
    """One page of the source's templates: the studio list's read (its cache key too), without
    the categories the list's filter needs and this page does not."""
    size = studio_selectors.PAGE_SIZE
    skip = skip_of(number, size)
    found = upstream.fetch_or_failure(
        account,
        studio_selectors.list_key(request_id, q, skip, size + 1),
        lambda client: client.templates.list(request_id, q=q or None, skip=skip, take=size + 1),
    )
    return found if upstream.is_failure(found) else page_of(found, number, size)


def pick_page(
    account: CMAccount,
    request_id: str,
    query: QueryDict,
    *,
    targets: list[CMAccount],
    target: CMAccount | None,
) -> PickPage:
    """One page of the source's templates (searched by name by CM.com) and the target's
    WhatsApp requests when a target account is chosen (``target`` checked by the view)."""
    q = query.get("q", "").strip()[:200]
    number = page_number(query.get("page"))
    choices = choices_of(query)
    found = _source_page(account, request_id, q, number)
    rows = [] if upstream.is_failure(found) else studio_selectors.rows(found.items)
    on_page = {row.id for row in rows}
    requests: list[Any] | UpstreamFailure = []
    if target is not None:
        requests = whatsapp_selectors.whatsapp_requests(target)
    pick_url = reverse("copying:pick", args=[account.account_id, request_id])
    kept = query_of(choices, q=q)
    more = not upstream.is_failure(found) and found.has_next
    return PickPage(
        account=account,
        request_id=request_id,
        q=q,
        choices=choices,
        templates=found,
        rows=[
            PickRow(r.id, r.name, r.category, r.label, r.id in choices.template_ids) for r in rows
        ],
        ticked_elsewhere=[t for t in choices.template_ids if t not in on_page],
        targets=targets,
        target=target,
        target_requests=requests,
        target_request_id=choices.target_request_id or _only_active(requests),
        previous_url=f"{pick_url}?{kept}&page={number - 1}" if number > 1 else "",
        next_url=f"{pick_url}?{kept}&page={number + 1}" if more else "",
        pick_url=pick_url,
        preview_url=reverse("copying:preview", args=[account.account_id, request_id]),
    )


def _only_active(requests: list[Any] | UpstreamFailure) -> str:
    if upstream.is_failure(requests):
        return ""
    active = whatsapp_selectors.only_active(requests)
    return active.id if active is not None else ""


# --- the plan (preview) -------------------------------------------------------------------------


@dataclass
class PlanItem:
    """What copying one template would do."""

    source_id: str
    source_name: str = ""
    failure: UpstreamFailure | None = None
    """Why the source template could not be read (it is then not copied)."""
    exists: bool = False
    """The target has a template of the source's name."""
    action: str = CREATE
    name: str = ""
    """The name it gets in the target."""
    typed_name: str = ""
    name_error: str = ""
    category_id: str = ""
    category_name: str = ""
    category_missing: bool = False
    contents: dict[str, str] = field(default_factory=dict)
    fields: list[dict[str, str]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    """Languages of the source the target has not switched on: not copied."""
    problems: list[lint.Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[lint.Problem]:
        """The lint's errors (copied anyway, as a draft to fix before validation)."""
        return lint.errors(self.problems)

    @property
    def warnings(self) -> list[lint.Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def copied(self) -> bool:
        """Whether "Copy" would create it."""
        return self.failure is None and not self.category_missing and self.action != SKIP

    @property
    def outcome(self) -> str:
        """What will happen, in words."""
        if self.failure is not None:
            return _("Cannot be copied: it could not be read from CM.com.")
        if self.category_missing:
            return _("Cannot be copied: the target has no category of this name.")
        if self.action == SKIP:
            return _("Already exists by name in the target: skipped.")
        if self.action == RENAME:
            return _("Already exists by name in the target: will be created as %(name)s.") % {
                "name": self.name
            }
        return _("Will be created.")


@dataclass
class Plan:
    """What "Copy" would do: per template, and what could not be read of the target."""

    source: CMAccount
    source_request_id: str
    target: CMAccount
    target_request_id: str
    choices: Choices
    items: list[PlanItem]
    target_failure: UpstreamFailure | None = None
    """Why the target's names, languages or categories could not be read (Copy waits)."""

    @property
    def to_copy(self) -> list[PlanItem]:
        return [item for item in self.items if item.copied]

    @property
    def name_errors(self) -> int:
        return sum(1 for item in self.items if item.name_error)

    @property
    def blocked(self) -> str:
        """Why "Copy" is not offered, in words ("" when it is)."""
        if not self.choices.template_ids:
            return _("Tick at least one template to copy.")
        if self.target_failure is not None:
            return _("The target could not be read: %(message)s") % {
                "message": self.target_failure.message
            }
        if self.name_errors:
            return _("Fix the new names first.")
        if not self.to_copy:
            return _("Nothing to copy: every template is skipped or cannot be copied.")
        return ""

    def context(self, **extra: Any) -> dict[str, Any]:
        """The names ``copying/preview.html`` reads."""
        source, rid = self.source, self.source_request_id
        return {
            "plan": self,
            "account": source,
            "request_id": rid,
            "query": query_of(self.choices),
            "pick_url": reverse("copying:pick", args=[source.account_id, rid]),
            "preview_url": reverse("copying:preview", args=[source.account_id, rid]),
            "start_url": reverse("copying:start", args=[source.account_id, rid]),
            # Sent back with "Copy": the same form sent twice starts one run.
            "form_key": uuid.uuid4().hex,
            **extra,
        }


def _name_call(request_id: str, name: str) -> upstream.Call:
    return lambda client: client.templates.list(request_id, q=name, take=NAME_LOOKUP_TAKE)


def _name_key(request_id: str, name: str) -> str:
    return studio_selectors.list_key(request_id, name, 0, NAME_LOOKUP_TAKE)


def _read_sources(
    account: CMAccount, request_id: str, ids: list[str]
) -> dict[str, ApiWhatsAppTemplate | UpstreamFailure]:
    def get(tid: str) -> upstream.Call:
        return lambda client: client.templates.get(request_id, tid)

    got = upstream.fetch_many(
        account, {studio_selectors.detail_key(request_id, tid): get(tid) for tid in ids}
    )
    return {tid: got[studio_selectors.detail_key(request_id, tid)] for tid in ids}


def _samples_of(account: CMAccount, request_id: str, ids: list[str]) -> dict[str, dict[str, str]]:
    """The samples typed in the source's drafts, by field id (fields from CM.com are keyed by
    their id), so a copy's preview shows the same example values."""
    found = TemplateDraft.objects.filter(
        account=account, request_id=request_id, template_id__in=ids
    )
    return {draft.template_id: dict(draft.samples or {}) for draft in found}


def _item_from(
    tid: str, source: ApiWhatsAppTemplate | UpstreamFailure, samples: dict[str, str]
) -> PlanItem:
    if upstream.is_failure(source):
        return PlanItem(source_id=tid, source_name=tid, failure=source)
    return PlanItem(
        source_id=tid,
        source_name=source.name or tid,
        name=source.name or "",
        category_id=source.template_category_id or "",
        category_name=source.category or "",
        contents={lang: lint.normalise(v.content or "") for lang, v in source.languages.items()},
        fields=[
            {"name": f.name or "", "type": f.type or "text", "sample": samples.get(f.id or "", "")}
            for f in source.replacement_fields
        ],
    )


def _named(found: Any, name: str) -> bool:
    return not upstream.is_failure(found) and any(item.name == name for item in found)


def copy_plan(
    source: CMAccount,
    source_request_id: str,
    target: CMAccount,
    target_request_id: str,
    choices: Choices,
    *,
    fresh: bool = False,
) -> Plan:
    """What copying the chosen templates would do. ``fresh`` (on "Copy") reads the target's
    names afresh: the preview may be minutes old."""
    ids = choices.template_ids
    sources = _read_sources(source, source_request_id, ids)
    samples = _samples_of(source, source_request_id, ids)
    items = [_item_from(tid, sources[tid], samples.get(tid, {})) for tid in ids]
    typed = {i.source_id: choices.names.get(i.source_id, "").strip() for i in items}
    wanted = {i.name for i in items if i.name} | {n for n in typed.values() if n}
    rid = target_request_id
    languages_key = core_selectors.whatsapp_languages_key(rid)
    calls: dict[str, upstream.Call] = {
        languages_key: lambda client: client.whatsapp.list_active_languages(rid),
        studio_selectors.categories_key(rid): lambda client: client.templates.list_categories(rid),
    }
    calls |= {_name_key(rid, name): _name_call(rid, name) for name in sorted(wanted)}
    got = upstream.fetch_many(target, calls, ttl=0 if fresh else None)
    failure = next((v for v in got.values() if upstream.is_failure(v)), None)
    plan = Plan(source, source_request_id, target, rid, choices, items, target_failure=failure)
    if failure is None:
        _settle(plan, got, languages_key, typed)
    return plan


def _settle(plan: Plan, got: dict[str, Any], languages_key: str, typed: dict[str, str]) -> None:
    """Fill each item in from the target's reads: clash, new name, languages, category, lint."""
    rid = plan.target_request_id
    active = {lang.name for lang in got[languages_key] if lang.name}
    categories = got[studio_selectors.categories_key(rid)]
    by_name = {c.name: str(c.id) for c in categories if c.name}
    ids = {str(c.id) for c in categories}
    # Names the target has (of those looked up), and names this copy gives: never two alike.
    taken = {name for name in (typed.values()) if name and _named(got[_name_key(rid, name)], name)}
    given: set[str] = set()
    for item in plan.items:
        if item.failure is not None:
            continue
        item.exists = _named(got[_name_key(rid, item.name)], item.name)
        if item.exists:
            taken.add(item.name)
            _choose(item, plan.choices, typed[item.source_id], taken | given)
        if item.action != SKIP and not item.name_error and item.name in given:
            item.name_error = _("Another template of this copy is named %(name)s too.") % {
                "name": item.name
            }
        given.add(item.name)
        target_category = by_name.get(item.category_name)
        if target_category is None and item.category_id not in ids:
            item.category_missing = True
        item.category_id = target_category or item.category_id
        item.left_out = sorted(lang for lang in item.contents if lang not in active)
        item.contents = {k: v for k, v in item.contents.items() if k in active}
        item.problems = lint.lint(
            name=item.name,
            fields=[LintField(f"f{i}", f["name"]) for i, f in enumerate(item.fields)],
            contents=item.contents,
        )


def _choose(item: PlanItem, choices: Choices, typed: str, taken: set[str]) -> None:
    """A clash: skipped unless the person chose a new name, which must be valid and free."""
    item.typed_name = typed if item.source_id in choices.names else propose_name(item.name, taken)
    if choices.actions.get(item.source_id) != RENAME:
        item.action = SKIP
        return
    item.action = RENAME
    errors = lint.check_name(typed)
    if errors:
        item.name_error = errors[0].message
    elif typed in taken:
        item.name_error = _("The target already has a template named %(name)s: choose another.") % {
            "name": typed
        }
    item.name = typed


# --- a run ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunPage:
    """A run as its page shows it: progress while it runs, then what was copied and not."""

    run: CopyRun
    items: list[CopyItem]
    total: int
    done: int
    copied: int
    skipped: int
    not_copied: list[CopyItem]
    running: bool
    can_retry: bool
    source_list_url: str
    target_list_url: str

    def context(self, **extra: Any) -> dict[str, Any]:
        """The names ``copying/run.html`` reads."""
        names = {f.name: getattr(self, f.name) for f in self.__dataclass_fields__.values()}
        return names | {"account": self.run.source_account} | extra


def run_page(run: CopyRun, *, can_retry: bool) -> RunPage:
    """The run's items (the dashboard's own rows)."""
    items = list(run.items.order_by("position"))
    source = run.source_account
    target = run.target_account
    return RunPage(
        run=run,
        items=items,
        total=len(items),
        done=sum(1 for item in items if item.done or item.state == ItemState.FAILED),
        copied=sum(1 for item in items if item.state == ItemState.COPIED),
        skipped=sum(1 for item in items if item.state == ItemState.SKIPPED),
        not_copied=[item for item in items if not item.done],
        running=run.state != RunState.FINISHED,
        can_retry=can_retry,
        source_list_url=reverse("studio:list", args=[source.account_id, run.source_request_id]),
        target_list_url=reverse("studio:list", args=[target.account_id, run.target_request_id]),
    )


def template_named(
    account: CMAccount, request_id: str, name: str
) -> ApiWhatsAppTemplateBaseResponse | UpstreamFailure | None:
    """The template called ``name`` in the request, read afresh (None when there is none)."""
    found = upstream.fetch_or_failure(
        account, _name_key(request_id, name), _name_call(request_id, name), ttl=0
    )
    if upstream.is_failure(found):
        return found
    return next((item for item in found if item.name == name), None)


def run_started_with(source: CMAccount, form_key: str) -> CopyRun | None:
    """The run the preview's form with this key started, if it was sent before."""
    if not form_key:
        return None
    return CopyRun.objects.filter(source_account=source, form_key=form_key[:64]).first()


def run_of(account: CMAccount, run_id: uuid.UUID | str) -> CopyRun | None:
    """The run, when it copied from this account (another account's is None: a 404)."""
    return (
        CopyRun.objects.select_related("source_account", "target_account")
        .filter(public_id=run_id, source_account=account)
        .first()
    )
