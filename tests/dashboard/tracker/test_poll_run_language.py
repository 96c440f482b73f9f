"""A poll run's message is read in the reader's language (issue 18): the poller words it on a
worker, in English, so the run keeps the sentence's key and parts (``PollRun.message_parts``)
and ``display_message`` says it in the language active when it is read. No page shows a run's
message yet; whatever shows it later reads ``display_message``."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone, translation

from dashboard.accounts.models import CMAccount
from dashboard.tracker import services
from dashboard.tracker.lock import AccountLock
from dashboard.tracker.models import PollOutcome, PollRun

pytestmark = pytest.mark.django_db


def _in(language: str, run: PollRun) -> str:
    with translation.override(language):
        return PollRun.objects.get(pk=run.pk).display_message


def test_a_run_broken_by_a_refused_token_in_english_says_why_in_dutch(
    account_a: CMAccount, sandbox: Any
) -> None:
    account_a.set_token("00000000-0000-4000-8000-000000000000")
    account_a.save()
    with translation.override("en"):
        run = services.account_poll(account=account_a, run_key="beat:1")

    assert run.outcome == PollOutcome.BROKEN
    assert run.message == (
        "CM.com refused this account's product token — an admin should update it."
    )
    assert _in("nl", run) == (
        "CM.com weigerde het producttoken van dit account — een beheerder moet het bijwerken."
    )


def test_a_run_skipped_for_another_poll_in_english_says_so_in_dutch(
    account_a: CMAccount, sandbox: Any
) -> None:
    assert AccountLock(account_a, owner="beat:1").acquire()
    with translation.override("en"):
        run = services.account_poll(account=account_a, run_key="beat:2")

    assert run.outcome == PollOutcome.SKIPPED
    assert run.message == "Another poll of this account was running."
    assert _in("nl", run) == "Er liep al een andere peiling van dit account."


def test_a_run_stored_before_parts_shows_its_message_as_stored(
    account_a: CMAccount, sandbox: Any
) -> None:
    run = PollRun.objects.create(
        account=account_a,
        run_key="beat:1",
        started_at=timezone.now(),
        outcome=PollOutcome.FAILED,
        message="Written by an older version.",
    )

    assert _in("nl", run) == "Written by an older version."


def test_a_run_cut_off_before_an_english_poll_says_so_in_dutch(
    account_a: CMAccount, sandbox: Any
) -> None:
    cut_off = PollRun.objects.create(account=account_a, run_key="beat:1", started_at=timezone.now())
    with translation.override("en"):
        services.account_poll(account=account_a, run_key="beat:2")

    cut_off.refresh_from_db()
    assert cut_off.message.startswith("This poll was cut off before it finished")
    assert _in("nl", cut_off).startswith("Deze peiling werd afgebroken voordat ze klaar was")
