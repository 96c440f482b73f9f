"""The demo's review waiting (``reviewing.seed_demo_review``, for ``manage.py seed_demo``):
review required, one asked by marketing, nothing sent; seeding again changes nothing."""

from __future__ import annotations

from dashboard.reviews import services
from dashboard.reviews.models import Review, ReviewKind, ReviewState
from dashboard.studio import reviewing
from tests.dashboard.reviews.conftest import writes


def test_the_demo_has_one_review_waiting_and_nothing_sent(
    account_a, marketing_user, studio, sandbox
):
    review = reviewing.seed_demo_review(account=account_a, author=marketing_user)
    again = reviewing.seed_demo_review(account=account_a, author=marketing_user)
    assert review is not None
    assert again is not None
    assert again.pk == review.pk
    assert (review.state, review.label, review.author) == (
        ReviewState.WAITING,
        "Template spring_sale",
        marketing_user,
    )
    assert Review.objects.count() == 1
    assert services.review_required(account=account_a, kind=ReviewKind.TEMPLATE_VALIDATION)
    assert reviewing.void_reason(review) == ""
    assert writes(studio) == []
