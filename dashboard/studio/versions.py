"""The version history of a template: recorded, read, noticed approved, restored into the draft.

A version is recorded (``version_record``) after every save that reached CM.com (reason
"saved", from ``services.template_push``), after every submission for validation ("submitted",
``services.template_request_validation``), and when a template is made by a copy or an import
("copied", "imported"). It holds the template as CM.com then had it (the draft's ``base``, the
copy of CM.com's answer the push kept) and the samples typed in the studio. CM.com's state is the
truth; the history is the dashboard's own, and nothing here talks to CM.com.

**Which version CM.com approved** (``last_approved``). CM.com says nothing of versions: it only
says, per language, whether it is approved, and with which text. So: when the studio reads a
template anyway (the editor's read, no extra call: ``note_approved``), the newest *submitted*
version is marked approved (``approved_at``, the first time it is seen so) when every language
it has is approved on CM.com with exactly the version's text. ``last_approved`` is the newest
version so marked. A submission that was rejected, or text that changed on CM.com since, marks
nothing, so the previous approved version stays the last approved one.

**Numbering** is 1, 2, 3… per template, unique in the database; two saves at once take the
next number under a lock on the draft's row (where the database locks rows) and retry on the
unique constraint (where it does not), so they never collide.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from channels_api.models import ApiWhatsAppTemplate, ReviewStatus
from dashboard.audit import services as audit
from dashboard.core.sql_once import values_where
from dashboard.studio import drafts
from dashboard.studio.lint import normalise
from dashboard.studio.models import TemplateDraft, TemplateVersion

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from dashboard.accounts.models import CMAccount

    Actor = AbstractBaseUser | AnonymousUser | None

logger = logging.getLogger(__name__)

Reason = TemplateVersion.Reason
ATTEMPTS = 5
_NUMBER = re.compile(r"[0-9]{1,9}")


# --- recording ----------------------------------------------------------------------------------


def _as_cm_has_it(draft: TemplateDraft) -> dict[str, Any]:
    """The template as CM.com has it after the push (the draft's ``base``), with the samples
    typed for its fields; the draft itself when it has no copy of CM.com's yet."""
    samples = draft.samples or {}
    base = draft.base or {}
    if not base:
        return {
            "name": draft.name,
            "category_id": draft.category_id,
            "contents": dict(draft.contents),
            "fields": [
                {"name": f["name"], "type": f["type"], "sample": samples.get(f["key"], "")}
                for f in draft.fields
            ],
        }
    # A field CM.com has is keyed in the draft by CM.com's id once pushed (drafts.reset_to).
    key_of = {f.get("id"): f.get("key") for f in draft.fields if f.get("id")}
    return {
        "name": base.get("name", ""),
        "category_id": base.get("category_id", ""),
        "contents": dict(base.get("contents", {})),
        "fields": [
            {
                "name": f.get("name", ""),
                "type": f.get("type", "text"),
                "sample": samples.get(key_of.get(f.get("id"), f.get("id")), ""),
            }
            for f in base.get("fields", [])
        ],
    }


def _versions(account: Any, request_id: str, template_id: str) -> Any:
    return TemplateVersion.objects.filter(
        account=account, request_id=request_id, template_id=template_id
    )


def _next_number(account: Any, request_id: str, template_id: str) -> int:
    top = _versions(account, request_id, template_id).aggregate(top=Max("number"))["top"]
    return (top or 0) + 1


def version_record(*, actor: Actor, draft: TemplateDraft, reason: str) -> TemplateVersion:
    """Record the template as CM.com now has it (call after the write that reached CM.com).

    ``reason``: "saved", "submitted", "copied" or "imported"."""
    state = _as_cm_has_it(draft)
    user = actor if actor is not None and actor.is_authenticated else None
    for attempt in range(ATTEMPTS):
        try:
            with transaction.atomic():
                if draft.pk is not None:
                    # Serialises two saves of one template where the database locks rows.
                    TemplateDraft.objects.select_for_update().filter(pk=draft.pk).first()
                number = _next_number(draft.account, draft.request_id, draft.template_id)
                return TemplateVersion.objects.create(
                    account=draft.account,
                    request_id=draft.request_id,
                    template_id=draft.template_id,
                    number=number,
                    reason=reason,
                    created_by=user,
                    created_by_name=user.get_username() if user is not None else "",
                    created_at=timezone.now(),
                    **state,
                )
        except IntegrityError:
            # Someone took that number between our read and our insert: take the next one.
            if attempt == ATTEMPTS - 1:
                raise
            logger.info("version number of %s taken; trying the next", draft.template_id)
    raise AssertionError("unreachable")  # pragma: no cover


# --- reading ------------------------------------------------------------------------------------


def versions_of(*, account: Any, request_id: str, template_id: str) -> list[TemplateVersion]:
    """Every version of the template, newest first."""
    found = _versions(account, request_id, template_id).select_related("created_by")
    return list(found.order_by("-number"))


def version_count(*, account: Any, request_id: str, template_id: str) -> int:
    """How many versions the template has."""
    return _versions(account, request_id, template_id).count()


def version_get(
    *, account: Any, request_id: str, template_id: str, number: int | str
) -> TemplateVersion | None:
    """Version ``number`` of the template (as typed: text that is no number is None), or
    None."""
    if isinstance(number, str):
        if not _NUMBER.fullmatch(number):
            return None
        number = int(number)
    return _versions(account, request_id, template_id).filter(number=number).first()


def last_approved(*, account: Any, request_id: str, template_id: str) -> TemplateVersion | None:
    """The last version CM.com approved (see the module's docstring for how we know)."""
    found = _versions(account, request_id, template_id).filter(approved_at__isnull=False)
    return found.order_by("-number").first()


def note_approved(
    *, account: Any, request_id: str, template: ApiWhatsAppTemplate
) -> TemplateVersion | None:
    """Given CM.com's copy (read anyway), mark the newest submitted version approved when every
    language of it is approved with its text. Returns the version marked now, else None."""
    approved = {
        lang: normalise(item.content or "")
        for lang, item in template.languages.items()
        if item.status == ReviewStatus.ACTIVE
    }
    if not approved:
        return None  # nothing approved: no query
    version = (
        _versions(account, request_id, template.id or "")
        .filter(reason=Reason.SUBMITTED)
        .order_by("-number")
        .first()
    )
    if version is None or version.approved_at is not None or not version.contents:
        return None
    if any(approved.get(lang) != normalise(text) for lang, text in version.contents.items()):
        return None
    # Only the first sight counts: two pages noticing it at once mark it once.
    marked = TemplateVersion.objects.filter(pk=version.pk, approved_at__isnull=True).update(
        approved_at=timezone.now()
    )
    return version if marked else None


ApprovalRows = list[tuple[str, "datetime | None"]]


def approval_rows(*, account: Any, request_id: str, template_id: str) -> ApprovalRows:
    """The template's versions' reasons and approvals (no texts), newest first: how many
    there are, and whether the newest submitted one still awaits its approval. The editor
    reads them while CM.com is away (``count_noting_approved`` then takes them), with SQL
    written once (``core.sql_once``: the ORM's compiling was most of the read)."""
    return cast(
        ApprovalRows,
        values_where(
            TemplateVersion,
            ("reason", "approved_at"),
            newest=("number",),
            account=account.pk,
            request_id=request_id,
            template_id=template_id,
        ),
    )


def count_noting_approved(
    *,
    account: Any,
    request_id: str,
    template: ApiWhatsAppTemplate,
    rows: ApprovalRows | None = None,
) -> int:
    """``version_count`` of the template, having done ``note_approved`` with the same read:
    the editor asks both on every view. The versions' reasons and approvals (``rows``: read
    here unless given, as ``approval_rows`` reads them) say how many there are and whether
    the newest submitted one still awaits its approval; only then does ``note_approved``
    read it whole."""
    if rows is None:
        rows = approval_rows(account=account, request_id=request_id, template_id=template.id or "")
    awaiting = next((at is None for reason, at in rows if reason == Reason.SUBMITTED), False)
    if awaiting:
        note_approved(account=account, request_id=request_id, template=template)
    return len(rows)


# --- restoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    """How a restore went, in words."""

    ok: bool
    message: str


def draft_restore(
    *, actor: Actor, account: CMAccount, draft: TemplateDraft, version: TemplateVersion
) -> Restored:
    """Make the draft the old version: name, category, texts, fields (name and type) and their
    samples. Nothing is sent: the draft is marked not saved to CM.com until the person saves.

    Fields are matched by position, as CM.com's placeholders are ({{1}} is the first field):
    the n-th field keeps the id of CM.com's n-th field (a save renames or retypes it), extra
    ones are new, missing ones go. Approved languages cannot change on CM.com, and a language
    CM.com has cannot be removed: those keep CM.com's text (said in the message).
    """
    base = draft.base or {}
    on_cm = dict(base.get("contents", {}))
    locked = set(draft.locked)
    contents = {lang: normalise(text) for lang, text in version.contents.items()}
    kept = [lang for lang in on_cm if lang in locked and contents.get(lang) != on_cm[lang]]
    kept += [lang for lang in on_cm if lang not in contents and lang not in kept]
    contents = {**contents, **{lang: on_cm[lang] for lang in kept}}
    cm_fields = list(base.get("fields", []))
    fields, samples = [], {}
    for n, item in enumerate(version.fields):
        ident = cm_fields[n]["id"] if n < len(cm_fields) else ""
        key = ident or drafts.new_key()
        fields.append({"key": key, "id": ident, "name": item["name"], "type": item["type"]})
        if item.get("sample"):
            samples[key] = item["sample"][: drafts.MAX_SAMPLE]
    draft.name = version.name
    draft.category_id = version.category_id or draft.category_id
    draft.contents = contents
    draft.fields = fields
    draft.samples = samples
    drafts.settle_state(draft)
    user = actor if actor is not None and actor.is_authenticated else None
    draft.updated_by = user  # type: ignore[assignment]
    draft.save()
    audit.record(
        actor=actor,
        account=account,
        action="template.version_restore",
        target=draft.template_id,
        sent={"template": draft.name, "version": version.number, "kept": kept},
    )
    words = gettext(
        "Version %(number)d is in the draft. Nothing is sent to CM.com until you save."
    ) % {"number": version.number}
    if kept:
        words += " " + gettext(
            "%(languages)s kept CM.com's text (approved, or CM.com cannot remove it)."
        ) % {"languages": ", ".join(kept)}
    return Restored(True, words)
