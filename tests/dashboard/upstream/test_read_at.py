"""When a cached read was read from CM.com (``upstream.read_at``): kept beside the cached
value, unchanged by later views within the cache's time, gone when the read is invalidated,
and the oldest of several parts for a page made of them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from dashboard import upstream
from dashboard.accounts.models import CMAccount

# Each time a ``Listed`` read is unpickled from the cache (``Listed.__reduce__``).
UNPICKLED: list[list[int]] = []


def _unpickled(rows: list[int]) -> Listed:
    UNPICKLED.append(rows)
    return Listed(rows)


class Listed:
    """A cached read that counts its unpicklings: a page's whole list, in small."""

    def __init__(self, rows: list[int]) -> None:
        self.rows = rows

    def __reduce__(self) -> tuple[Any, tuple[list[int]]]:
        return _unpickled, (self.rows,)


def types(client: Any) -> Any:
    return client.channels.list_types(take=1)


def requests(client: Any) -> Any:
    return client.channels.list_requests(take=1)


def test_a_read_remembers_when_it_was_read_from_cm_com(
    account_a: CMAccount, still_clock: Any
) -> None:
    read = timezone.now()

    upstream.fetch(account_a, "test.types", types)

    assert abs(upstream.read_at(account_a, "test.types") - read) < timedelta(milliseconds=1)


def test_a_later_view_within_the_cache_time_keeps_the_first_reads_time(
    account_a: CMAccount, sandbox: Any, still_clock: Any, settings: Any
) -> None:
    settings.UPSTREAM_CACHE_SECONDS = 600
    upstream.fetch(account_a, "test.types", types)
    first = upstream.read_at(account_a, "test.types")
    still_clock.shift(timedelta(minutes=3))
    sandbox.clear_log()

    upstream.fetch(account_a, "test.types", types)

    assert sandbox.log() == []  # from the cache
    assert upstream.read_at(account_a, "test.types") == first


def test_a_read_not_cached_or_invalidated_has_no_time(account_a: CMAccount) -> None:
    assert upstream.read_at(account_a, "test.types") is None
    upstream.fetch(account_a, "test.types", types)

    upstream.invalidate(account_a, "test")

    assert upstream.read_at(account_a, "test.types") is None


def test_a_page_of_several_reads_is_as_fresh_as_its_oldest(
    account_a: CMAccount, still_clock: Any
) -> None:
    upstream.fetch(account_a, "test.types", types)
    oldest = upstream.read_at(account_a, "test.types")
    still_clock.shift(timedelta(seconds=30))
    upstream.fetch(account_a, "test.requests", requests)

    assert upstream.read_at(account_a, "test.requests", "test.types") == oldest
    assert upstream.read_at(account_a, "test.requests", "test.missing") is None


def test_saying_when_a_list_was_read_does_not_read_the_list_again(
    account_a: CMAccount, still_clock: Any
) -> None:
    read = timezone.now()
    upstream.fetch(account_a, "test.listed", lambda client: Listed(list(range(500))))
    UNPICKLED.clear()

    at = upstream.read_at(account_a, "test.listed")

    assert at is not None
    assert abs(at - read) < timedelta(milliseconds=1)
    assert UNPICKLED == []  # the time alone was read, not the 500 rows


def test_an_emptied_cache_forgets_when_its_reads_were_made(account_a: CMAccount) -> None:
    upstream.fetch(account_a, "test.types", types)

    cache.clear()

    assert upstream.read_at(account_a, "test.types") is None


def test_a_read_cached_without_its_time_beside_it_still_says_when_it_was_read(
    account_a: CMAccount,
) -> None:
    # As reads were cached before their time was also kept on its own (or with that time
    # evicted alone): the time inside the cached read answers.
    read = timezone.now() - timedelta(minutes=2)
    cache.set(upstream.cache_key(account_a, "test.types"), (["a type"], read.timestamp()), 600)

    assert upstream.read_at(account_a, "test.types") == datetime.fromtimestamp(
        read.timestamp(), tz=UTC
    )
