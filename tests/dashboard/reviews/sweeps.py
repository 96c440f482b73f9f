"""What the security sweeps need of the reviews: a review of survey_request that waits, with
its draft, before each approval the write-fault sweep sends (an approval sends at most once,
so each case needs a review waiting again)."""

from __future__ import annotations

from typing import Any

from dashboard.accounts.models import CMAccount
from dashboard.reviews.models import Review, ReviewKind, ReviewState
from dashboard.studio import drafts, reviewing
from dashboard.studio.models import TemplateDraft
from dashboard.upstream import client_for

SURVEY_TEXT = "Hello {{1}}, this was asked for review under a fault."


def survey_review_waiting(client: Any, url: str, s: Any) -> dict[str, str]:
    """Make the sample review (``s["review_id"]``) a waiting review of survey_request by
    nobody here, its draft holding a text that would be sent; adds nothing to the body."""
    account = CMAccount.objects.get(account_id=s["account_id"])
    request_id, template_id = s["whatsapp_request_id"], s["survey_id"]
    with client_for(account) as api:
        template = api.templates.get(request_id, template_id)
    TemplateDraft.objects.filter(account=account, template_id=template_id).delete()
    draft = drafts.new_draft(account, request_id, template)
    draft.contents = {**draft.contents, "English (US)": SURVEY_TEXT}
    drafts.settle_state(draft)
    draft.save()
    state = reviewing.submitted_state(draft)
    Review.objects.exclude(public_id=s["review_id"]).filter(target=template_id).delete()
    Review.objects.update_or_create(
        public_id=s["review_id"],
        defaults={
            "account": account,
            "kind": ReviewKind.TEMPLATE_VALIDATION,
            "target": template_id,
            "label": "Template survey_request",
            "payload": {"request_id": request_id, "template_id": template_id, **state},
            "fingerprint": reviewing.fingerprint_of(state),
            "state": ReviewState.WAITING,
            "author": None,
            "reviewer": None,
            "decided_at": None,
            "outcome": "",
            "comment": "",
        },
    )
    return {}


# The review id the object sweeps put in review URLs (tests/dashboard/security/objects.py):
# a review with it exists only once a body for it was made (``sample_review_body``).
SAMPLE_REVIEW_ID = "5e1f0c2a-7d3b-4c69-8a1e-0b2c3d4e5f60"


def sample_review_body(post: Any, body: dict[str, str]) -> dict[str, str]:
    """The body of a decision on the sample review, which is made waiting first in the URL's
    account (by nobody here, about a template whose draft the dashboard does not keep: an
    approval voids it, audited, and sends nothing). Another id is left alone: a review that
    does not exist stays a 404."""
    if post.account is not None and post.path.get("review_id") == SAMPLE_REVIEW_ID:
        Review.objects.update_or_create(
            public_id=SAMPLE_REVIEW_ID,
            defaults={
                "account": post.account,
                "kind": ReviewKind.TEMPLATE_VALIDATION,
                "target": "00000000-0000-4000-8000-00000000beef",
                "label": "Template sweep_sample",
                "payload": {"template_id": "00000000-0000-4000-8000-00000000beef"},
                "fingerprint": "none",
                "state": ReviewState.WAITING,
                "author": None,
                "reviewer": None,
                "decided_at": None,
            },
        )
    return body


def fuzz_review_url(account: CMAccount, action: str) -> str:
    """The URL of a decision on a waiting review in ``account`` by nobody here (for the form
    fuzz: each example is rolled back, so the review waits for every one)."""
    from django.urls import reverse

    sample_review_body(_Post(account), {})
    return reverse(f"reviews:{action}", args=[account.account_id, SAMPLE_REVIEW_ID])


class _Post:
    """What ``sample_review_body`` reads of a sweep's post: the account and the path."""

    def __init__(self, account: CMAccount) -> None:
        self.account = account
        self.path = {"review_id": SAMPLE_REVIEW_ID}
