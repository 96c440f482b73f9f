"""Shared fixtures for the dashboard's tests and its browser suite.

People: ``admin_user``, ``support_user``, ``marketing_user`` and ``outsider`` (a support person
granted no account). Accounts: ``account_a`` and ``account_b``, CMAccount rows pointing at the
``sandbox`` fixture's two accounts (tests/conftest.py); support and marketing are granted
account_a only. Logged-in clients: ``admin_client``, ``support_client``, ``marketing_client``,
``outsider_client``. Import with ``from tests.dashboard_fixtures import *  # noqa: F403``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from dashboard.accounts.models import CMAccount
from dashboard.people.models import Role, User

__all__ = [
    "PASSWORD",
    "account_a",
    "account_b",
    "admin_client",
    "admin_user",
    "clear_cache",
    "fast_password_hashing",
    "logged_in",
    "make_person",
    "marketing_client",
    "marketing_user",
    "outsider",
    "outsider_client",
    "still_clock",
    "support_client",
    "support_user",
]

PASSWORD = "correct-horse-battery-staple"


def make_person(username: str, role: str, **extra: Any) -> User:
    """A person with ``PASSWORD``."""
    person = User(username=username, role=role, **extra)
    person.set_password(PASSWORD)
    person.save()
    return person


def logged_in(person: User) -> Client:
    """A test client logged in as ``person`` (force_login: axes needs a request for login)."""
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Hashing with PBKDF2's full iterations costs ~0.3 s a person; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def clear_cache() -> Any:
    """Each test starts with an empty upstream cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_user(db: Any) -> User:
    return make_person("ada", Role.ADMIN, first_name="Ada", last_name="Admin")


@pytest.fixture
def support_user(db: Any) -> User:
    return make_person("sam", Role.SUPPORT, first_name="Sam", last_name="Support")


@pytest.fixture
def marketing_user(db: Any) -> User:
    return make_person("mia", Role.MARKETING, first_name="Mia", last_name="Marketing")


@pytest.fixture
def outsider(db: Any) -> User:
    """A support person granted no account."""
    return make_person("otto", Role.SUPPORT)


def _sandbox_account(sandbox: Any, index: int) -> tuple[str, str]:
    """(account id, token) of the sandbox's ``index``-th account."""
    account_id, token = sandbox.accounts[index]
    return str(account_id), str(token)


@pytest.fixture
def account_a(sandbox: Any, support_user: User, marketing_user: User) -> CMAccount:
    """The sandbox's demo account; granted to support and marketing."""
    account_id, token = _sandbox_account(sandbox, 0)
    account = CMAccount(name="Account A", account_id=account_id, base_url=sandbox.base_url)
    account.set_token(token)
    account.save()
    account.users.add(support_user, marketing_user)
    return account


@pytest.fixture
def account_b(sandbox: Any) -> CMAccount:
    """The sandbox's second account; granted to nobody (admins see it)."""
    account_id, token = _sandbox_account(sandbox, 1)
    account = CMAccount(name="Account B", account_id=account_id, base_url=sandbox.base_url)
    account.set_token(token)
    account.save()
    return account


@pytest.fixture
def admin_client(admin_user: User) -> Client:
    return logged_in(admin_user)


@pytest.fixture
def support_client(support_user: User) -> Client:
    return logged_in(support_user)


@pytest.fixture
def marketing_client(marketing_user: User) -> Client:
    return logged_in(marketing_user)


@pytest.fixture
def outsider_client(outsider: User) -> Client:
    return logged_in(outsider)


@pytest.fixture
def still_clock(time_machine: Any) -> Any:
    """The clock stopped at the test's start, on whatever day the run is on: for a test that
    reads a wait in whole seconds ("wait 30 more seconds"), which a slow request would move."""
    time_machine.move_to(datetime.now(UTC), tick=False)
    return time_machine
