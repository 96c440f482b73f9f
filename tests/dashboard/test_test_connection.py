""" "Test connection" says in words which of these it is: working, token refused (for this
account), account not found, API unreachable. Against the sandbox."""

from __future__ import annotations

import logging
import socket
import uuid

import pytest

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AuditEntry
from dashboard.manage.accounts.services import account_test_connection


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _check(admin_user, account):
    return account_test_connection(actor=admin_user, account=account)


def test_a_good_account_and_token_is_working(admin_user, account_a):
    check = _check(admin_user, account_a)
    assert (check.outcome, check.label) == ("working", "Working")


def test_a_wrong_token_is_refused_and_shows_in_no_log_line(admin_user, account_a, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = "00000000-dead-beef-0000-000000000000"
    account_a.set_token(wrong)
    account_a.save()
    check = _check(admin_user, account_a)
    assert (check.outcome, check.label, check.status) == ("token_refused", "Token refused", 401)
    assert wrong not in caplog.text
    assert wrong not in f"{check.detail} {check.label}"


def test_another_accounts_token_is_refused_for_this_account(admin_user, account_a, account_b):
    account_a.set_token(account_b.token.reveal())
    account_a.save()
    check = _check(admin_user, account_a)
    assert check.outcome == "token_refused_for_account"
    assert check.label == "Token refused for this account"
    assert check.status == 403


def test_an_unknown_account_id_is_refused_for_this_account(admin_user, account_a, sandbox):
    # The sandbox (like CM.com) answers 403 to a known token on an account id it does not own.
    account_a.account_id = uuid.uuid4()
    account_a.save()
    check = _check(admin_user, account_a)
    assert check.outcome == "token_refused_for_account"
    assert "check that the id is right" in check.detail


def test_an_account_cm_com_does_not_know_is_not_found(admin_user, account_a, sandbox):
    sandbox.fault("GET", f"/channels/v1/accounts/{account_a.account_id}/*", status=404)
    check = _check(admin_user, account_a)
    assert (check.outcome, check.label, check.status) == (
        "account_not_found",
        "Account not found",
        404,
    )


def test_a_closed_port_is_unreachable(admin_user, db):
    account = CMAccount(
        name="Nowhere",
        account_id=uuid.uuid4(),
        base_url=f"http://127.0.0.1:{_closed_port()}/channels/v1",
    )
    account.set_token("1234-5678")
    account.save()
    check = _check(admin_user, account)
    assert (check.outcome, check.label) == ("unreachable", "API unreachable")


def test_the_check_makes_one_cheap_call(admin_user, account_a, sandbox):
    _check(admin_user, account_a)
    calls = sandbox.log()
    assert len(calls) == 1
    assert calls[0]["method"] == "GET"


def test_each_check_is_in_the_audit_trail_without_the_token(admin_user, account_a):
    _check(admin_user, account_a)
    entry = AuditEntry.objects.get(action="account.test_connection")
    assert entry.outcome == "ok"
    assert entry.upstream_status == 200
    assert account_a.token.reveal() not in str(entry.__dict__)


def test_the_button_posts_with_htmx_and_gets_the_result_badge(admin_client, account_a):
    response = admin_client.post(
        f"/manage/accounts/{account_a.account_id}/test/", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith(f'<span id="check-{account_a.account_id}"')
    assert "Working" in body
    assert "<html" not in body


def test_without_htmx_the_button_redirects_and_says_it_in_a_message(admin_client, account_a):
    response = admin_client.post(f"/manage/accounts/{account_a.account_id}/test/", follow=True)
    assert response.redirect_chain == [("/manage/accounts/", 302)]
    assert "Account A: Working." in response.content.decode()


@pytest.mark.parametrize("who", ["support_client", "marketing_client"])
def test_only_admins_may_test_a_connection(who, request, account_a):
    client = request.getfixturevalue(who)
    assert client.post(f"/manage/accounts/{account_a.account_id}/test/").status_code == 403
