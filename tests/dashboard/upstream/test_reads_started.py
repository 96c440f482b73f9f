"""``fetch_many_started``: the reads go out at once on the worker threads while the page does
its own work, and come back as ``fetch_many`` would give them (cached reads taken at once,
failures in words, in the page's language)."""

from __future__ import annotations

import threading

from django.utils import translation

from channels_api import errors
from dashboard import upstream
from tests.dashboard.upstream.fakes import Counter, WhereItRan

TIMEOUT_WORDS = "CM.com did not answer in time — try again in a minute."


def test_a_started_read_is_under_way_while_the_page_does_its_own_work(account):
    # The read passes the barrier only if the page's thread reaches it too before asking for
    # the answer: run when asked, it would wait at the barrier alone and break it.
    together = threading.Barrier(2, timeout=5)
    read = Counter(value=["x"], barrier=together)
    answer = upstream.fetch_many_started(account, {"channels": read})
    together.wait()  # the page's own work, done while the read is out
    assert answer() == {"channels": ["x"]}
    assert read.calls == 1


def test_a_started_read_that_fails_says_so_in_the_pages_language(account):
    broken = Counter(error=errors.Timeout("no answer", method="GET", path="/x"))
    with translation.override("nl"):
        dutch = translation.gettext(TIMEOUT_WORDS)
        got = upstream.fetch_many_started(account, {"channels": broken})()["channels"]
    assert dutch != TIMEOUT_WORDS
    assert got.kind == "timeout"
    assert got.message == dutch


def test_a_started_read_takes_a_cached_answer_without_calling_again(account):
    upstream.fetch_many(account, {"a": Counter(value="a")})
    again, new = WhereItRan("A"), WhereItRan("b")
    answer = upstream.fetch_many_started(account, {"a": again, "b": new})
    assert answer() == {"a": "a", "b": "b"}
    assert again.threads == []
    assert new.threads != [threading.current_thread()]
