"""The reviews' routes: the boards (every role sees them), an account's policy (admins), a
review and its decisions.

Deciding needs the kind's own right: the sample review asks for a template's validation, so
marketing and admin may decide it and support gets a 403 that says why. The sample review has
no author (so nobody here is its author), and its template's draft does not exist: approving
it voids it and sends nothing (302 back to the review). An empty "send back" shows the review
with the error at the comment (200).
"""

from __future__ import annotations

from dashboard.accounts.models import CMAccount
from dashboard.reviews.models import Review, ReviewKind
from tests.dashboard.matrix import ADMIN_ONLY_ACCOUNT, Row, _same

EVERYONE = {
    "admin": _same(200),
    "support": _same(200),
    "marketing": _same(200),
    "outsider": _same(200),
}
BROWSE = {
    "admin": _same(200),
    "support": (200, 404),
    "marketing": (200, 404),
    "outsider": _same(404),
}
BROWSE_REDIRECT = {**BROWSE, "admin": _same(302), "support": (302, 404), "marketing": (302, 404)}
DECIDE = {
    "admin": _same(200),
    "support": (403, 404),
    "marketing": (200, 404),
    "outsider": _same(404),
}
DECIDE_REDIRECT = {**DECIDE, "admin": _same(302), "marketing": (302, 404)}

ROWS: dict[str, Row] = {
    "reviews:board": Row("GET", 302, **EVERYONE),
    "reviews:account_board": Row("GET", 302, **BROWSE),
    "reviews:policy": Row("GET", 302, **ADMIN_ONLY_ACCOUNT),
    "reviews:subscribe": Row("POST", 302, **BROWSE_REDIRECT),
    "reviews:review": Row("GET", 302, **BROWSE),
    "reviews:approve": Row("POST", 302, **DECIDE_REDIRECT),
    "reviews:send_back": Row("POST", 302, **DECIDE),
}

# Ids no template has: the review is about a template whose draft the dashboard does not keep.
SAMPLE_TARGET = "00000000-0000-4000-8000-00000000abcd"
SAMPLE_REQUEST = "00000000-0000-4000-8000-00000000dcba"


def sample_review(account: CMAccount) -> Review:
    """The account's sample review (made on first use: it is the dashboard's own row)."""
    found = Review.objects.filter(account=account, target=SAMPLE_TARGET).first()
    if found is not None:
        return found
    return Review.objects.create(
        account=account,
        kind=ReviewKind.TEMPLATE_VALIDATION,
        target=SAMPLE_TARGET,
        label="Template matrix_sample",
        payload={
            "request_id": SAMPLE_REQUEST,
            "template_id": SAMPLE_TARGET,
            "name": "matrix_sample",
        },
        fingerprint="none",
    )


def samples(account: CMAccount) -> dict[str, str]:
    """A review in the account."""
    return {"review_id": str(sample_review(account).public_id)}
