"""What the fault tests of every page and every write share: the kinds of fault CM.com can
have, how to arm one on the sandbox, the words the dashboard must show for each, and the
settings that keep them fast.

Each kind is armed on one upstream path (exact, no wildcard) with a count high enough that the
client's own retries (GET, PUT and DELETE on 503) meet the same fault every time. The words
come from ``upstream.describe_failure``, the one place they are written, so a page that shows
its own vaguer text (or the exception) fails.

Timeouts: every call gets a generous read timeout (``HEALTHY_TIMEOUT_SECONDS``), so a healthy
read on a loaded machine is never mistaken for a fault; only the call a "timeout" fault is
armed on gets the short one (``TIMEOUT_SECONDS``), and the sandbox holds that answer far longer
(``SLOW_ANSWER_MS``). A timeout case then costs half a second, and cannot pass or fail by luck.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from channels_api import _transport, errors
from dashboard import upstream
from tests.dashboard.security.helpers import shown_times

# Long enough for "try again at" to be a later minute than now, and far too long for the
# client's 10 s retry budget: a 429 with it is raised at once instead of being waited out.
RETRY_AFTER_SECONDS = 120
# The client's read timeout for every call in these tests: far above a healthy answer, even on
# a loaded machine (0.5 s was once hit by healthy reads there).
HEALTHY_TIMEOUT_SECONDS = 2.0
# The read timeout of the one call a "timeout" fault is armed on, and how long CM.com then
# takes: six times longer, so that call always times out, and quickly.
TIMEOUT_SECONDS = 0.5
SLOW_ANSWER_MS = 3_000

# (METHOD, lowercased path) of the calls a delaying fault is armed on: only these get the
# short read timeout (see ``fast_upstream``).
_SLOW_CALLS: set[tuple[str, str]] = set()


def _words(error: errors.ChannelsAPIError) -> Callable[[], set[str]]:
    return lambda: {upstream.describe_failure(error).message}


def _try_again_at() -> set[str]:
    return {
        f"Too many requests to CM.com — try again at {moment}."
        for moment in shown_times(RETRY_AFTER_SECONDS)
    }


@dataclass(frozen=True)
class Fault:
    """One way CM.com can fail a call, as the sandbox arms it."""

    name: str
    words: Callable[[], set[str]]
    """The sentences (any one of them) the person must read."""
    status: int | None = None
    delay_ms: int = 0
    retry_after: int | None = None
    malformed: bool = False
    body: Any = None
    lost_answer: bool = False
    """Whether a write under this fault may or may not have happened (timeout, 5xx, unreadable)."""
    extra: dict[str, Any] = field(default_factory=dict)

    def arm(self, sandbox: Any, method: str, path: str, *, count: int = 8) -> None:
        """Make the next ``count`` ``method`` calls to ``path`` fail this way (only these)."""
        sandbox.clear_faults()
        _SLOW_CALLS.clear()
        if self.delay_ms:
            _SLOW_CALLS.add((method.upper(), path.lower()))
        sandbox.fault(
            method,
            path,
            count=count,
            status=self.status,
            delay_ms=self.delay_ms,
            retry_after=self.retry_after,
            malformed=self.malformed,
            body=self.body,
        )


READ_FAULTS: dict[str, Fault] = {
    fault.name: fault
    for fault in (
        Fault(
            "timeout",
            _words(errors.Timeout("t")),
            delay_ms=SLOW_ANSWER_MS,
            lost_answer=True,
        ),
        Fault("500", _words(errors.UpstreamError("e", status=500)), status=500, lost_answer=True),
        Fault("503", _words(errors.UpstreamError("e", status=503)), status=503, lost_answer=True),
        Fault("429", _try_again_at, status=429, retry_after=RETRY_AFTER_SECONDS),
        Fault("401", _words(errors.Unauthorized("e", status=401)), status=401),
        Fault("403", _words(errors.Forbidden("e", status=403)), status=403),
        Fault("404", _words(errors.NotFound("e", status=404)), status=404),
        Fault(
            "malformed",
            _words(errors.MalformedResponse("e", status=200)),
            malformed=True,
            lost_answer=True,
        ),
    )
}


@pytest.fixture
def fast_upstream(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A generous read timeout except on the call a timeout fault is armed on, and retries
    without their pauses.

    The retries themselves still happen, over HTTP, against the same fault; only the sleep
    between them (the backoff, a short Retry-After: tested in the client's own tests) is
    skipped, so a 503 or a 429 costs milliseconds.
    """
    settings.UPSTREAM_TIMEOUT_SECONDS = HEALTHY_TIMEOUT_SECONDS
    monkeypatch.setattr(_transport.RetryPolicy, "backoff", lambda self, attempt: 0.0)
    monkeypatch.setitem(_transport.Transport.__init__.__kwdefaults__, "sleep", lambda s: None)
    send = requests.Session.request

    def request(self: requests.Session, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        if (method.upper(), urlsplit(url).path.lower()) in _SLOW_CALLS:
            connect = kwargs.get("timeout", (TIMEOUT_SECONDS, TIMEOUT_SECONDS))
            connect = connect[0] if isinstance(connect, tuple) else connect
            kwargs["timeout"] = (connect, TIMEOUT_SECONDS)
        return send(self, method, url, *args, **kwargs)

    monkeypatch.setattr(requests.Session, "request", request)
    _SLOW_CALLS.clear()
    yield
    _SLOW_CALLS.clear()


def text_of(response: Any) -> str:
    """The body of a response as a person reads it (entities decoded)."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return html.unescape(raw.decode("utf-8", errors="replace"))


def plain(text: str) -> str:
    """Text without tags, whitespace collapsed: what a person reads, for finding phrases."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))


def says_one_of(text: str, sentences: set[str]) -> bool:
    words = plain(text)
    return any(sentence in words for sentence in sentences)


def fragment_root_id(text: str) -> str | None:
    """The id of the first element of an htmx answer, or None when it is a whole page."""
    start = text.lstrip()
    if start.lower().startswith("<!doctype") or start.lower().startswith("<html"):
        return None
    head = start.split(">", 1)[0]
    marker = 'id="'
    if marker not in head:
        return None
    return head.split(marker, 1)[1].split('"', 1)[0]


def before_each_request(account: Any) -> None:
    """A clean start for one request: no cached reads, a closed breaker, no held Retry-After.

    Without it, the second request of a case would meet the breaker ("paused") or the held
    Retry-After instead of the fault this case is about.
    """
    from django.core.cache import cache

    cache.clear()
    upstream.reset_breaker(account)
