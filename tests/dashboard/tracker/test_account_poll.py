"""One poll of one account (``services.account_poll``) against the sandbox: what it records,
what it costs upstream (counted in the sandbox log), details only for what changed, and how
it fails."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.utils import timezone

from channels_api import errors
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.tracker import selectors, services
from dashboard.tracker.lock import AccountLock
from dashboard.tracker.models import AccountHealth, PollOutcome, PollRun, TrackedItem
from dashboard.tracker.statuses import Kind


def paths(sandbox: Any, account: CMAccount) -> list[str]:
    """The requests of the log, as paths after the account (``channels/requests?skip=0``)."""
    prefix = f"/channels/v1/accounts/{account.account_id}/"
    return [
        entry["path"].removeprefix(prefix) + (f"?{entry['query']}" if entry["query"] else "")
        for entry in sandbox.log()
    ]


def statuses(account: CMAccount, kind: str) -> Counter[str]:
    return Counter(
        TrackedItem.objects.filter(account=account, kind=kind).values_list("status", flat=True)
    )


def test_a_first_poll_records_what_is_pending_walking_each_list_once(
    account_a: CMAccount, sandbox: Any
) -> None:
    run = services.account_poll(account=account_a, run_key="manual:1")

    # 8 for the tracker, and the account's numbers and keyword claims for search (cached).
    assert (run.outcome, run.upstream_calls) == (PollOutcome.OK, 10)
    made = paths(sandbox, account_a)
    assert len(made) == 10
    assert "phonenumbers?isOwned=true&skip=0&take=500" in made
    assert "keywords?skip=0&take=500" in made
    assert made[0] == "channels/requests?skip=0&take=500"
    assert "phonenumbers/requests?skip=0&take=500" in made
    assert sum(path.endswith("/templates?skip=0&take=500") for path in made) == 1
    assert sum(path.endswith("/profiles?skip=0&take=500") for path in made) == 1
    assert statuses(account_a, Kind.CHANNEL_REQUEST) == {"action_required": 1, "pending": 1}
    assert statuses(account_a, Kind.NUMBER_REQUEST) == {"pending": 3}
    assert statuses(account_a, Kind.BUSINESS_ACCOUNT) == {"pending": 1}
    assert statuses(account_a, Kind.PROFILE) == {
        "otp_not_sent": 1,
        "otp_sent": 1,
        "otp_processed": 1,
    }
    assert statuses(account_a, Kind.TEMPLATE)["validation_requested"] == 5
    assert statuses(account_a, Kind.TEMPLATE)["pending"] == 1  # in WhatsApp's review
    assert not TrackedItem.objects.filter(status__in=["approved", "fulfilled"]).exists()


def test_the_pending_whatsapp_request_says_action_required_from_its_channel(
    account_a: CMAccount, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")

    request = TrackedItem.objects.get(account=account_a, status="action_required")
    assert request.display_label == "WhatsApp channel request"
    assert request.detail.startswith("Stage Documents, ")
    assert request.detail.endswith("next: Upload documents.")
    assert request.meta["channel_id"]
    assert any(path.endswith("/configuration") for path in paths(sandbox, account_a))


def test_a_repeat_poll_reads_only_the_lists(account_a: CMAccount, sandbox: Any) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    sandbox.clear_log()

    run = services.account_poll(account=account_a, run_key="manual:2")

    # Channel types are cached for an hour and the request's channel is remembered.
    made = paths(sandbox, account_a)
    assert run.upstream_calls == len(made) == 6
    assert "channels/types?skip=0&take=500" not in made
    assert "channels" not in made
    assert run.changes == 0


def test_what_finished_is_recorded_with_its_detail_fetched_once(
    account_a: CMAccount, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    sandbox.advance(120)  # everything pending at CM.com is done
    sandbox.clear_log()

    run = services.account_poll(account=account_a, run_key="manual:2")

    made = paths(sandbox, account_a)
    # One detail per channel request that left pending and per number that was assigned.
    assert sum(path.startswith("channels/requests/") for path in made) == 2
    assert sum(path.startswith("phonenumbers/") and "requests" not in path for path in made) == 3
    assert statuses(account_a, Kind.CHANNEL_REQUEST) == {"fulfilled": 2}
    number = TrackedItem.objects.filter(account=account_a, kind=Kind.NUMBER_REQUEST).first()
    assert number is not None
    assert number.detail.startswith("Number 00")
    rejected = TrackedItem.objects.get(account=account_a, label="loyalty_points · English (US)")
    assert rejected.status == "rejected"
    assert "may not start with a placeholder" in rejected.detail
    assert run.changes == 2 + 3 + 1 + 1 + 6  # requests, numbers, business, profile, templates

    sandbox.clear_log()
    services.account_poll(account=account_a, run_key="manual:3")
    assert not any(path.startswith("channels/requests/") for path in paths(sandbox, account_a))


def test_a_poll_that_saw_changes_makes_pages_read_cm_com_afresh(
    account_a: CMAccount, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    cached = upstream.cache_key(account_a, "templates.any")
    services.account_poll(account=account_a, run_key="manual:2")  # nothing changed
    assert upstream.cache_key(account_a, "templates.any") == cached
    sandbox.advance(120)

    services.account_poll(account=account_a, run_key="manual:3")

    assert upstream.cache_key(account_a, "templates.any") != cached


def test_long_lists_are_walked_in_bounded_pages(
    account_a: CMAccount, sandbox: Any, settings: Any
) -> None:
    settings.TRACKER_PAGE_SIZE = 10

    services.account_poll(account=account_a, run_key="manual:1")

    templates = [path for path in paths(sandbox, account_a) if "/templates" in path]
    assert [path.split("?")[1] for path in templates] == [
        "skip=0&take=10",
        "skip=10&take=10",
        "skip=20&take=10",
        "skip=30&take=10",
    ]


def test_a_refused_token_marks_the_connection_broken(account_a: CMAccount, sandbox: Any) -> None:
    account_a.set_token("00000000-0000-4000-8000-000000000000")
    account_a.save()

    run = services.account_poll(account=account_a, run_key="manual:1")

    assert run.outcome == PollOutcome.BROKEN
    health = AccountHealth.objects.get(account=account_a)
    assert health.broken_reason.startswith("CM.com refused this account's product token")
    assert selectors.accounts_to_poll() == []
    assert "00000000-0000-4000-8000-000000000000" not in health.broken_reason + run.message


def test_a_poll_that_works_again_clears_the_broken_mark(account_a: CMAccount, sandbox: Any) -> None:
    AccountHealth.objects.create(
        account=account_a,
        broken_reason="CM.com refused this account's product token.",
        broken_version=selectors.connection_version(account_a),
    )
    assert selectors.accounts_to_poll() == []

    services.account_poll(account=account_a, run_key="manual:1")  # "Poll now" still tries

    assert AccountHealth.objects.get(account=account_a).broken_reason == ""
    assert selectors.accounts_to_poll() == [account_a]


def test_an_upstream_failure_is_recorded_in_words_and_raised_for_a_retry(
    account_a: CMAccount, sandbox: Any
) -> None:
    sandbox.fault("GET", f"/channels/v1/accounts/{account_a.account_id}/*", count=50, status=503)

    with pytest.raises(errors.UpstreamError):
        services.account_poll(account=account_a, run_key="beat:7")

    run = PollRun.objects.get(account=account_a, run_key="beat:7")
    assert run.outcome == PollOutcome.FAILED
    assert run.message == "CM.com failed on its side (status 503) — try again in a few minutes."
    assert AccountHealth.objects.get(account=account_a).last_failure == run.message
    assert not TrackedItem.objects.exists()

    sandbox.clear_faults()
    retried = services.account_poll(account=account_a, run_key="beat:7")
    assert (retried.pk, retried.outcome, retried.attempts) == (run.pk, PollOutcome.OK, 2)


def test_a_poll_that_finds_the_account_locked_is_skipped_without_calling_upstream(
    account_a: CMAccount, sandbox: Any
) -> None:
    holder = AccountLock(account_a)
    assert holder.acquire()
    try:
        run = services.account_poll(account=account_a, run_key="manual:1")
    finally:
        holder.release()

    assert run.outcome == PollOutcome.SKIPPED
    assert sandbox.log() == []


def test_an_account_without_a_token_is_marked_broken_without_a_call(
    account_a: CMAccount, sandbox: Any
) -> None:
    CMAccount.objects.filter(pk=account_a.pk).update(token="")
    account_a.refresh_from_db()

    run = services.account_poll(account=account_a, run_key="manual:1")

    assert run.outcome == PollOutcome.BROKEN
    assert run.message == "This account has no product token — an admin should set one."
    assert sandbox.log() == []


def test_a_run_left_running_by_a_poll_that_was_cut_off_is_recorded_failed_by_the_next_poll(
    account_a: CMAccount, sandbox: Any
) -> None:
    """A worker killed, or a database restart that outlasted the retries, leaves its run
    RUNNING; the account's next poll holds the lock, so it knows that run is over."""
    cut_off = PollRun.objects.create(account=account_a, run_key="beat:6", started_at=timezone.now())

    run = services.account_poll(account=account_a, run_key="beat:7")

    cut_off.refresh_from_db()
    assert run.outcome == PollOutcome.OK
    assert cut_off.outcome == PollOutcome.FAILED
    assert cut_off.message == services.CUT_OFF_MESSAGE
    assert cut_off.finished_at is not None
