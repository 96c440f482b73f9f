"""What reading CM.com and showing a page cost in Redis round trips (issue 19), on a real Redis:
the default cache is ``ResilientRedisCache`` as production sets it, on database 8 (or
``TEST_REDIS_CACHE_URL``) under a key prefix of the test's own, and every command redis-py
sends is counted (a pipeline counts once: it is one round trip).

Before: a cold read made five (the generations, the value, the breaker's state, the breaker's
delete after the success, the write), a page's part another two before them (the page's own
read of generations and values, done again in ``fetch``), and a page's header two (the bell's
count, the switcher's generation). Now three, none again, and one.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis
from django.core.cache import cache
from redis.client import Pipeline

from channels_api import errors
from dashboard import upstream
from dashboard.upstream import reads
from tests.dashboard.security.helpers import api_prefix, calls_for
from tests.dashboard.upstream.fakes import Counter

REDIS_LOCATION = os.environ.get("TEST_REDIS_CACHE_URL", "redis://127.0.0.1:6379/8")
FAILURE = errors.UpstreamError("boom", method="GET", path="/x", status=500)


@pytest.fixture
def redis_cache(settings: Any) -> Iterator[None]:
    """The default cache on the real Redis, as the settings make it with REDIS_URL."""
    prefix = f"round-trips-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "dashboard.core.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_LOCATION,
            "KEY_PREFIX": prefix,
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    try:
        yield
    finally:
        client = redis.Redis.from_url(REDIS_LOCATION)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()


@contextmanager
def round_trips(monkeypatch: Any) -> Iterator[list[str]]:
    """The commands sent to Redis meanwhile, from any thread: a pipeline as one entry."""
    sent: list[str] = []
    real_command, real_execute = redis.Redis.execute_command, Pipeline.execute

    def command(self: Any, *args: Any, **options: Any) -> Any:
        sent.append(str(args[0]))
        return real_command(self, *args, **options)

    def execute(self: Any, *args: Any, **options: Any) -> Any:
        sent.append("+".join(str(queued[0][0]) for queued in self.command_stack))
        return real_execute(self, *args, **options)

    with monkeypatch.context() as patch:
        patch.setattr(redis.Redis, "execute_command", command)
        patch.setattr(Pipeline, "execute", execute)
        yield sent


def _channels(client: Any) -> Any:
    return client.channels.list()


def _types(client: Any) -> Any:
    return client.channels.list_types()


def test_a_cold_read_asks_redis_three_times_not_five(redis_cache, account_a, sandbox, monkeypatch):
    with round_trips(monkeypatch) as sent:
        upstream.fetch(account_a, "channels", _channels)

    # The generations; the value with the breaker's state; the write (value and its time).
    assert sent == ["MGET", "MGET", "MSET+EXPIRE+EXPIRE"]
    assert len(calls_for(sandbox, account_a)) == 1


def test_a_repeat_read_asks_redis_twice_and_cm_com_nothing(
    redis_cache, account_a, sandbox, monkeypatch
):
    upstream.fetch(account_a, "channels", _channels)
    sandbox.clear_log()
    with round_trips(monkeypatch) as sent:
        upstream.fetch(account_a, "channels", _channels)

    assert sent == ["MGET", "MGET"]  # the generations; the value (with the breaker's state)
    assert calls_for(sandbox, account_a) == []


def test_a_pages_cold_parts_read_redis_once_for_all_and_then_only_write(
    redis_cache, account_a, sandbox, monkeypatch
):
    with round_trips(monkeypatch) as sent:
        parts = upstream.fetch_many(account_a, {"channels": _channels, "types": _types})

    assert not any(upstream.is_failure(part) for part in parts.values())
    # The page's generations and values (with the breaker's state), then one write per part;
    # before, each part read the generations, its value and the breaker again, and deleted.
    assert sent == ["MGET", "MGET", "MSET+EXPIRE+EXPIRE", "MSET+EXPIRE+EXPIRE"]
    assert len(calls_for(sandbox, account_a)) == 2


def test_a_success_still_closes_a_breaker_that_had_counted_failures(
    redis_cache, account_a, sandbox, monkeypatch
):
    breaker = upstream.Breaker(account_a.pk)
    for _ in range(4):
        breaker.after("GET", "/x", FAILURE)

    with round_trips(monkeypatch) as sent:
        upstream.fetch(account_a, "channels", _channels)

    assert "DEL" in sent  # the count it read is deleted after the success
    for _ in range(4):
        breaker.after("GET", "/x", FAILURE)
    assert breaker.open_until("GET", "/x") is None  # 4 in a row again, not 8


def test_a_part_that_succeeds_after_another_failed_still_closes_the_breaker(
    redis_cache, account_a, sandbox
):
    """A page's parts share the breaker state read with the page's cache read: a part that
    found nothing to close still closes what another part of the page counted meanwhile."""
    sandbox.fault("GET", f"{api_prefix(account_a)}/channels", count=10, status=500)
    failures = upstream.Breaker(account_a.pk)._key("failures")

    def after_the_failure(client: Any) -> Any:
        deadline = time.monotonic() + 10
        while cache.get(failures) is None:
            assert time.monotonic() < deadline, "the other part's failure was never counted"
            time.sleep(0.01)
        return client.channels.list_types()

    parts = upstream.fetch_many(account_a, {"channels": _channels, "types": after_the_failure})

    assert upstream.is_failure(parts["channels"])
    assert not upstream.is_failure(parts["types"])
    assert cache.get(failures) is None  # one success closes it, as before


def test_an_open_breaker_read_with_the_page_stops_its_parts_without_a_request(
    redis_cache, account_a, sandbox
):
    # Opened by another process: only the shared cache knows.
    breaker = upstream.Breaker(account_a.pk)
    for _ in range(5):
        breaker.after("GET", "/x", FAILURE)
    sandbox.clear_log()

    parts = upstream.fetch_many(account_a, {"channels": _channels, "types": _types})

    assert all(part.kind == "paused" for part in parts.values())
    assert calls_for(sandbox, account_a) == []
    upstream.reset_breaker(account_a)


def test_a_part_that_went_out_late_reads_again_and_takes_what_another_process_cached(
    redis_cache, account_a, monkeypatch
):
    """A part waiting for a worker thread longer than ``_FRESH_SECONDS`` does not go out on
    the page's read: another process may have cached the value meanwhile."""
    real_cached = reads._cached

    def meanwhile(account: Any, names: list[str]) -> Any:
        found = real_cached(account, names)
        other = Counter(value=["from another process"])
        upstream.fetch(account, "k", other)  # as another process would, just after
        return found

    monkeypatch.setattr(reads, "_cached", meanwhile)
    monkeypatch.setattr(reads, "_FRESH_SECONDS", 0.0)
    call = Counter(value=["ours"])

    assert upstream.fetch_many(account_a, {"k": call}) == {"k": ["from another process"]}
    assert call.calls == 0


def test_a_repeat_view_of_a_page_reads_the_bell_and_the_switcher_in_one_round_trip(
    redis_cache, support_client, account_a, sandbox, monkeypatch
):
    url = f"/a/{account_a.account_id}/channels/"
    support_client.get(url)
    sandbox.clear_log()
    with round_trips(monkeypatch) as sent:
        page = support_client.get(url).content.decode()

    assert f'aria-current="page">{account_a.name}</a>' in page  # the switcher, this account
    assert 'id="bell"' in page  # the bell
    # The page's generations and cached reads, then the header: the bell's count and the
    # switcher's generation together (before: one read each).
    assert sent == ["MGET", "MGET", "MGET"]
    assert calls_for(sandbox, account_a) == []
