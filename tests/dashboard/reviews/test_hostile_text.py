"""Text a review keeps (a template's name and texts, a reviewer's comment, CM.com's words in
an outcome) shows as characters on the boards, the review page and the template's editor."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from dashboard.reviews.models import Review, ReviewKind, ReviewState
from tests.dashboard.security.inert import PAYLOADS, assert_inert, escaped

HOSTILE = " ".join(PAYLOADS)


def test_hostile_text_in_a_review(admin_client, account_a):
    waiting = Review.objects.create(
        account=account_a,
        kind=ReviewKind.TEMPLATE_VALIDATION,
        target="00000000-0000-4000-8000-0000000000a1",
        label=f"Template {HOSTILE}",
        author_name=HOSTILE[:150],
        payload={
            "request_id": "00000000-0000-4000-8000-0000000000a2",
            "template_id": "00000000-0000-4000-8000-0000000000a1",
            "name": HOSTILE,
            "contents": {"English (US)": HOSTILE},
            "approved": [],
            "fields": [{"name": HOSTILE, "type": "text"}],
        },
        cost={"price": HOSTILE},
    )
    Review.objects.create(
        account=account_a,
        kind=ReviewKind.TEMPLATE_VALIDATION,
        target="00000000-0000-4000-8000-0000000000b1",
        label=f"Template {HOSTILE}",
        state=ReviewState.FAILED,
        decided_at=timezone.now(),
        reviewer_name="ada",
        outcome=HOSTILE,
        comment=HOSTILE,
    )
    pages = [
        reverse("reviews:board"),
        reverse("reviews:account_board", args=[account_a.account_id]),
        reverse("reviews:review", args=[account_a.account_id, waiting.public_id]),
    ]
    for url in pages:
        page = admin_client.get(url).content.decode()
        assert_inert(page)
        assert escaped(f"Template {HOSTILE}") in page
