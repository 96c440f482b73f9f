"""Authentication as CM.com does it: the X-CM-PRODUCTTOKEN header."""

from __future__ import annotations

import requests

TOKEN = "X-CM-PRODUCTTOKEN"


def test_a_request_without_a_token_is_refused_with_401(sandbox):
    answer = requests.get(sandbox.account_url() + "/channels", timeout=5)
    assert answer.status_code == 401
    assert "X-CM-PRODUCTTOKEN" in answer.json()["message"]


def test_a_blank_token_is_refused_with_401(sandbox):
    answer = requests.get(sandbox.account_url() + "/channels", headers={TOKEN: ""}, timeout=5)
    assert answer.status_code == 401


def test_an_unknown_token_is_refused_with_401(sandbox):
    answer = requests.get(
        sandbox.account_url() + "/channels",
        headers={TOKEN: "00000000-0000-0000-0000-000000000000"},
        timeout=5,
    )
    assert answer.status_code == 401
    assert answer.json() == {"message": "The product token is not valid."}


def test_another_accounts_token_is_refused_with_403(sandbox):
    other_account, other_token = sandbox.accounts[1]
    answer = requests.get(
        sandbox.account_url() + "/channels", headers={TOKEN: other_token}, timeout=5
    )
    assert answer.status_code == 403
    assert sandbox.account_id in answer.json()["message"]
    # and the other way round
    answer = requests.get(
        sandbox.account_url(other_account) + "/channels", headers={TOKEN: sandbox.token}, timeout=5
    )
    assert answer.status_code == 403


def test_an_unknown_account_with_a_valid_token_is_403_not_404(sandbox):
    answer = requests.get(
        sandbox.account_url("11111111-2222-4333-8444-555555555555") + "/channels",
        headers={TOKEN: sandbox.token},
        timeout=5,
    )
    assert answer.status_code == 403


def test_each_account_sees_only_its_own_data(sandbox):
    other_account, other_token = sandbox.accounts[1]
    mine = requests.get(
        sandbox.account_url() + "/keywords", headers={TOKEN: sandbox.token}, timeout=5
    ).json()
    theirs = requests.get(
        sandbox.account_url(other_account) + "/keywords", headers={TOKEN: other_token}, timeout=5
    ).json()
    assert mine
    assert theirs
    assert {c["id"] for c in mine}.isdisjoint({c["id"] for c in theirs})


def test_the_token_header_name_is_case_insensitive(sandbox):
    answer = requests.get(
        sandbox.account_url() + "/channels/types",
        headers={"x-cm-producttoken": sandbox.token},
        timeout=5,
    )
    assert answer.status_code == 200


def test_control_endpoints_need_no_token(sandbox):
    assert requests.get(sandbox.root_url + "/_sandbox/health", timeout=5).status_code == 200
