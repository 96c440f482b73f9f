""" "Poll now" (POST /a/<uuid>/pending/poll/): polls one account, at most once a minute,
audited; the htmx answer is the account's panel and tells the board to refresh."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client
from django.urls import reverse

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AuditEntry
from dashboard.tracker.models import PollOutcome, PollRun, TrackedItem


def poll_url(account: CMAccount) -> str:
    return reverse("tracker:poll_now", args=[account.account_id])


def board_url(account: CMAccount) -> str:
    return reverse("tracker:account_board", args=[account.account_id])


def test_poll_now_polls_the_account_and_the_board_shows_what_is_pending(
    support_client: Client,
    support_user: Any,
    account_a: CMAccount,
    sandbox: Any,
    eager_celery: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = support_client.post(poll_url(account_a))

    assert response.status_code == 302
    assert response.headers["Location"] == board_url(account_a)
    assert PollRun.objects.get(account=account_a).outcome == PollOutcome.OK
    entry = AuditEntry.objects.get(action="tracker.poll_now")
    assert (entry.actor, entry.account) == (support_user, account_a)
    page = support_client.get(board_url(account_a)).content.decode()
    assert "Polling Account A now" in page  # the message, on the next page
    assert "A Dutch mobile number (NL)" in page
    assert TrackedItem.objects.filter(account=account_a).exists()


def test_poll_now_twice_within_a_minute_says_when_to_try_again(
    support_client: Client,
    account_a: CMAccount,
    sandbox: Any,
    eager_celery: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        support_client.post(poll_url(account_a))
        second = support_client.post(poll_url(account_a), headers={"HX-Request": "true"})

    assert second.status_code == 200
    text = second.content.decode()
    assert "was polled by hand less than a minute ago — try again at " in text
    assert PollRun.objects.filter(account=account_a).count() == 1
    assert AuditEntry.objects.filter(action="tracker.poll_now").count() == 1
    assert "tracker-changed" not in second.headers.get("HX-Trigger", "")


def test_htmx_poll_now_answers_with_the_panel_and_refreshes_the_board(
    admin_client: Client,
    account_b: CMAccount,
    sandbox: Any,
    eager_celery: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            poll_url(account_b),
            {"next": reverse("tracker:board")},
            headers={"HX-Request": "true"},
        )

    fragment = response.content.decode()
    assert fragment.lstrip().startswith(f'<li id="poll-{account_b.account_id}"')
    assert "Polling Account B now" in response.headers["HX-Trigger"]  # a toast
    assert f'name="next" value="{reverse("tracker:board")}"' in fragment
    assert "tracker-changed" in json.loads(response.headers["HX-Trigger"])


def test_poll_now_goes_back_only_to_this_site(
    support_client: Client,
    account_a: CMAccount,
    sandbox: Any,
    eager_celery: None,
) -> None:
    response = support_client.post(poll_url(account_a), {"next": "https://evil.example/"})

    assert response.headers["Location"] == board_url(account_a)


def test_poll_now_on_an_account_not_granted_is_404_and_polls_nothing(
    marketing_client: Client, account_b: CMAccount, sandbox: Any, eager_celery: None
) -> None:
    assert marketing_client.post(poll_url(account_b)).status_code == 404
    assert not PollRun.objects.exists()
    assert not AuditEntry.objects.exists()
