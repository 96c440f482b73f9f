"""Approval times from a real history: two polls of the sandbox, between which every
template in review is decided. The date CM.com gave for the request for validation is kept
on the item once decided, so the wait is timed from it, not from the template's creation."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dashboard.accounts.models import CMAccount
from dashboard.tracker import services, stats_selectors
from dashboard.tracker.models import TrackedItem
from dashboard.tracker.statuses import Kind


def test_templates_decided_between_two_polls_are_timed_from_their_request_for_validation(
    account_a: CMAccount, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    asked = {
        item.pk: item.requested_at
        for item in TrackedItem.objects.filter(account=account_a, kind=Kind.TEMPLATE)
    }
    sandbox.advance(120)  # WhatsApp decides every template in review
    services.account_poll(account=account_a, run_key="manual:2")

    decided = TrackedItem.objects.filter(
        account=account_a, kind=Kind.TEMPLATE, status__in=["approved", "rejected"]
    ).prefetch_related("changes")
    assert decided.count() == 6
    expected = []
    for item in decided:
        kept = parse_datetime(item.meta["review_requested_at"])
        assert kept == asked[item.pk]  # the date it was submitted, as first read
        assert item.requested_at != kept  # the list now gives the creation date
        assert item.meta["category"]
        end = next(c.at for c in item.changes.all() if c.to_status == item.status)
        expected.append(end - kept)

    times = stats_selectors.approval_times(account_a, days=30, now=timezone.now())
    total = next(row for row in times.totals if row.kind == Kind.TEMPLATE)
    assert sorted(total.done + total.rejected) == sorted(expected)
    assert len(total.rejected) == 1
