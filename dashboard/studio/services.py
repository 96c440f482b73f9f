"""Writes of the studio: drafts (local), and templates on CM.com (audited, cache invalidated).

Draft edits (``draft_*``) only touch the dashboard's database: they are saved on every pause in
typing, so they are not audited one by one (the trail would drown); what reaches CM.com is.
Every upstream write (``template_*``) is audited with what was sent, before and after where it
applies, and invalidates ``templates.<request id>`` (lists, the template, the overview's count).

Creating a template, adding a replacement field and requesting validation are POSTs, which the
client never repeats: they go through ``upstream.write``, which sends once and, when the answer
is lost (timeout, 5xx, unreadable), reads the templates to find out whether it happened before
anyone is offered to send it again.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext

from channels_api.client import ChannelsClient
from channels_api.models import ApiWhatsAppTemplate
from channels_api.template_rules import MAX_NAME_LENGTH, PLACEHOLDER, placeholder
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.core import wording as core_wording
from dashboard.studio import drafts, lint, versions
from dashboard.studio.drafts import DraftRefused
from dashboard.studio.models import PushState, TemplateDraft
from dashboard.studio.selectors import (
    SavedDraft,
    detail_key,
    existing_draft,
    templates_prefix,
)
from dashboard.studio.wording import say

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    Actor = AbstractBaseUser | AnonymousUser | None

logger = logging.getLogger(__name__)


# --- drafts (local) ---------------------------------------------------------------------------


def draft_open(
    *,
    account: CMAccount,
    request_id: str,
    template: ApiWhatsAppTemplate,
    saved: SavedDraft | None = None,
) -> TemplateDraft:
    """The draft to edit: the saved one brought up to date with CM.com, or a new unsaved one.

    A draft without changes follows CM.com (someone else saved, or a language was approved
    meanwhile). A draft with changes keeps them; only languages CM.com has approved since
    become read-only, with CM.com's text. ``saved``: the saved draft as the view read it
    while CM.com was away (taken when it is this template's), else it is read here.
    """
    if saved is not None and saved.template_id == template.id:
        draft = saved.draft
    else:
        draft = existing_draft(account, request_id, template.id)
    if draft is None:
        return drafts.new_draft(account, request_id, template)
    snap = drafts.snapshot(template)
    if draft.base == snap:
        return draft
    if not drafts.is_dirty(draft):
        drafts.reset_to(draft, snap)
    else:
        draft.base = {**draft.base, "locked": snap["locked"]}
        for language in snap["locked"]:
            draft.contents = {**draft.contents, language: snap["contents"][language]}
        drafts.settle_state(draft)
    draft.save()
    return draft


def draft_save(*, actor: Actor, draft: TemplateDraft, typed: drafts.Typed) -> TemplateDraft:
    """Keep what was typed (all of it: the lint says what is wrong, nothing is dropped)."""
    drafts.apply_typed(draft, typed)
    _save(actor, draft)
    return draft


def _keep_typed(actor: Actor, draft: TemplateDraft, typed: drafts.Typed) -> None:
    # The other inputs of the form come with every editor POST: they are kept first, so an
    # edit that is refused loses none of them.
    draft_save(actor=actor, draft=draft, typed=typed)


def draft_field_add(
    *, actor: Actor, draft: TemplateDraft, typed: drafts.Typed, name: str, type: str
) -> TemplateDraft:
    """Add a replacement field at the end (its placeholder is the next number)."""
    _keep_typed(actor, draft, typed)
    name = name.strip()
    if not name:
        raise DraftRefused(gettext("Enter a name for the new field."), where="new_field_name")
    if any(unicodedata.category(character) == "Cc" for character in name):
        raise DraftRefused(
            gettext("A field's name can't contain control characters such as a line break."),
            where="new_field_name",
        )
    if any(f["name"].casefold() == name.casefold() for f in draft.fields):
        raise DraftRefused(
            gettext("There is already a field named %(name)s.") % {"name": name},
            where="new_field_name",
        )
    draft.fields = [
        *draft.fields,
        {"key": drafts.new_key(), "id": "", "name": name[: drafts.MAX_FIELD_NAME], "type": type},
    ]
    drafts.settle_state(draft)
    _save(actor, draft)
    return draft


def draft_field_delete(
    *, actor: Actor, draft: TemplateDraft, typed: drafts.Typed, key: str
) -> TemplateDraft:
    """Remove a field, renumbering the placeholders of the fields after it.

    Refused while a language uses the field's placeholder (the text would silently point at
    the next field), or while an approved language (which cannot change) uses a later one.
    """
    _keep_typed(actor, draft, typed)
    index = next((i for i, f in enumerate(draft.fields) if f["key"] == key), None)
    if index is None:
        raise DraftRefused(gettext("That field is no longer there."))
    number = index + 1
    field = draft.fields[index]
    locked = set(draft.locked)
    for language, content in draft.contents.items():
        used = {int(n) for n in PLACEHOLDER.findall(content)}
        if number in used:
            raise DraftRefused(
                gettext(
                    "%(name)s (%(placeholder)s) is used in %(language)s: take it out of the "
                    "text first."
                )
                % {"name": field["name"], "placeholder": placeholder(number), "language": language},
                where=f"field:{key}",
            )
        if language in locked and any(n > number for n in used):
            raise DraftRefused(
                gettext(
                    "%(language)s is approved and uses the fields after %(name)s; deleting it "
                    "would change what that text shows."
                )
                % {"language": language, "name": field["name"]},
                where=f"field:{key}",
            )

    def renumber(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return placeholder(n - 1) if n > number else match.group(0)

    draft.contents = {
        language: content if language in locked else PLACEHOLDER.sub(renumber, content)
        for language, content in draft.contents.items()
    }
    draft.fields = [f for f in draft.fields if f["key"] != key]
    draft.samples = {k: v for k, v in (draft.samples or {}).items() if k != key}
    drafts.settle_state(draft)
    _save(actor, draft)
    return draft


def draft_language_add(
    *, actor: Actor, draft: TemplateDraft, typed: drafts.Typed, language: str
) -> TemplateDraft:
    """Add a language (one of the business account's active languages) with no text yet."""
    _keep_typed(actor, draft, typed)
    if language in draft.contents:
        raise DraftRefused(
            gettext("The template already has %(language)s.") % {"language": language},
            where="add_language",
        )
    draft.contents = {**draft.contents, language: ""}
    drafts.settle_state(draft)
    _save(actor, draft)
    return draft


def draft_language_remove(
    *, actor: Actor, draft: TemplateDraft, typed: drafts.Typed, language: str
) -> TemplateDraft:
    """Remove a language that CM.com does not have yet (CM.com has no way to remove one)."""
    _keep_typed(actor, draft, typed)
    if language not in draft.contents:
        raise DraftRefused(
            gettext("The template has no %(language)s.") % {"language": language}
            if language
            else gettext("Choose a language to remove.")
        )
    if language in draft.base.get("contents", {}):
        raise DraftRefused(
            gettext("%(language)s is on CM.com already; it cannot be removed.")
            % {"language": language}
        )
    draft.contents = {k: v for k, v in draft.contents.items() if k != language}
    drafts.settle_state(draft)
    _save(actor, draft)
    return draft


def _save(actor: Actor, draft: TemplateDraft) -> None:
    user = actor if actor is not None and actor.is_authenticated else None
    draft.updated_by = user  # type: ignore[assignment]
    draft.save()


def blocking_problems(draft: TemplateDraft) -> list[lint.Problem]:
    """What CM.com would refuse outright on save: an invalid name, a missing or repeated field
    name. Content problems do not block a save (a draft may be unfinished), only validation."""
    return lint.check_name(draft.name) + lint.check_fields(drafts.lint_fields(draft))


# --- templates on CM.com ----------------------------------------------------------------------


def template_create(
    *,
    actor: Actor,
    account: CMAccount,
    request_id: str,
    name: str,
    category_id: str,
    sent: dict[str, Any] | None = None,
) -> upstream.WriteResult[ApiWhatsAppTemplate]:
    """Create an empty template on CM.com, sent once; a lost answer is checked by looking the
    name up (names are unique per business account). ``sent`` adds to the audit record."""
    return upstream.write(
        account,
        lambda client: client.templates.create(request_id, name=name, category_id=category_id),
        verify=lambda client: _template_named(client, request_id, name),
        what=say("the_template", name=name),
        invalidates=(templates_prefix(request_id),),
        audit=upstream.AuditRecord(
            actor=actor,
            action="template.create",
            target=request_id,
            sent={"name": name, "category_id": category_id, **(sent or {})},
        ),
    )


def _template_named(client: Any, request_id: str, name: str) -> ApiWhatsAppTemplate | None:
    """The template called ``name``, when CM.com has one (``q`` also matches longer names)."""
    found = client.templates.list(request_id, q=name, take=500)
    return next((item for item in found if item.name == name), None)


@dataclass(frozen=True)
class PushResult:
    """How a push ended: ``ok``, and a message in words either way (a ``core.wording.Said``
    when the studio worded it: a copy or an import stores its parts)."""

    ok: bool
    message: str
    sent: bool = True
    """False when there was nothing to send."""
    checked: str = ""
    """What a check found when the answer to creating the template was lost (a duplicate's)."""
    failure: upstream.UpstreamFailure | None = None
    """Why a read before anything was sent failed (the source of a duplicate)."""
    reason: str = ""
    """Why the template was not created (upstream's words), for a caller that says its own
    sentence around it; "" when it was."""


def template_push(
    *, actor: Actor, account: CMAccount, draft: TemplateDraft, reason: str = "saved"
) -> PushResult:
    """Send the draft to CM.com: fields first (delete, change, add), then name, category and
    the content of every changed language that is not approved.

    Each write is audited. Progress is kept as it is made (a field CM.com created keeps its
    id), so a retry after a failure sends only what is still missing. A failure leaves the
    draft marked failed with the reason in words; nothing typed is lost.
    """
    blocked = blocking_problems(draft)
    if blocked:
        # The lint's words, nested as their key and parts.
        return PushResult(False, say("not_saved", reason=blocked[0].message), sent=False)
    template_id, request_id = draft.template_id, draft.request_id
    sent_anything = False
    # What checks found after lost answers (the save went on): said with the result.
    checked: list[str] = []
    # Read afresh (never the cache): the push sends what differs from what CM.com has now.
    current = upstream.fetch_or_failure(
        account,
        detail_key(request_id, template_id),
        lambda client: client.templates.get(request_id, template_id),
        ttl=0,
    )
    if upstream.is_failure(current):
        return _push_stopped(account, draft, current.message, sent_anything=False)
    diff = drafts.changes(draft, drafts.snapshot(current))
    # One write per step, in order; the first that did not happen stops the save there.
    for before in diff.deleted:
        field_id = before["id"]
        written = _push_step(
            actor,
            account,
            draft,
            "template.field_delete",
            {"before": before},
            lambda client, field_id=field_id: client.templates.delete_field(
                request_id, template_id, field_id
            ),
        )
        if not written.ok:
            return _push_stopped(account, draft, written.message, sent_anything=sent_anything)
        current, sent_anything = written.value, True
    for before, after in diff.updated:
        written = _push_step(
            actor,
            account,
            draft,
            "template.field_update",
            {"before": before, "after": _field_out(after)},
            lambda client, before=before, after=after: client.templates.update_field(
                request_id, template_id, before["id"], name=after["name"], type=after["type"]
            ),
        )
        if not written.ok:
            return _push_stopped(account, draft, written.message, sent_anything=sent_anything)
        current, sent_anything = written.value, True
    for item in diff.created:
        sent_anything = True
        written = _field_add(actor, account, draft, item)
        if not written.ok:
            return _push_stopped(account, draft, written.message, sent_anything=sent_anything)
        current = written.value
        checked += [written.message] if written.message else []
        _remember_field_id(draft, item, current)
    if diff.touches_template:
        snap = drafts.snapshot(current)
        sent = {
            "before": _template_part(snap, diff),
            "after": {
                k: v
                for k, v in (
                    ("name", diff.name),
                    ("category_id", diff.category_id),
                    ("contents", diff.contents or None),
                )
                if v is not None
            },
        }
        written = _push_step(
            actor,
            account,
            draft,
            "template.update",
            sent,
            lambda client: client.templates.update(
                request_id,
                template_id,
                name=diff.name,
                category_id=diff.category_id,
                contents=diff.contents or None,
            ),
        )
        if not written.ok:
            return _push_stopped(account, draft, written.message, sent_anything=sent_anything)
        current, sent_anything = written.value, True
    drafts.reset_to(draft, drafts.snapshot(current))
    # Keep the typed samples: reset_to keeps those whose field is still there.
    draft.pushed_at = timezone.now()
    draft.save()
    upstream.invalidate(account, templates_prefix(request_id))
    # The last answer is the template as CM.com now has it: keep it, so the editor's parts
    # that reload after a save read it from the cache instead of asking CM.com again each.
    upstream.fetch(account, detail_key(request_id, template_id), lambda _client: current)
    if not sent_anything:
        return PushResult(True, say("nothing_to_save"), sent=False)
    # Something reached CM.com: the template as it now has it is a version (``reason``).
    versions.version_record(actor=actor, draft=draft, reason=reason)
    return PushResult(True, core_wording.one_after_another(*checked, say("saved")))


def _push_stopped(
    account: CMAccount, draft: TemplateDraft, message: str, *, sent_anything: bool
) -> PushResult:
    """A step of the push that did not happen, or may not have: the save stops there, the
    draft keeps everything typed and is marked failed with the words (which say which step
    and whether to save again)."""
    logger.warning("push of template %s stopped: %s", draft.template_id, message)
    draft.push_state, draft.push_error = PushState.FAILED, message
    # The draft is shared: whoever opens it next reads why in their own language.
    draft.push_error_parts = core_wording.part(message) if core_wording.parts_of(message) else {}
    draft.save()
    if sent_anything:
        upstream.invalidate(account, templates_prefix(draft.request_id))
    return PushResult(False, say("not_saved", reason=message))


def _push_step(
    actor: Actor,
    account: CMAccount,
    draft: TemplateDraft,
    action: str,
    sent: dict[str, Any],
    call: Callable[[ChannelsClient], ApiWhatsAppTemplate],
) -> upstream.WriteResult[ApiWhatsAppTemplate]:
    """One PUT or DELETE of the push, audited; the client repeats these safely, so a lost
    answer is not checked (the push invalidates the templates once, at its end)."""
    return upstream.write(
        account,
        call,
        repeatable=True,
        audit=upstream.AuditRecord(
            actor=actor,
            action=action,
            target=draft.template_id,
            sent={"template": draft.name, **sent},
        ),
    )


def _field_add(
    actor: Actor, account: CMAccount, draft: TemplateDraft, item: dict[str, Any]
) -> upstream.WriteResult[ApiWhatsAppTemplate]:
    """POST one new replacement field, sent once: its value is the template as CM.com then
    has it, its message what a check found when the answer was lost ("" when CM.com answered).

    The client never repeats a POST: when the answer is lost, one read of the template's
    fields finds out whether a field of that name the draft does not know yet is there (the
    push deleted any other before adding), and the save goes on as if CM.com had answered.
    """
    request_id, template_id = draft.request_id, draft.template_id
    known = {f["id"] for f in draft.fields if f.get("id")}
    name = item["name"].casefold()

    def verify(client: Any) -> ApiWhatsAppTemplate | None:
        template = client.templates.get(request_id, template_id)
        made = any(
            (f.name or "").casefold() == name and f.id not in known
            for f in template.replacement_fields
        )
        return template if made else None

    return upstream.write(
        account,
        lambda client: client.templates.add_field(
            request_id, template_id, name=item["name"], type=item["type"]
        ),
        verify=verify,
        what=say("the_field", name=item["name"]),
        invalidates=(templates_prefix(request_id),),
        audit=upstream.AuditRecord(
            actor=actor,
            action="template.field_add",
            target=template_id,
            sent={"template": draft.name, "after": _field_out(item)},
        ),
    )


def _field_out(item: dict[str, Any]) -> dict[str, Any]:
    return {"name": item["name"], "type": item["type"]}


def _template_part(snap: dict[str, Any], diff: drafts.Changes) -> dict[str, Any]:
    before: dict[str, Any] = {}
    if diff.name is not None:
        before["name"] = snap["name"]
    if diff.category_id is not None:
        before["category_id"] = snap["category_id"]
    if diff.contents:
        before["contents"] = {lang: snap["contents"].get(lang) for lang in diff.contents}
    return before


def _remember_field_id(
    draft: TemplateDraft, item: dict[str, Any], template: ApiWhatsAppTemplate
) -> None:
    """Note CM.com's id of a field just created, so a retry does not create it twice."""
    known = {f.get("id") for f in draft.fields}
    for created in template.replacement_fields:
        if (created.name or "").casefold() == item["name"].casefold() and created.id not in known:
            draft.fields = [
                {**f, "id": created.id} if f["key"] == item["key"] else f for f in draft.fields
            ]
            if draft.pk is not None:
                draft.save(update_fields=["fields", "updated_at"])
            return


@dataclass(frozen=True)
class ValidationResult:
    """How "Request validation" ended."""

    ok: bool
    message: str
    problems: list[lint.Problem] | None = None


def template_request_validation(
    *, actor: Actor, account: CMAccount, draft: TemplateDraft
) -> ValidationResult:
    """Submit the template to WhatsApp: refused while the lint finds errors; the draft is
    pushed first when it has unsaved changes. Moves it to "validation requested"."""
    problems = lint.errors(drafts.problems(draft))
    if problems:
        count = len(problems)
        return ValidationResult(False, say("fix_errors", count=count), problems)
    if not [lang for lang in draft.contents if lang not in set(draft.locked)]:
        return ValidationResult(False, say("all_approved"))
    if drafts.is_dirty(draft) or draft.push_state == PushState.FAILED:
        pushed = template_push(actor=actor, account=account, draft=draft)
        if not pushed.ok:
            return ValidationResult(False, pushed.message)
    request_id, template_id = draft.request_id, draft.template_id

    def verify(client: Any) -> ApiWhatsAppTemplate | None:
        template = client.templates.get(request_id, template_id)
        return template if template.is_validation_requested else None

    written = upstream.write(
        account,
        lambda client: client.templates.request_validation(request_id, template_id),
        verify=verify,
        what=say("the_validation_request"),
        invalidates=(templates_prefix(request_id),),
        audit=upstream.AuditRecord(
            actor=actor,
            action="template.request_validation",
            target=template_id,
            sent={
                "template": draft.name,
                "languages": [lang for lang in draft.contents if lang not in draft.locked],
            },
        ),
    )
    if not written.ok and not written.answer_lost:
        reason = written.failure.message if written.failure is not None else ""
        return ValidationResult(False, say("validation_not_requested", reason=reason))
    if not written.ok:
        # The answer was lost: what the check found, and whether to send it again.
        return ValidationResult(False, written.message)
    versions.version_record(actor=actor, draft=draft, reason="submitted")
    # What a check found when the answer was lost (upstream's words), then ours.
    done = core_wording.one_after_another(written.message, say("validation_requested"))
    return ValidationResult(True, done)


_VERSION = re.compile(r"^(?P<base>.*?)_v(?P<n>\d+)$")


def propose_name(name: str, taken: set[str]) -> str:
    """A new valid name for a copy: ``spring_sale`` → ``spring_sale_v2``, ``x_v2`` → ``x_v3``,
    skipping names already taken."""
    match = _VERSION.match(name)
    base, number = (match["base"], int(match["n"]) + 1) if match else (name, 2)
    while True:
        suffix = f"_v{number}"
        candidate = f"{base[: MAX_NAME_LENGTH - len(suffix)]}{suffix}"
        if candidate not in taken:
            return candidate
        number += 1


def template_duplicate(
    *, actor: Actor, account: CMAccount, request_id: str, template_id: str
) -> tuple[str, PushResult]:
    """Copy a template (a rejected one, to fix and resubmit) under a new name: same category,
    fields and contents. Returns the new template's id and how pushing its content went.

    The copy is created on CM.com at once; its fields and contents go through a draft and a
    push, so a failure after the create keeps everything in the new template's draft, with
    Retry. When the source cannot be read, the id is "" and the PushResult carries the read's
    ``failure`` (a 404 there is a page not found); when the copy was not created (or its
    create's answer was lost and not found), the id is "" and the PushResult says why.
    """

    def source_and_names(client: ChannelsClient) -> tuple[ApiWhatsAppTemplate, set[str]]:
        source = client.templates.get(request_id, template_id)
        base = _VERSION.sub(r"\g<base>", source.name or "template")
        listed = client.templates.list(request_id, q=base, take=500)
        return source, {item.name or "" for item in listed}

    # Read afresh (ttl 0): the names taken now, not when the page was loaded.
    found = upstream.fetch_or_failure(
        account, detail_key(request_id, template_id), source_and_names, ttl=0
    )
    if upstream.is_failure(found):
        words = say("copy_not_made", reason=found.message)
        return "", PushResult(False, words, sent=False, failure=found, reason=found.message)
    source, taken = found
    return template_create_filled(
        actor=actor,
        account=account,
        request_id=request_id,
        name=propose_name(source.name or "template", taken),
        category_id=source.template_category_id or "",
        contents={lang: item.content or "" for lang, item in source.languages.items()},
        fields=[
            {"name": f.name or "", "type": f.type or "text", "sample": ""}
            for f in source.replacement_fields
        ],
        reason="copied",
        sent={"duplicate_of": template_id},
    )


def template_create_filled(
    *,
    actor: Actor,
    account: CMAccount,
    request_id: str,
    name: str,
    category_id: str,
    contents: dict[str, str],
    fields: list[dict[str, str]],
    reason: str,
    sent: dict[str, Any] | None = None,
    failed: str = "",
) -> tuple[str, PushResult]:
    """Create a template on CM.com and fill it: ``fields`` (in index order, each ``{"name",
    "type", "sample"}``; the sample is kept in the draft, never sent) and ``contents``
    (language -> text). Used to duplicate, copy to another account and import.

    The template is created at once (sent once, a lost answer checked by name); its fields and
    contents go through a draft and a push, so a failure after the create keeps everything in
    the new template's draft, with Retry. Returns the new template's id ("" when it was not
    created; the PushResult says why, prefixed with ``failed``) and how the push went. A push
    that sent something records a version with ``reason``. ``sent`` adds to the create's audit.
    """
    created = template_create(
        actor=actor,
        account=account,
        request_id=request_id,
        name=name,
        category_id=category_id,
        sent=sent,
    )
    if not created.ok:
        # Nothing to push into: no template, or one the check could not find (said in words).
        why = created.message or (created.failure.message if created.failure else "")
        # The caller's words for "not made" are theirs, kept as given.
        words = (
            core_wording.one_after_another(f"{failed}:", why)
            if failed
            else say("copy_not_made", reason=why)
        )
        return "", PushResult(False, words, sent=False, reason=why)
    made = created.value
    if created.state == upstream.WriteState.DONE_AFTER_CHECK:
        # The check found the template in the list, whose items carry no fields or texts.
        read = upstream.fetch_or_failure(
            account,
            detail_key(request_id, made.id or ""),
            lambda client: client.templates.get(request_id, made.id),
            ttl=0,
        )
        if upstream.is_failure(read):
            return made.id or "", PushResult(False, read.message, checked=created.message)
        made = read
    draft = drafts.new_draft(account, request_id, made)
    keyed = [(drafts.new_key(), item) for item in fields]
    draft.fields = [
        {"key": key, "id": "", "name": item.get("name", ""), "type": item.get("type") or "text"}
        for key, item in keyed
    ]
    draft.samples = {
        key: item["sample"][: drafts.MAX_SAMPLE] for key, item in keyed if item.get("sample")
    }
    draft.contents = {lang: lint.normalise(text) for lang, text in contents.items()}
    drafts.settle_state(draft)
    _save(actor, draft)
    # The push records the version, with this reason, when it sent something.
    pushed = template_push(actor=actor, account=account, draft=draft, reason=reason)
    return made.id or "", dataclasses.replace(pushed, checked=created.message)
