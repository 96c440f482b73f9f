"""Product tokens are encrypted at rest, rotate with the keys, and never show."""

from __future__ import annotations

import logging
import uuid

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from dashboard.accounts import crypto
from dashboard.accounts.fields import SecretToken
from dashboard.accounts.models import CMAccount

RAW = "7f3e9a2b-1c4d-4e5f-8a9b-0c1d2e3f4a5b"


def _account(token: str = RAW) -> CMAccount:
    account = CMAccount(name="Acme", account_id=uuid.uuid4(), base_url="http://127.0.0.1:9/v1")
    account.set_token(token)
    account.save()
    return account


def _stored(account: CMAccount) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM accounts_cmaccount WHERE id = %s", [account.pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_database_holds_ciphertext_not_the_token():
    account = _account()
    stored = _stored(account)
    assert RAW not in stored
    assert crypto.decrypt(stored) == RAW


@pytest.mark.django_db
def test_a_loaded_token_reveals_the_plain_text_only_on_request():
    account = CMAccount.objects.get(pk=_account().pk)
    assert isinstance(account.token, SecretToken)
    assert account.token.reveal() == RAW
    assert account.token_last4 == RAW[-4:]
    assert account.token_set_at is not None


@pytest.mark.django_db
def test_the_token_is_in_no_repr_str_or_log_line(caplog):
    caplog.set_level(logging.DEBUG)
    account = CMAccount.objects.get(pk=_account().pk)
    logging.getLogger("test").info("account %r token %s %r", account, account.token, account.token)
    for text in (repr(account), str(account), repr(account.token), str(account.token), caplog.text):
        assert RAW not in text


@pytest.mark.django_db
def test_assigning_a_plain_string_encrypts_it_on_save():
    account = _account()
    account.token = "plain-token-value-9999"
    account.save()
    assert "plain-token-value-9999" not in _stored(account)
    assert CMAccount.objects.get(pk=account.pk).token.reveal() == "plain-token-value-9999"


@pytest.mark.django_db
def test_rotation_re_encrypts_with_the_new_first_key_and_old_keys_can_then_go(settings):
    old = settings.TOKEN_ENCRYPTION_KEYS[0]
    account = _account()
    before = _stored(account)
    new = Fernet.generate_key().decode()
    with override_settings(TOKEN_ENCRYPTION_KEYS=[new, old]):
        # Still readable with the old key second, before rotating.
        assert CMAccount.objects.get(pk=account.pk).token.reveal() == RAW
        call_command("rotate_token_keys")
        after = _stored(account)
    assert after != before
    with override_settings(TOKEN_ENCRYPTION_KEYS=[new]):
        assert CMAccount.objects.get(pk=account.pk).token.reveal() == RAW


@pytest.mark.django_db
def test_a_token_no_key_can_read_raises_an_error_that_holds_no_secret():
    account = _account()
    with (
        override_settings(TOKEN_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]),
        pytest.raises(crypto.TokenDecryptionError) as caught,
    ):
        CMAccount.objects.get(pk=account.pk).token.reveal()
    assert RAW not in str(caught.value)


@pytest.mark.django_db
def test_dumpdata_gives_the_ciphertext_only(capsys):
    _account()
    call_command("dumpdata", "accounts.cmaccount")
    out = capsys.readouterr().out
    assert RAW not in out
    assert "gAAAA" in out  # a Fernet token
