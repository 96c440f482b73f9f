"""``manage.py seed_demo`` creates the demo people and the sandbox account, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from dashboard.accounts.models import CMAccount
from dashboard.people.models import User


@pytest.mark.django_db
def test_seed_demo_creates_people_and_the_demo_account_and_prints_the_logins(rf):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())  # a second run changes nothing
    assert sorted(User.objects.values_list("username", "role")) == [
        ("admin", "admin"),
        ("marketing", "marketing"),
        ("support", "support"),
    ]
    account = CMAccount.objects.get()
    assert str(account.account_id) == "8d5c1a6e-3b1f-4c2a-9e57-2f6b1d0c9a11"
    assert account.base_url == "http://127.0.0.1:8765/channels/v1"
    assert sorted(u.username for u in account.users.all()) == ["marketing", "support"]
    for name in ("admin", "support", "marketing"):
        assert authenticate(rf.post("/login/"), username=name, password=f"{name}-demo")
        assert f"{name} / {name}-demo" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_takes_another_base_url_and_account():
    call_command(
        "seed_demo",
        "--base-url",
        "http://127.0.0.1:9999/channels/v1",
        "--account-id",
        "5b0a3c1d-7e2f-4a9b-8c6d-1e2f3a4b5c6d",
        "--token",
        "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a",
        stdout=StringIO(),
    )
    account = CMAccount.objects.get()
    assert account.base_url == "http://127.0.0.1:9999/channels/v1"
    assert account.token.reveal() == "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a"
