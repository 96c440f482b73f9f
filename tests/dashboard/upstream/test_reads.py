"""The read helpers: caching per account and key, invalidation, single flight, concurrent
parts on the shared worker threads, and failures reported per part instead of raised."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.utils import translation

from channels_api import errors
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from tests.dashboard.upstream.fakes import Counter, WhereItRan


def test_a_repeat_fetch_within_the_ttl_makes_no_second_call(account):
    call = Counter(value=["x"])
    assert upstream.fetch(account, "channels", call) == ["x"]
    assert upstream.fetch(account, "channels", call) == ["x"]
    assert call.calls == 1


def test_a_none_answer_is_cached_too(account):
    call = Counter(value=None)
    upstream.fetch(account, "k", call)
    upstream.fetch(account, "k", call)
    assert call.calls == 1


def test_a_ttl_of_zero_does_not_cache(account):
    call = Counter(value=1)
    upstream.fetch(account, "k", call, ttl=0)
    upstream.fetch(account, "k", call, ttl=0)
    assert call.calls == 2


def test_the_cache_is_per_account(account):
    other = CMAccount(name="Other", account_id=uuid.uuid4(), base_url="http://127.0.0.1:9/v1")
    other.set_token("another-token-1234")
    other.save()
    call = Counter(value=1)
    upstream.fetch(account, "k", call)
    upstream.fetch(other, "k", call)
    assert call.calls == 2


def test_invalidating_a_prefix_drops_its_keys_and_keeps_the_others(account):
    requests, types, templates = Counter(1), Counter(2), Counter(3)
    for _ in range(2):
        upstream.fetch(account, "channels.requests", requests)
        upstream.fetch(account, "channels.types", types)
        upstream.fetch(account, "templates.abc", templates)
    upstream.invalidate(account, "channels")
    upstream.fetch(account, "channels.requests", requests)
    upstream.fetch(account, "channels.types", types)
    upstream.fetch(account, "templates.abc", templates)
    assert (requests.calls, types.calls, templates.calls) == (2, 2, 1)


def test_invalidating_matches_whole_segments_only(account):
    call = Counter(1)
    upstream.fetch(account, "channelsx", call)
    upstream.invalidate(account, "channels")
    upstream.fetch(account, "channelsx", call)
    assert call.calls == 1


def test_invalidating_everything_for_an_account(account):
    call = Counter(1)
    upstream.fetch(account, "a.b", call)
    upstream.invalidate(account)
    upstream.fetch(account, "a.b", call)
    assert call.calls == 2


def test_failures_are_not_cached(account):
    call = Counter(error=errors.UpstreamError("boom", status=500))
    for _ in range(2):
        with pytest.raises(errors.UpstreamError):
            upstream.fetch(account, "k", call)
    assert call.calls == 2


def test_fetch_many_runs_parts_concurrently_and_reports_each(account):
    # Run one after the other, the first part would wait at the barrier alone and break it.
    together = threading.Barrier(2, timeout=5)
    slow_a, slow_b = Counter(value="a", barrier=together), Counter(value="b", barrier=together)
    broken = Counter(error=errors.Timeout("no answer", method="GET", path="/x"))
    got = upstream.fetch_many(account, {"a": slow_a, "b": slow_b, "c": broken})
    assert got["a"] == "a"
    assert got["b"] == "b"
    assert isinstance(got["c"], upstream.UpstreamFailure)
    assert got["c"].kind == "timeout"
    assert got["c"].is_failure


def test_every_failure_of_several_reads_is_said_in_the_pages_language(account):
    # All but the last go out on the worker threads, which have no language of their own.
    words = "CM.com did not answer in time — try again in a minute."
    broken = {
        name: Counter(error=errors.Timeout("no answer", method="GET", path=f"/{name}"))
        for name in ("a", "b", "c")
    }
    with translation.override("nl"):
        dutch = translation.gettext(words)
        got = upstream.fetch_many(account, broken)
    assert dutch != words
    assert {name: failure.message for name, failure in got.items()} == dict.fromkeys(broken, dutch)


def test_fetch_many_never_raises_even_for_a_bug(account):
    got = upstream.fetch_many(account, {"x": Counter(error=KeyError("oops"))})
    assert got["x"].kind == "unexpected"


def test_concurrent_reads_of_one_key_make_one_call(account):
    call = Counter(value=1, delay=0.2)
    threads = [
        threading.Thread(target=upstream.fetch, args=(account, "same", call)) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert call.calls == 1


def test_a_failure_from_an_account_whose_token_cannot_be_read_is_in_words(account, settings):
    from cryptography.fernet import Fernet

    settings.TOKEN_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    got = upstream.fetch_many(account, {"x": Counter(1)})
    assert got["x"].kind == "token_unreadable"
    assert "set the token again" in got["x"].message


def test_fetch_many_takes_cached_reads_itself_and_sends_only_the_misses(account):
    first_a, first_b = Counter(value="a"), Counter(value="b")
    upstream.fetch_many(account, {"a": first_a, "b": first_b})
    again_a, again_b, new = Counter(value="A"), Counter(value="B"), WhereItRan("c")
    got = upstream.fetch_many(account, {"a": again_a, "b": again_b, "c": new})
    assert got == {"a": "a", "b": "b", "c": "c"}
    assert (again_a.calls, again_b.calls) == (0, 0)
    # The one read left runs in the page's own thread: no worker to hand it to and wait for.
    assert new.threads == [threading.current_thread()]


def test_the_worker_threads_outlive_a_page_for_the_next_one(account):
    calls = {name: WhereItRan(name) for name in ("a", "b", "c")}
    got = upstream.fetch_many(account, calls, ttl=0)
    assert got == {"a": "a", "b": "b", "c": "c"}
    ran_on = [thread for call in calls.values() for thread in call.threads]
    workers = [thread for thread in ran_on if thread is not threading.current_thread()]
    assert len(workers) == 2
    assert all(thread.is_alive() for thread in workers)


def test_a_read_on_a_worker_thread_that_reads_several_does_them_itself(account):
    inner = {name: WhereItRan(name) for name in ("x", "y")}

    def outer(client):
        return upstream.fetch_many(account, inner, ttl=0)

    got = upstream.fetch_many(account, {"outer": outer, "other": Counter(value=1)}, ttl=0)
    assert got["outer"] == {"x": "x", "y": "y"}
    threads = {thread for call in inner.values() for thread in call.threads}
    assert len(threads) == 1  # never waiting on the pool from inside it
