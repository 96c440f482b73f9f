"""Fixtures for the reviews' tests: account A with review required for template validation,
a second marketer granted account A, the studio's helpers, and a template asked for review."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dashboard.accounts.models import CMAccount
from dashboard.people.models import Role, User
from dashboard.reviews.models import Review, ReviewKind, ReviewPolicy
from tests.dashboard.studio.conftest import Studio
from tests.dashboard.studio.conftest import studio as studio
from tests.dashboard_fixtures import make_person

HX = {"HX-Request": "true"}
# spring_sale's English text with its one error fixed (a warning is left: no blocker).
FIXED = "Hi {{1}}, spring is here! Enjoy 20% off everything this week."


@pytest.fixture
def reviewed(account_a: CMAccount) -> CMAccount:
    """Account A requires review before requesting template validation."""
    ReviewPolicy.objects.create(account=account_a, template_validation=True)
    return account_a


@pytest.fixture
def second_marketer(account_a: CMAccount) -> User:
    """Another marketer granted account A (as account_a grants marketing_user)."""
    person = make_person("max", Role.MARKETING, email="max@example.com")
    account_a.users.add(person)
    return person


@pytest.fixture
def second_marketer_client(second_marketer: User) -> Client:
    client = Client()
    client.force_login(second_marketer)
    return client


def validate_calls(studio: Studio, template_id: str) -> list[str]:
    """The POSTs to CM.com that request validation of this template."""
    path = studio.template_path(template_id) + "/validate"
    return [p for m, p in studio.calls("POST") if p == path]


def writes(studio: Studio) -> list[tuple[str, str]]:
    """Every call to CM.com that is not a read."""
    return [(m, p) for m, p in studio.calls() if m != "GET"]


def ask(client: Client, studio: Studio, name: str = "spring_sale", text: str = FIXED) -> Review:
    """The author asks for review of a template (its English text fixed first)."""
    template_id = studio.template_id(name)
    client.post(studio.url("validate", template_id), {"content-english-us": text}, headers=HX)
    return Review.objects.get(kind=ReviewKind.TEMPLATE_VALIDATION, target=template_id)


def review_url(review: Review, action: str = "") -> str:
    from django.urls import reverse

    name = f"reviews:{action}" if action else "reviews:review"
    return reverse(name, args=[review.account.account_id, review.public_id])


@pytest.fixture
def asked(reviewed: CMAccount, marketing_client: Client, studio: Studio) -> Review:
    """marketing_user asked for review of spring_sale; the sandbox log is cleared after."""
    review = ask(marketing_client, studio)
    studio.sandbox.clear_log()
    return review


def body(response: Any) -> str:
    return response.content.decode()
