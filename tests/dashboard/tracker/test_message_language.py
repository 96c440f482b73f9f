"""Why polling an account failed is read in the reader's language (issue 18): the poller runs
on a worker, in English, so the account's health keeps the sentence's key and parts, and the
board and the banner on the account's pages say it in the language of the person reading."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from channels_api import errors
from dashboard.accounts.models import CMAccount
from dashboard.people.models import User
from dashboard.tracker import selectors, services
from dashboard.tracker.models import AccountHealth
from tests.dashboard.security.faults import plain, text_of

pytestmark = pytest.mark.django_db

TOKEN_REFUSED_NL = (
    "CM.com weigerde het producttoken van dit account — een beheerder moet het bijwerken."
)


def _board(account: CMAccount) -> str:
    return reverse("tracker:account_board", args=[account.account_id])


def _in_dutch(person: User) -> User:
    person.language = "nl"
    person.save(update_fields=["language"])
    return person


def _refused_in_english(account: CMAccount) -> None:
    account.set_token("00000000-0000-4000-8000-000000000000")
    account.save()
    with translation.override("en"):
        services.account_poll(account=account, run_key="manual:test")


def test_a_dutch_reader_sees_on_the_board_why_an_english_poll_broke_in_dutch(
    support_client: Client, support_user: User, account_a: CMAccount, sandbox: Any
) -> None:
    _refused_in_english(account_a)
    _in_dutch(support_user)

    page = plain(text_of(support_client.get(_board(account_a))))

    assert TOKEN_REFUSED_NL in page
    assert "refused this account" not in page


def test_the_banner_on_the_accounts_pages_says_it_in_the_readers_language(
    account_a: CMAccount, sandbox: Any
) -> None:
    _refused_in_english(account_a)

    # The banner's own read (two columns and the parts, no model built).
    with translation.override("nl"):
        banner = selectors.broken_reason_of(account_a)
    with translation.override("en"):
        english = selectors.broken_reason_of(account_a)

    assert banner == TOKEN_REFUSED_NL
    assert english == "CM.com refused this account's product token — an admin should update it."


def test_a_dutch_reader_sees_the_last_failure_of_an_english_poll_in_dutch(
    support_client: Client, support_user: User, account_a: CMAccount, sandbox: Any
) -> None:
    sandbox.fault("GET", f"/channels/v1/accounts/{account_a.account_id}/*", count=50, status=503)
    with translation.override("en"), pytest.raises(errors.UpstreamError):
        services.account_poll(account=account_a, run_key="beat:7")
    _in_dutch(support_user)

    page = plain(text_of(support_client.get(_board(account_a))))

    assert "CM.com faalde aan zijn kant (status 503)" in page
    assert "failed on its side" not in page


def test_an_account_without_a_token_reads_why_in_dutch(
    support_client: Client, support_user: User, account_a: CMAccount, sandbox: Any
) -> None:
    CMAccount.objects.filter(pk=account_a.pk).update(token="")
    account_a.refresh_from_db()
    with translation.override("en"):
        services.account_poll(account=account_a, run_key="manual:1")
    _in_dutch(support_user)

    page = plain(text_of(support_client.get(_board(account_a))))

    assert "no product token" not in page
    with translation.override("nl"):
        said = AccountHealth.objects.get(account=account_a).display_broken_reason
    assert said in page
    assert said != AccountHealth.objects.get(account=account_a).broken_reason


def test_a_reason_stored_before_parts_is_shown_as_stored(
    support_client: Client, support_user: User, account_a: CMAccount, sandbox: Any
) -> None:
    AccountHealth.objects.create(
        account=account_a,
        broken_reason="Written by an older version.",
        broken_version=selectors.connection_version(account_a),
    )
    _in_dutch(support_user)

    page = plain(text_of(support_client.get(_board(account_a))))

    assert "Written by an older version." in page
