"""A draft next to CM.com's copy: snapshots, what changed, and what typing changes.

Pure functions on ``TemplateDraft`` and plain dictionaries; nothing here talks to CM.com or
saves. ``services.py`` uses them to push, ``views.py`` (through services) to autosave, and
``selectors.py`` to show the draft in the editor.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from channels_api.models import ApiWhatsAppTemplate, ReviewStatus
from channels_api.resources.templates import FIELD_TYPES
from dashboard.studio import lint
from dashboard.studio.lint import LintField, normalise
from dashboard.studio.models import PushState, TemplateDraft

MAX_CONTENT = 4096  # what CM.com stores; the 1024 rule is the lint's, so typing is never cut
MAX_FIELD_NAME = 100
MAX_SAMPLE = 200


class DraftRefused(ValueError):
    """An edit the draft cannot take; the message says why, for the input it concerns."""

    def __init__(self, message: str, *, where: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.where = where


def snapshot(template: ApiWhatsAppTemplate) -> dict[str, Any]:
    """CM.com's copy of a template, in the draft's shape (JSON-ready)."""
    return {
        "name": template.name or "",
        "category_id": template.template_category_id or "",
        "contents": {
            lang: normalise(item.content or "") for lang, item in template.languages.items()
        },
        "fields": [
            {"id": item.id or "", "name": item.name or "", "type": item.type or "text"}
            for item in template.replacement_fields
        ],
        "locked": [
            lang for lang, item in template.languages.items() if item.status == ReviewStatus.ACTIVE
        ],
    }


def new_key() -> str:
    """A local key for a field CM.com does not have yet."""
    return f"new-{uuid.uuid4().hex[:10]}"


def reset_to(draft: TemplateDraft, snap: dict[str, Any]) -> None:
    """Make the draft CM.com's copy again (samples of fields still there are kept)."""
    draft.name = snap["name"]
    draft.category_id = snap["category_id"]
    draft.contents = dict(snap["contents"])
    # A field CM.com created in this push was keyed locally; from now on its key is CM.com's
    # id, so its sample moves with it (or a sample typed before the first save was lost).
    renamed = {f["key"]: f["id"] for f in draft.fields or [] if f.get("id") and f.get("key")}
    samples = {renamed.get(key, key): value for key, value in (draft.samples or {}).items()}
    draft.fields = [{"key": f["id"], **f} for f in snap["fields"]]
    keys = {f["key"] for f in draft.fields}
    draft.samples = {key: value for key, value in samples.items() if key in keys}
    draft.base = snap
    draft.push_state = PushState.PUSHED
    draft.push_error, draft.push_error_parts = "", {}


def new_draft(account: Any, request_id: str, template: ApiWhatsAppTemplate) -> TemplateDraft:
    """An unsaved draft equal to CM.com's copy."""
    draft = TemplateDraft(account=account, request_id=request_id, template_id=template.id or "")
    reset_to(draft, snapshot(template))
    return draft


@dataclass
class Changes:
    """What pushing the draft would send, against one copy of CM.com's template."""

    name: str | None = None
    category_id: str | None = None
    contents: dict[str, str] = field(default_factory=dict)
    deleted: list[dict[str, Any]] = field(default_factory=list)
    updated: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing to send."""
        return not (
            self.name is not None
            or self.category_id is not None
            or self.contents
            or self.deleted
            or self.updated
            or self.created
        )

    @property
    def touches_template(self) -> bool:
        """Whether "Update a template" is needed (name, category or contents)."""
        return self.name is not None or self.category_id is not None or bool(self.contents)


def changes(draft: TemplateDraft, snap: dict[str, Any]) -> Changes:
    """The difference between the draft and ``snap`` (CM.com's copy), as writes to make.

    Approved languages are never sent. A field whose id CM.com no longer knows is created again.
    """
    result = Changes()
    if draft.name != snap["name"]:
        result.name = draft.name
    if draft.category_id and draft.category_id != snap["category_id"]:
        result.category_id = draft.category_id
    locked = set(snap["locked"])
    for language, text in draft.contents.items():
        if language in locked:
            continue
        if language not in snap["contents"] or normalise(text) != snap["contents"][language]:
            result.contents[language] = normalise(text)
    upstream = {f["id"]: f for f in snap["fields"]}
    kept = {f["id"] for f in draft.fields if f.get("id")}
    result.deleted = [f for f in snap["fields"] if f["id"] not in kept]
    for item in draft.fields:
        before = upstream.get(item.get("id") or "")
        if before is None:
            result.created.append(item)
        elif (before["name"], before["type"]) != (item["name"], item["type"]):
            result.updated.append((before, item))
    return result


def is_dirty(draft: TemplateDraft) -> bool:
    """Whether the draft differs from CM.com's copy as last seen."""
    return bool(draft.base) and not changes(draft, draft.base).is_empty


def settle_state(draft: TemplateDraft) -> None:
    """After an edit: pending when it differs from CM.com, saved when edited back to it.

    A failed push stays failed (with its reason and the Retry button) until a push succeeds
    or the draft matches CM.com again.
    """
    if not is_dirty(draft):
        draft.push_state, draft.push_error, draft.push_error_parts = PushState.PUSHED, "", {}
    elif draft.push_state != PushState.FAILED:
        draft.push_state = PushState.PENDING


@dataclass
class Typed:
    """What the editor form sent; None or a missing key leaves that part of the draft as is."""

    name: str | None = None
    category_id: str | None = None
    contents: dict[str, str] = field(default_factory=dict)
    field_names: dict[str, str] = field(default_factory=dict)
    field_types: dict[str, str] = field(default_factory=dict)
    samples: dict[str, str] = field(default_factory=dict)


def apply_typed(draft: TemplateDraft, typed: Typed) -> None:
    """Put what was typed into the draft, keeping everything (lint judges it, not this).

    Approved languages ignore typing; lengths are bounded only by what CM.com can store.
    """
    if typed.name is not None:
        draft.name = typed.name.strip()[:512]
    if typed.category_id is not None and typed.category_id:
        draft.category_id = typed.category_id
    locked = set(draft.locked)
    contents = dict(draft.contents)
    for language, text in typed.contents.items():
        if language in contents and language not in locked:
            contents[language] = normalise(text)[:MAX_CONTENT]
    draft.contents = contents
    fields = []
    for item in draft.fields:
        item = dict(item)
        if item["key"] in typed.field_names:
            item["name"] = typed.field_names[item["key"]].strip()[:MAX_FIELD_NAME]
        if typed.field_types.get(item["key"]) in FIELD_TYPES:
            item["type"] = typed.field_types[item["key"]]
        fields.append(item)
    draft.fields = fields
    samples = dict(draft.samples or {})
    for key, sample in typed.samples.items():
        if draft.field_by_key(key) is not None:
            samples[key] = sample.strip()[:MAX_SAMPLE]
    draft.samples = samples
    settle_state(draft)


def lint_fields(draft: TemplateDraft) -> list[LintField]:
    """The draft's fields as the lint wants them."""
    return [LintField(f["key"], f["name"]) for f in draft.fields]


def problems(draft: TemplateDraft) -> list[lint.Problem]:
    """Every problem of the draft, errors first."""
    return lint.lint(
        name=draft.name,
        fields=lint_fields(draft),
        contents=draft.contents,
        locked=draft.locked,
    )
