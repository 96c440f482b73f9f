"""The circuit breaker per account (dashboard/upstream/breaker.py): after five consecutive failures
the account's calls to CM.com stop for a minute and pages say so at once, without a request;
other accounts go on; answers about the request (4xx other than 429) do not count; a success
closes it; the state lives in the Django cache, so every process sees it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from channels_api import errors
from dashboard import upstream
from dashboard.upstream import breaker as breaker_module
from tests.dashboard.security.helpers import api_prefix, calls_for, channels_url

FAILURE = errors.UpstreamError("boom", method="GET", path="/x", status=500)


def _fail(breaker: upstream.Breaker, times: int, error: errors.ChannelsAPIError = FAILURE):
    for _ in range(times):
        breaker.after("GET", "/x", error)


def _is_open(breaker: upstream.Breaker) -> bool:
    try:
        breaker.before("GET", "/x")
    except upstream.CircuitOpen:
        return True
    return False


def test_after_five_failures_in_a_row_a_page_says_so_at_once_without_calling_cm(
    support_client, account_a, sandbox
):
    sandbox.fault("GET", f"{api_prefix(account_a)}/*", count=100, status=500)
    for _ in range(3):  # two reads a view: the breaker opens at the fifth failure
        support_client.get(channels_url(account_a))
    sandbox.clear_log()

    response = support_client.get(channels_url(account_a))

    assert response.status_code == 200
    page = response.content.decode()
    assert "CM.com failed 5 times in a row for this account" in page
    assert "stopped asking it for a moment — try again at" in page
    assert calls_for(sandbox, account_a) == []


def test_another_account_is_not_affected_by_an_open_breaker(
    admin_client, account_a, account_b, sandbox
):
    sandbox.fault("GET", f"{api_prefix(account_a)}/*", count=100, status=500)
    for _ in range(3):
        admin_client.get(channels_url(account_a))
    sandbox.clear_log()

    page = admin_client.get(channels_url(account_b)).content.decode()

    assert "Upstream unavailable" not in page
    assert "RCS" in page  # coming soon, from the channel list
    assert len(calls_for(sandbox, account_b)) == 2  # the channel list and the channel types
    assert upstream.breaker_open_until(account_a) is not None
    assert upstream.breaker_open_until(account_b) is None


def test_answers_about_the_request_do_not_open_the_breaker(support_client, account_a, sandbox):
    sandbox.fault("GET", f"{api_prefix(account_a)}/*", count=100, status=404)
    for _ in range(5):  # ten 404 answers (the channel list and the channel types, each view)
        support_client.get(channels_url(account_a))
    sandbox.clear_log()

    page = support_client.get(channels_url(account_a)).content.decode()

    assert "CM.com has no such item any more" in page
    assert "stopped asking" not in page
    assert len(calls_for(sandbox, account_a)) == 2
    assert upstream.breaker_open_until(account_a) is None


@pytest.mark.parametrize(
    "error",
    [
        errors.Timeout("no answer", method="GET", path="/x"),
        errors.ConnectionFailed("refused", method="GET", path="/x"),
        errors.UpstreamError("bad gateway", status=502),
        errors.RateLimited("slow down", status=429),
        errors.MalformedResponse("not JSON", status=200),
    ],
    ids=["timeout", "unreachable", "5xx", "429", "malformed"],
)
def test_each_kind_of_failure_of_cm_counts(account_a, error):
    breaker = upstream.Breaker(account_a.pk)
    _fail(breaker, 4, error)
    assert not _is_open(breaker)
    _fail(breaker, 1, error)
    assert _is_open(breaker)


@pytest.mark.parametrize(
    "error",
    [
        errors.BadRequest("no", status=400),
        errors.Unauthorized("token", status=401),
        errors.Forbidden("not yours", status=403),
        errors.NotFound("gone", status=404),
        errors.Conflict("already", status=409),
    ],
    ids=["400", "401", "403", "404", "409"],
)
def test_a_4xx_other_than_429_does_not_count(account_a, error):
    breaker = upstream.Breaker(account_a.pk)
    _fail(breaker, 20, error)
    assert not _is_open(breaker)


def test_a_success_between_failures_starts_the_count_again(account_a):
    breaker = upstream.Breaker(account_a.pk)
    _fail(breaker, 4)
    breaker.after("GET", "/x", None)
    _fail(breaker, 4)
    assert not _is_open(breaker)


def test_after_the_pause_one_call_is_tried_and_a_success_closes_the_breaker(
    account_a, monkeypatch, settings
):
    breaker = upstream.Breaker(account_a.pk)
    _fail(breaker, 5)
    assert _is_open(breaker)
    now = breaker_module._now()
    monkeypatch.setattr(breaker_module, "_now", lambda: now + settings.UPSTREAM_BREAKER_SECONDS + 1)
    assert not _is_open(breaker)  # the trial call goes through
    breaker.after("GET", "/x", None)
    _fail(breaker, 4)
    assert not _is_open(breaker)


def test_after_the_pause_one_more_failure_opens_it_again_at_once(account_a, monkeypatch, settings):
    breaker = upstream.Breaker(account_a.pk)
    _fail(breaker, 5)
    now = breaker_module._now()
    monkeypatch.setattr(breaker_module, "_now", lambda: now + settings.UPSTREAM_BREAKER_SECONDS + 1)
    assert not _is_open(breaker)
    _fail(breaker, 1)
    assert _is_open(breaker)


def test_the_pause_lasts_a_minute(account_a, monkeypatch, settings):
    breaker = upstream.Breaker(account_a.pk)
    _fail(breaker, 5)
    until = upstream.breaker_open_until(account_a)
    expected = datetime.fromtimestamp(breaker_module._now() + 60, tz=UTC)
    assert settings.UPSTREAM_BREAKER_SECONDS == 60
    assert abs((until - expected).total_seconds()) < 5


def test_a_retry_after_holds_that_call_until_then_and_lets_others_through(account_a):
    breaker = upstream.Breaker(account_a.pk)
    breaker.after("GET", "/x", errors.RateLimited("slow down", status=429, retry_after=300))
    breaker.after("GET", "/y", None)  # another call succeeding does not lift the hold
    breaker.before("GET", "/y")
    breaker.before("POST", "/x")
    with pytest.raises(upstream.CircuitOpen) as caught:
        breaker.before("GET", "/x")
    assert caught.value.reason == "rate_limited"
    failure = upstream.describe_failure(caught.value)
    assert failure.kind == "rate_limited"
    assert failure.message.startswith("Too many requests to CM.com — try again at ")


def test_an_open_breaker_stops_writes_before_anything_is_sent(account_a, sandbox):
    _fail(upstream.Breaker(account_a.pk), 5)
    with pytest.raises(upstream.CircuitOpen), upstream.client_for(account_a) as client:
        client.channels.request(str(uuid.uuid4()))
    assert calls_for(sandbox, account_a) == []


def test_changing_the_accounts_token_or_address_closes_its_breaker(admin_user, account_a):
    from dashboard.manage.accounts.services import account_update

    _fail(upstream.Breaker(account_a.pk), 5)
    account_update(actor=admin_user, account=account_a, base_url=account_a.base_url + "/")
    assert upstream.breaker_open_until(account_a) is not None  # same address: still open
    account_update(actor=admin_user, account=account_a, token=str(uuid.uuid4()))
    assert upstream.breaker_open_until(account_a) is None


def test_the_state_is_in_the_shared_cache_so_every_process_sees_it(account_a, settings):
    """On Redis (what production uses), a breaker opened by one process is open for another:
    nothing about it is kept in the process."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
            "KEY_PREFIX": f"breaker-test-{uuid.uuid4().hex}",
        }
    }
    try:
        _fail(upstream.Breaker(account_a.pk), 5)
        # What another process does: a new breaker object reading the shared cache.
        assert _is_open(upstream.Breaker(account_a.pk))
        assert cache.get(f"upstream-breaker:{account_a.pk}:failures") == 5
    finally:
        upstream.reset_breaker(account_a)


def test_a_broken_cache_lets_calls_through_rather_than_stopping_the_dashboard(
    account_a, monkeypatch
):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get_many", broken)
    monkeypatch.setattr(cache, "add", broken)
    breaker = upstream.Breaker(account_a.pk)
    _fail(breaker, 10)
    assert not _is_open(breaker)


def test_a_success_of_another_part_between_count_steps_still_counts_the_429_and_holds_it(
    account_a, monkeypatch
):
    """A page's parts run at once: one part's success may reset the count while another part's
    429 is being counted. The 429 must still count and its Retry-After must still hold."""
    breaker = upstream.Breaker(account_a.pk)
    real_incr = cache.incr

    def reset_then_incr(key, *args, **kwargs):
        breaker.after("GET", "/other", None)  # the other part's success, just in between
        return real_incr(key, *args, **kwargs)

    monkeypatch.setattr(cache, "incr", reset_then_incr)
    limited = errors.RateLimited("slow down", retry_after=120, method="GET", path="/channels")
    breaker.after("GET", "/channels", limited)

    assert cache.get(breaker._key("failures")) == 1
    assert breaker.open_until("GET", "/channels")[1] == "rate_limited"
