"""The poll tasks on a real Celery worker and the real Redis (broker and lock), against the
sandbox: the four tests of the issue, and a refused token that marks the account broken."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core import mail
from django.forms.models import model_to_dict

from channels_api.pagination import fetch_all
from dashboard.accounts.models import CMAccount
from dashboard.core import selectors as core_selectors
from dashboard.people.models import User
from dashboard.tracker import selectors, services
from dashboard.tracker.models import (
    AccountHealth,
    Notification,
    PollOutcome,
    PollRun,
    StatusChange,
    Subscription,
    TrackedItem,
)
from dashboard.tracker.statuses import Kind
from dashboard.tracker.tasks import poll_account, poll_all
from dashboard.upstream import client_for
from tests.dashboard.tracker.conftest import Finished, wait_until

pytestmark = pytest.mark.celery

CONTENT = "Your order has shipped. Thank you for shopping with us."


def submit_template(account: CMAccount, name: str) -> str:
    """Create a one-language template in the account's live WhatsApp request and submit it
    for validation, as the studio would; returns the template id."""
    with client_for(account) as client:
        requests = fetch_all(client.channels.list_requests)
        types = fetch_all(client.channels.list_types)
        whatsapp = core_selectors.whatsapp_channel_request(requests, types)
        assert whatsapp is not None
        assert whatsapp.id
        category = client.templates.list_categories(whatsapp.id)[0]
        template = client.templates.create(whatsapp.id, name=name, category_id=str(category.id))
        client.templates.update(whatsapp.id, str(template.id), contents={"English (US)": CONTENT})
        client.templates.request_validation(whatsapp.id, str(template.id))
        return str(template.id)


def database_state() -> dict[str, Any]:
    """Every tracker row, as plain values (what "the database after a run" means)."""
    return {
        model.__name__: sorted(
            (model_to_dict(row) | {"pk": row.pk} for row in model.objects.all()),
            key=lambda row: str(row["pk"]),
        )
        for model in (TrackedItem, StatusChange, Notification, PollRun, AccountHealth)
    }


def requests_made(sandbox: Any) -> list[tuple[str, str, str]]:
    return [(entry["method"], entry["path"], entry["query"]) for entry in sandbox.log()]


def test_the_poller_records_a_template_approval_as_one_change_and_one_notification(
    celery_worker: Finished, sandbox: Any, account_b: CMAccount, support_user: User
) -> None:
    sandbox.settings(approve_after=1)
    sandbox.advance(5)  # what the seed left pending settles before the tracker looks
    account_b.users.add(support_user)  # the one person who may see account B
    support_user.email = "sam@example.com"
    support_user.save()
    Subscription.objects.create(person=support_user, account=account_b, kind=Kind.TEMPLATE)
    submit_template(account_b, "order_shipped_tracker")

    poll_account.delay(account_b.pk, "beat:1")
    celery_worker.wait("tracker.poll_account", 1)
    item = TrackedItem.objects.get(account=account_b, label="order_shipped_tracker · English (US)")
    assert item.status == "validation_requested"

    sandbox.advance(2)  # WhatsApp's verdict is due
    poll_account.delay(account_b.pk, "beat:2")
    celery_worker.wait("tracker.poll_account", 2)
    celery_worker.wait("tracker.email_change", 1)

    item.refresh_from_db()
    assert (item.status, item.is_pending) == ("approved", False)
    change = StatusChange.objects.get()  # one change in all: this one
    assert (change.item, change.from_status, change.to_status) == (
        item,
        "validation_requested",
        "approved",
    )
    assert list(Notification.objects.values_list("person__username", "change")) == [
        ("sam", change.pk)
    ]
    assert [message.to for message in mail.outbox] == [["sam@example.com"]]
    assert "order_shipped_tracker · English (US) — Approved" in mail.outbox[0].subject


@pytest.mark.parametrize("celery_worker", [2], indirect=True)
def test_two_overlapping_polls_of_one_account_make_one_set_of_upstream_calls(
    celery_worker: Finished, sandbox: Any, account_a: CMAccount
) -> None:
    sandbox.settings(latency_ms=150)  # a poll takes over a second: the two overlap
    sandbox.clear_log()

    poll_account.delay(account_a.pk, "manual:first")
    wait_until(lambda: PollRun.objects.exists(), what="the first poll under way")
    poll_account.delay(account_a.pk, "manual:second")  # the second worker thread takes it
    celery_worker.wait("tracker.poll_account", 2)

    runs = {run.run_key: run for run in PollRun.objects.filter(account=account_a)}
    assert sorted(run.outcome for run in runs.values()) == [PollOutcome.OK, PollOutcome.SKIPPED]
    made = requests_made(sandbox)
    assert len(made) == len(set(made)), "a request was made twice"
    polled = next(run for run in runs.values() if run.outcome == PollOutcome.OK)
    assert len(made) == polled.upstream_calls == 10  # 8, and 2 lists for search


def test_one_account_answering_503_does_not_stop_the_healthy_one(
    celery_worker: Finished, sandbox: Any, account_a: CMAccount, account_b: CMAccount
) -> None:
    services.account_poll(account=account_a, run_key="before")  # A's pending items, seen
    assert (
        TrackedItem.objects.get(
            account=account_a, kind=Kind.NUMBER_REQUEST, label__contains="(NL)"
        ).status
        == "pending"
    )
    sandbox.advance(120)  # A's pending things are done by now
    sandbox.fault("*", f"/channels/v1/accounts/{account_b.account_id}/*", count=1000, status=503)

    poll_all.delay()
    celery_worker.wait("tracker.poll_all", 1)
    # A's poll, B's poll and B's first retry (with backoff) all run.
    wait_until(
        lambda: (
            PollRun.objects.filter(account=account_b, attempts__gte=2).exists()
            and PollRun.objects.filter(account=account_a, outcome=PollOutcome.OK)
            .exclude(run_key="before")
            .exists()
        ),
        timeout=40,
        what="A polled and B retried",
    )

    assert (
        TrackedItem.objects.get(
            account=account_a, kind=Kind.NUMBER_REQUEST, label__contains="(NL)"
        ).status
        == "fulfilled"
    )
    assert AccountHealth.objects.get(account=account_a).last_success_at is not None
    failed = PollRun.objects.get(account=account_b)
    assert failed.outcome in (PollOutcome.FAILED, PollOutcome.RUNNING)
    health_b = AccountHealth.objects.get(account=account_b)
    assert health_b.last_success_at is None
    assert (
        health_b.last_failure
        == "CM.com failed on its side (status 503) — try again in a few minutes."
    )
    assert not TrackedItem.objects.filter(account=account_b).exists()

    # When CM.com answers again, a retry of the same cycle gets through.
    sandbox.clear_faults()
    wait_until(
        lambda: PollRun.objects.filter(account=account_b, outcome=PollOutcome.OK).exists(),
        timeout=40,
        what="B polled on a retry",
    )
    assert TrackedItem.objects.filter(account=account_b).exists()


def test_running_the_same_poll_message_twice_leaves_the_database_as_after_one_run(
    celery_worker: Finished, sandbox: Any, account_a: CMAccount
) -> None:
    message_id = str(uuid.uuid4())
    poll_account.apply_async((account_a.pk, "beat:42"), task_id=message_id)
    celery_worker.wait("tracker.poll_account", 1)
    after_one = database_state()
    assert after_one["TrackedItem"], "the first run recorded the pending items"
    sandbox.advance(120)  # even with news upstream, a redelivered message changes nothing
    sandbox.clear_log()

    poll_account.apply_async((account_a.pk, "beat:42"), task_id=message_id)
    celery_worker.wait("tracker.poll_account", 2)

    assert database_state() == after_one
    assert sandbox.log() == []


def test_a_refused_token_marks_the_account_broken_and_is_not_retried(
    celery_worker: Finished, sandbox: Any, account_a: CMAccount
) -> None:
    account_a.set_token("00000000-0000-4000-8000-000000000000")
    account_a.save()

    assert poll_all.delay() is not None
    celery_worker.wait("tracker.poll_account", 1)

    run = PollRun.objects.get(account=account_a)
    assert run.outcome == PollOutcome.BROKEN
    health = AccountHealth.objects.get(account=account_a)
    assert health.broken_reason == (
        "CM.com refused this account's product token — an admin should update it."
    )
    assert len(sandbox.log()) == 1  # one refused call, no retry
    # Beat leaves it alone until an admin sets another token.
    assert poll_all.apply().get() == 0
    account_a.set_token(sandbox.accounts[0][1])
    account_a.save()
    assert selectors.accounts_to_poll() == [account_a]
