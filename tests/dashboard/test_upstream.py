"""The upstream read helper: caching per account and key, invalidation, concurrent parts, and
failures in words that never carry the product token."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from channels_api import errors
from dashboard.accounts.models import CMAccount
from dashboard.core import upstream

RAW = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


@pytest.fixture
def account(db):
    account = CMAccount(name="Acme", account_id=uuid.uuid4(), base_url="http://127.0.0.1:9/v1")
    account.set_token(RAW)
    account.save()
    return account


class Counter:
    """A fake client call that counts how often it runs."""

    def __init__(self, value=None, error=None, delay=0.0, barrier=None):
        self.calls = 0
        self.value = value
        self.error = error
        self.delay = delay
        self.barrier = barrier
        self.lock = threading.Lock()

    def __call__(self, client):
        with self.lock:
            self.calls += 1
        if self.delay:
            time.sleep(self.delay)
        if self.barrier is not None:
            # Passes only when every part sharing the barrier is running at the same moment.
            self.barrier.wait()
        if self.error is not None:
            raise self.error
        return self.value


def test_client_for_hands_the_decrypted_token_to_the_client_and_hides_it(account):
    client = upstream.client_for(account)
    assert client.account_id == str(account.account_id)
    assert client.base_url == "http://127.0.0.1:9/v1"
    assert RAW not in repr(client)


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


@pytest.mark.parametrize(
    ("error", "kind", "words"),
    [
        (errors.Timeout("t"), "timeout", "CM.com did not answer in time — try again in a minute"),
        (errors.ConnectionFailed("c"), "unreachable", "CM.com could not be reached"),
        (errors.Unauthorized("u", status=401), "token_refused", "an admin should update it"),
        (errors.Forbidden("f", status=403), "forbidden", "refused this account's product token"),
        (errors.NotFound("n", status=404), "not_found", "has no such item any more"),
        (
            errors.UpstreamError("e", status=503),
            "upstream_error",
            "failed on its side (status 503)",
        ),
        (errors.MalformedResponse("m"), "malformed", "could not read"),
        (errors.BadRequest("name is taken", status=400), "bad_request", "name is taken"),
    ],
)
def test_each_failure_is_described_in_words(error, kind, words):
    failure = upstream.describe_failure(error)
    assert failure.kind == kind
    assert words in failure.message


def test_too_many_requests_says_when_to_try_again(settings):
    settings.TIME_ZONE = "UTC"
    failure = upstream.describe_failure(errors.RateLimited("slow down", retry_after=90, status=429))
    expected = timezone.localtime(timezone.now() + timedelta(seconds=90 + 59))
    assert failure.message == f"Too many requests to CM.com — try again at {expected:%H:%M}."
    assert failure.retry_at is not None


def test_a_failure_from_an_account_whose_token_cannot_be_read_is_in_words(account, settings):
    from cryptography.fernet import Fernet

    settings.TOKEN_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    got = upstream.fetch_many(account, {"x": Counter(1)})
    assert got["x"].kind == "token_unreadable"
    assert "set the token again" in got["x"].message


class WhereItRan:
    """A fake client call that notes the thread it ran on."""

    def __init__(self, value=None):
        self.value = value
        self.threads: list[threading.Thread] = []

    def __call__(self, client):
        self.threads.append(threading.current_thread())
        return self.value


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


def test_clients_of_one_thread_share_a_pooled_session_and_other_threads_get_their_own(account):
    # Shared, a page's reads reuse the open (TLS) connections to CM.com instead of a handshake
    # each; per thread, because a requests Session is not promised to be thread-safe.
    first = upstream.client_for(account)._transport._session
    first_again = upstream.client_for(account)._transport._session
    elsewhere = []
    thread = threading.Thread(
        target=lambda: elsewhere.append(upstream.client_for(account)._transport._session)
    )
    thread.start()
    thread.join()
    assert first is first_again
    assert elsewhere[0] is not first
