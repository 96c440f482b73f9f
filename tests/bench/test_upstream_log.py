"""The call counter: what a page asked the sandbox for, read from hand-made log entries."""

from __future__ import annotations

from bench.upstream_log import per_account, tally

A = "8d5c1a6e-3b1f-4c2a-9e57-2f6b1d0c9a11"
B = "5b0a3c1d-7e2f-4a9b-8c6d-1e2f3a4b5c6d"


def entry(account: str, path: str, *, size: int = 100, take: str | None = None, ms: float = 5):
    params = {"take": [take]} if take is not None else {}
    return {
        "method": "GET",
        "path": f"/channels/v1/accounts/{account}{path}",
        "query": f"take={take}" if take is not None else "",
        "params": params,
        "account_id": account,
        "response_bytes": size,
        "duration_ms": ms,
    }


def test_only_the_pages_account_counts():
    log = [entry(A, "/channels"), entry(B, "/channels"), entry(A, "/keywords", take="26")]

    found = tally(log, A)

    assert found.calls == 2
    assert found.requests == ["GET /channels", "GET /keywords?take=26"]


def test_an_account_id_in_capitals_is_the_same_account():
    assert tally([entry(A, "/channels")], A.upper()).calls == 1


def test_bytes_received_are_summed_over_the_calls():
    log = [entry(A, "/channels", size=1200), entry(A, "/channels/types", size=300)]

    assert tally(log, A).response_bytes == 1500


def test_the_largest_page_asked_for_is_kept():
    log = [entry(A, "/keywords", take="26"), entry(A, "/templates", take="500"), entry(A, "/x")]

    assert tally(log, A).largest_take == 500


def test_the_slowest_answer_is_kept():
    log = [entry(A, "/a", ms=104.5), entry(A, "/b", ms=230.0), entry(A, "/c", ms=101.0)]

    assert tally(log, A).slowest_ms == 230.0


def test_without_an_account_every_call_counts():
    log = [entry(A, "/channels"), entry(B, "/channels")]

    assert tally(log).calls == 2


def test_an_account_that_made_no_call_shows_zero():
    counts = per_account([entry(A, "/channels"), entry(A, "/keywords")], [A, B])

    assert counts == {A: 2, B: 0}
