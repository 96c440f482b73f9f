"""Templates under review: "Request validation" becomes "Ask for review" when the account
wants a second person, and the reviews app sends an approved one through the studio's own
service (``services.template_request_validation``, so through ``upstream.write``).

The review keeps the template as it would be submitted (name, category, the texts of the
languages not yet approved, the fields with their types) and a fingerprint of it; when the
draft no longer matches (someone typed since), the review is void and sends nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from dashboard import upstream
from dashboard.core.capabilities import Capability
from dashboard.reviews import registry
from dashboard.reviews import services as reviews
from dashboard.reviews import wording as review_wording
from dashboard.reviews.models import Review, ReviewKind
from dashboard.studio import drafts, lint, services
from dashboard.studio.diff import TemplateState, compare
from dashboard.studio.lint import LintField
from dashboard.studio.models import TemplateDraft
from dashboard.studio.versions import last_approved
from dashboard.studio.wording import say

if TYPE_CHECKING:
    from dashboard.accounts.models import CMAccount
    from dashboard.people.models import User

KIND = ReviewKind.TEMPLATE_VALIDATION


@dataclass(frozen=True)
class SubmitResult:
    """How "Request validation" / "Ask for review" ended: ``message`` is a
    ``core.wording.Said`` (a copy or an import stores its parts, read later in another
    language)."""

    ok: bool
    message: str
    review: Review | None = None
    problems: list[lint.Problem] | None = None


def target_of(draft: TemplateDraft) -> str:
    """The review's target: the template's id (CM.com's ids are unique; the request id is in
    the payload)."""
    return draft.template_id


def submitted_state(draft: TemplateDraft) -> dict[str, Any]:
    """The template as "Request validation" would submit it (approved languages are never
    sent; samples never leave the dashboard)."""
    locked = set(draft.locked)
    return {
        "name": draft.name,
        "category_id": draft.category_id,
        "contents": {
            lang: lint.normalise(text)
            for lang, text in sorted(draft.contents.items())
            if lang not in locked
        },
        "approved": sorted(lang for lang in draft.contents if lang in locked),
        "fields": [
            {"name": f.get("name", ""), "type": f.get("type", "text")} for f in draft.fields
        ],
    }


def fingerprint_of(state: dict[str, Any]) -> str:
    """A hash of what was asked to be reviewed: equal states, equal fingerprints."""
    text = json.dumps(state, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def template_submit(*, actor: Any, account: CMAccount, draft: TemplateDraft) -> SubmitResult:
    """Ask for review when the account requires it (nothing is sent), else request validation
    as without review. Refused, like validation, while the lint finds errors."""
    if not reviews.review_required(account=account, kind=KIND):
        asked = services.template_request_validation(actor=actor, account=account, draft=draft)
        return SubmitResult(asked.ok, asked.message, None, asked.problems)
    problems = lint.errors(drafts.problems(draft))
    if problems:
        words = say("fix_errors_before_review", count=len(problems))
        return SubmitResult(False, words, None, problems)
    state = submitted_state(draft)
    if not state["contents"]:
        return SubmitResult(False, say("all_approved"))
    review = reviews.review_ask(
        actor=actor,
        account=account,
        kind=KIND,
        target=target_of(draft),
        label=gettext("Template %(name)s") % {"name": draft.name or draft.template_id},
        # The reviewer reads the label in their own language: its key and parts.
        label_parts=review_wording.template(draft.name or draft.template_id),
        payload={
            "request_id": draft.request_id,
            "template_id": draft.template_id,
            **state,
            # For the reviewer's comparison only: samples never leave the dashboard.
            "samples": [(draft.samples or {}).get(f.get("key", ""), "") for f in draft.fields],
        },
        fingerprint=fingerprint_of(state),
    )
    if review.already_waiting:
        # A person's name is kept as given.
        who = review.author_name or say("someone")
        return SubmitResult(False, say("review_waiting", who=who), review)
    return SubmitResult(True, say("review_asked"), review)


# --- the handler the reviews app calls ------------------------------------------------------


def _draft(review: Review) -> TemplateDraft | None:
    payload = review.payload
    return TemplateDraft.objects.filter(
        account=review.account,
        request_id=payload.get("request_id", ""),
        template_id=payload.get("template_id", ""),
    ).first()


def void_reason(review: Review) -> str:
    """ "" while the draft is what was asked to be reviewed; else why the review is void."""
    draft = _draft(review)
    if draft is None:
        return review_wording.outcome("template_gone")
    if fingerprint_of(submitted_state(draft)) != review.fingerprint:
        return review_wording.outcome("template_changed")
    return ""


def send(review: Review, reviewer: User) -> registry.Sent:
    """Request validation as the reviewer, through the studio's service (once: the reviews
    app calls this at most once per review)."""
    draft = _draft(review)
    if draft is None:
        return registry.Sent(False, review_wording.outcome("template_gone"))
    done = services.template_request_validation(actor=reviewer, account=review.account, draft=draft)
    return registry.Sent(done.ok, done.message)


def _state(payload: dict[str, Any], before: TemplateState | None) -> TemplateState:
    """The template as the review would submit it, as a comparison's side: approved
    languages (never sent) read as CM.com approved them."""
    contents = dict(payload.get("contents", {}))
    for lang in payload.get("approved", []):
        if before is not None and lang in before.contents:
            contents.setdefault(lang, before.contents[lang])
    samples = payload.get("samples", [])
    fields = [
        {
            "name": f.get("name", ""),
            "type": f.get("type", "text"),
            "sample": samples[i] if i < len(samples) else "",
        }
        for i, f in enumerate(payload.get("fields", []))
    ]
    return TemplateState(
        name=payload.get("name", ""),
        category_id=payload.get("category_id", ""),
        contents=contents,
        fields=fields,
    )


def show(review: Review) -> tuple[str, dict[str, Any]]:
    """What the review page shows: the template as it would be submitted, the differences
    with the last version CM.com approved, and the lint of it."""
    payload = review.payload
    approved = last_approved(
        account=review.account,
        request_id=payload.get("request_id", ""),
        template_id=payload.get("template_id", ""),
    )
    before = approved.state() if approved is not None else None
    fields = [
        LintField(f"f{i}", f.get("name", "")) for i, f in enumerate(payload.get("fields", []))
    ]
    # The texts that would be sent: the approved ones are never sent, so never linted.
    problems = lint.lint(
        name=payload.get("name", ""), fields=fields, contents=payload.get("contents", {})
    )
    context = {
        "payload": payload,
        "approved_version": approved,
        "comparison": compare(before, _state(payload, before)),
        "problems": problems,
    }
    return "reviews/kinds/template_validation.html", context


def target_url(review: Review) -> str:
    """The template's editor ("" when the payload names no template the URL can hold)."""
    payload = review.payload
    args = [review.account.account_id, payload.get("request_id"), payload.get("template_id")]
    try:
        return reverse("studio:edit", args=args)
    except NoReverseMatch:
        return ""


HANDLER = registry.Handler(
    kind=KIND,
    capability=Capability.AUTHOR_TEMPLATES,
    send=send,
    show=show,
    void_reason=void_reason,
    target_url=target_url,
)


def register() -> None:
    """Called from ``StudioConfig.ready``."""
    registry.register(HANDLER)


def template_changed(*, actor: Any, account: CMAccount, draft: TemplateDraft) -> str:
    """After an edit of the draft: void the review waiting on it when the template no longer
    matches what was asked (the editor then says so); returns why ("" when nothing was void)."""
    return reviews.review_void_if_changed(
        actor=actor, account=account, kind=KIND, target=target_of(draft)
    )


# --- the demo -----------------------------------------------------------------------------------

DEMO_TEXT = "Hi {{1}}, spring is here! Enjoy 20% off everything this week."


def seed_demo_review(
    *, account: CMAccount, author: Any, template_name: str = "spring_sale", text: str = DEMO_TEXT
) -> Review | None:
    """For ``manage.py seed_demo``: the account requires review before requesting template
    validation, and ``author`` has asked for review of ``template_name`` with its English
    text set to ``text`` (nothing is sent to CM.com). Idempotent: a review already waiting is
    returned as it is. None when CM.com's copy cannot be read (the sandbox is not running)."""
    from dashboard.core import selectors as core_selectors
    from dashboard.reviews.selectors import policy_of
    from dashboard.studio.selectors import detail_key

    wanted = {kind for kind in ReviewKind.values if policy_of(account).requires(kind)}
    reviews.policy_update(actor=None, account=account, wanted=wanted | {KIND.value})
    got = upstream.fetch_many(
        account,
        {
            core_selectors.CHANNEL_REQUESTS: core_selectors.list_channel_requests,
            core_selectors.CHANNEL_TYPES: core_selectors.list_channel_types,
        },
    )
    if any(upstream.is_failure(part) for part in got.values()):
        return None
    chosen = core_selectors.whatsapp_channel_request(
        got[core_selectors.CHANNEL_REQUESTS], got[core_selectors.CHANNEL_TYPES]
    )
    if chosen is None or not chosen.id:
        return None
    request_id = str(chosen.id)
    found = upstream.fetch_or_failure(
        account,
        f"demo.{request_id}.{template_name}",
        lambda client: client.templates.list(request_id, q=template_name, take=50),
        ttl=0,
    )
    listed = [] if upstream.is_failure(found) else [t for t in found if t.name == template_name]
    if not listed:
        return None
    template_id = str(listed[0].id)
    template = upstream.fetch_or_failure(
        account,
        detail_key(request_id, template_id),
        lambda client: client.templates.get(request_id, template_id),
        ttl=0,
    )
    if upstream.is_failure(template):
        return None
    draft = services.draft_open(account=account, request_id=request_id, template=template)
    services.draft_save(
        actor=author, draft=draft, typed=drafts.Typed(contents={"English (US)": text})
    )
    return template_submit(actor=author, account=account, draft=draft).review
