"""``manage.py add_account`` adds or updates an account from a script and prints no token."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import CommandError, call_command

from dashboard.accounts.models import DEFAULT_BASE_URL, CMAccount
from dashboard.audit.models import AuditEntry

TOKEN = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"


def _run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("add_account", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_add_account_adds_an_account_with_the_default_base_url():
    account_id = str(uuid.uuid4())
    out = _run("--name", "Acme", "--account-id", account_id, "--token", TOKEN)
    account = CMAccount.objects.get(account_id=account_id)
    assert account.base_url == DEFAULT_BASE_URL
    assert account.token.reveal() == TOKEN
    assert "Added account 'Acme'" in out
    assert TOKEN not in out
    assert TOKEN[-4:] in out


@pytest.mark.django_db
def test_add_account_updates_the_account_with_that_id():
    account_id = str(uuid.uuid4())
    _run("--name", "Acme", "--account-id", account_id, "--token", TOKEN)
    out = _run(
        "--name",
        "Acme 2",
        "--account-id",
        account_id,
        "--token",
        "new-token-0000",
        "--base-url",
        "http://127.0.0.1:8765/channels/v1/",
    )
    account = CMAccount.objects.get()
    assert (account.name, account.base_url) == ("Acme 2", "http://127.0.0.1:8765/channels/v1")
    assert account.token.reveal() == "new-token-0000"
    assert "Updated account" in out
    assert [e.action for e in AuditEntry.objects.order_by("id")] == [
        "account.create",
        "account.update",
    ]


@pytest.mark.django_db
def test_add_account_refuses_an_id_that_is_not_a_uuid():
    with pytest.raises(CommandError, match="--account-id: not a uuid"):
        _run("--name", "Acme", "--account-id", "nope", "--token", TOKEN)


@pytest.mark.django_db
def test_add_account_refuses_a_bad_base_url_without_echoing_the_token():
    with pytest.raises(CommandError) as caught:
        _run(
            "--name",
            "A",
            "--account-id",
            str(uuid.uuid4()),
            "--token",
            TOKEN,
            "--base-url",
            "not a url",
        )
    assert TOKEN not in str(caught.value)
    assert not CMAccount.objects.exists()
