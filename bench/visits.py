"""One page view through ``django.test.Client``, timed, with the upstream calls it caused.

The sandbox's log is cleared before the view and read after it (both outside the timing), so
each view's tally holds only its own calls. A view that raises is recorded with status 0 and
the error's type: one broken page must not stop the other benchmarks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bench import environment, upstream_log
from bench.environment import Bench
from bench.upstream_log import Tally


@dataclass(frozen=True)
class View:
    """What one view of a page cost."""

    status: int
    seconds: float
    page_bytes: int
    tally: Tally = field(default_factory=Tally)
    error: str = ""
    body: bytes = b""

    @property
    def ok(self) -> bool:
        """Answered 200."""
        return self.status == 200


def view(
    bench: Bench,
    url: str,
    account_id: str | None,
    *,
    cold: bool,
    htmx: bool = False,
    keep_body: bool = False,
) -> View:
    """GET ``url`` as the bench's admin; ``cold`` forgets the upstream cache first."""
    if cold:
        environment.cold()
    bench.sandbox.clear_log()
    headers = {"HX-Request": "true"} if htmx else {}
    started = time.perf_counter()
    try:
        response = bench.client.get(url, headers=headers)
        body = (
            b"".join(response.streaming_content)  # type: ignore[attr-defined]
            if response.streaming
            else response.content
        )
    except Exception as error:  # a broken page is a figure too
        seconds = time.perf_counter() - started
        tally = upstream_log.tally(bench.log(), account_id)
        return View(0, seconds, 0, tally, error=f"{type(error).__name__}: {error}")
    seconds = time.perf_counter() - started
    tally = upstream_log.tally(bench.log(), account_id)
    return View(response.status_code, seconds, len(body), tally, body=body if keep_body else b"")
