"""The account pages: list, add and edit, with a write-only product token that never shows."""

from __future__ import annotations

import logging
import uuid

import pytest

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AuditEntry
from tests.dashboard_fixtures import PASSWORD

NEW_TOKEN = "5f4e3d2c-1b0a-4987-8654-3210fedcba98"


def _form(**changes):
    data = {
        "name": "Acme",
        "account_id": str(uuid.uuid4()),
        "token": NEW_TOKEN,
        "base_url": "http://127.0.0.1:9/channels/v1",
    }
    data.update(changes)
    return data


def _granted(account):
    return [user.pk for user in account.users.all()]


def test_the_list_shows_each_token_as_set_with_its_last_four(admin_client, account_a):
    body = admin_client.get("/manage/accounts/").content.decode()
    assert f"set · ends in {account_a.token_last4} · set on" in body
    assert account_a.token.reveal() not in body


def test_adding_an_account_encrypts_the_token_and_audits_without_it(admin_client, db, caplog):
    caplog.set_level(logging.DEBUG)
    data = _form()
    response = admin_client.post("/manage/accounts/add/", data, follow=True)
    assert response.redirect_chain == [("/manage/accounts/", 302)]
    account = CMAccount.objects.get(account_id=data["account_id"])
    assert account.token.reveal() == NEW_TOKEN
    assert account.token_last4 == NEW_TOKEN[-4:]
    entry = AuditEntry.objects.get(action="account.create")
    assert entry.sent["token"] == "********"
    assert NEW_TOKEN not in str(entry.sent) + entry.message
    assert NEW_TOKEN not in response.content.decode()
    assert NEW_TOKEN not in caplog.text


def test_adding_needs_a_token(admin_client, db):
    response = admin_client.post("/manage/accounts/add/", _form(token=""))
    assert response.status_code == 200
    assert not CMAccount.objects.exists()
    assert "This field is required." in response.content.decode()


def test_a_second_account_with_the_same_id_is_refused(admin_client, account_a):
    response = admin_client.post(
        "/manage/accounts/add/", _form(account_id=str(account_a.account_id))
    )
    assert "Another account already has this CM account id." in response.content.decode()


def test_the_edit_form_never_prefills_the_token(admin_client, account_a):
    body = admin_client.get(f"/manage/accounts/{account_a.account_id}/").content.decode()
    assert account_a.token.reveal() not in body
    assert 'name="token"' in body
    assert f"ends in {account_a.token_last4}" in body


def test_a_blank_token_on_edit_keeps_the_current_one(admin_client, account_a):
    before = account_a.token.reveal()
    admin_client.post(
        f"/manage/accounts/{account_a.account_id}/",
        _form(
            name="Renamed",
            account_id=str(account_a.account_id),
            token="",
            base_url=account_a.base_url,
            users=_granted(account_a),
        ),
    )
    account_a.refresh_from_db()
    assert account_a.name == "Renamed"
    assert account_a.token.reveal() == before
    entry = AuditEntry.objects.get(action="account.update")
    assert entry.sent == {"name": "Renamed"}


def test_a_new_token_on_edit_replaces_it_and_the_audit_says_only_replaced(admin_client, account_a):
    admin_client.post(
        f"/manage/accounts/{account_a.account_id}/",
        _form(
            name=account_a.name,
            account_id=str(account_a.account_id),
            base_url=account_a.base_url,
            users=_granted(account_a),
            current_password=PASSWORD,
        ),
    )
    account_a.refresh_from_db()
    assert account_a.token.reveal() == NEW_TOKEN
    entry = AuditEntry.objects.get(action="account.update")
    assert entry.sent == {"token": "********"}


def test_granting_people_on_the_account_form(admin_client, account_b, support_user):
    admin_client.post(
        f"/manage/accounts/{account_b.account_id}/",
        _form(
            name=account_b.name,
            account_id=str(account_b.account_id),
            token="",
            base_url=account_b.base_url,
            users=[support_user.pk],
        ),
    )
    assert list(account_b.users.all()) == [support_user]


def test_no_account_page_nor_audit_row_contains_a_raw_token(admin_client, account_a, account_b):
    tokens = [account_a.token.reveal(), account_b.token.reveal()]
    admin_client.post(f"/manage/accounts/{account_a.account_id}/test/")
    admin_client.post(
        f"/manage/accounts/{account_b.account_id}/",
        _form(
            name="B2", account_id=str(account_b.account_id), token="", base_url=account_b.base_url
        ),
    )
    urls = [
        "/manage/accounts/",
        "/manage/accounts/add/",
        f"/manage/accounts/{account_a.account_id}/",
        f"/manage/accounts/{account_b.account_id}/",
        f"/a/{account_a.account_id}/",
        f"/a/{account_b.account_id}/",
        "/manage/audit/",
    ]
    for url in urls:
        body = admin_client.get(url).content.decode()
        for token in tokens:
            assert token not in body, url
    for entry in AuditEntry.objects.all():
        text = f"{entry.sent} {entry.message} {entry.target}"
        for token in tokens:
            assert token not in text


@pytest.mark.parametrize("who", ["support_client", "marketing_client"])
def test_only_admins_reach_the_account_pages(who, request, account_a):
    client = request.getfixturevalue(who)
    assert client.get("/manage/accounts/").status_code == 403
    assert client.post("/manage/accounts/add/", _form()).status_code == 403
    assert not CMAccount.objects.filter(name="Acme").exists()
