"""The poller counts each account's channels for the overview (``ChannelCount``): "Get your
channels" has no paging, so it is read by the poller at most every ten minutes, and again after
a change, never by a view of the overview."""

from __future__ import annotations

from typing import Any

import pytest

from channels_api import errors
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.tracker import services
from dashboard.tracker.models import ChannelCount


def _channel_reads(sandbox: Any, account: CMAccount) -> int:
    path = f"/channels/v1/accounts/{account.account_id}/channels"
    return sum(1 for entry in sandbox.log() if entry["path"] == path)


def _cm_com_counts(account: CMAccount) -> list[list[Any]]:
    with upstream.client_for(account) as client:
        listed = client.channels.list()
    return [
        [kind, category, sum(not c.is_pending for c in items), sum(c.is_pending for c in items)]
        for kind, category, items in listed.available.groups()
    ]


def test_a_poll_stores_the_account_s_channels_counted_by_type_and_category(
    account_a: CMAccount, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")

    stored = ChannelCount.objects.get(account=account_a)
    assert stored.rows == _cm_com_counts(account_a)
    assert stored.coming_soon == ["RCS", "Viber"]
    assert stored.read_at is not None


def test_the_channel_list_is_read_once_for_both_the_whatsapp_stage_and_the_counts(
    account_a: CMAccount, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    assert _channel_reads(sandbox, account_a) == 1


def test_polls_within_ten_minutes_count_from_the_same_read(
    account_a: CMAccount, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    read_at = ChannelCount.objects.get(account=account_a).read_at
    sandbox.clear_log()

    services.account_poll(account=account_a, run_key="manual:2")

    assert _channel_reads(sandbox, account_a) == 0
    assert ChannelCount.objects.get(account=account_a).read_at == read_at


def test_a_write_to_the_account_s_channels_makes_the_next_poll_count_again(
    account_a: CMAccount, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    sandbox.clear_log()
    upstream.invalidate(account_a, "channels")  # what a write to a channel does

    services.account_poll(account=account_a, run_key="manual:2")

    assert _channel_reads(sandbox, account_a) == 1


def test_channels_that_went_live_are_counted_after_the_poll_that_saw_their_requests_finish(
    account_a: CMAccount, sandbox: Any
) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    before = ChannelCount.objects.get(account=account_a).rows
    sandbox.advance(120)  # every pending request at CM.com is fulfilled
    services.account_poll(account=account_a, run_key="manual:2")  # sees them finish

    services.account_poll(account=account_a, run_key="manual:3")

    after = ChannelCount.objects.get(account=account_a).rows
    assert after == _cm_com_counts(account_a)
    assert after != before
    assert sum(row[3] for row in after) < sum(row[3] for row in before)  # fewer pending


def test_a_poll_that_failed_leaves_the_last_counts(account_a: CMAccount, sandbox: Any) -> None:
    services.account_poll(account=account_a, run_key="manual:1")
    before = ChannelCount.objects.get(account=account_a)
    upstream.invalidate(account_a)
    sandbox.fault("GET", f"/channels/v1/accounts/{account_a.account_id}/*", count=100, status=500)

    with pytest.raises(errors.UpstreamError):  # raised for the task's retry
        services.account_poll(account=account_a, run_key="manual:2")

    after = ChannelCount.objects.get(account=account_a)
    assert (after.rows, after.read_at) == (before.rows, before.read_at)
