"""Benchmark 1: upstream calls per page.

Each page once with the upstream cache cold, then once more at once (within the cache TTL):
the calls each view made, read from the sandbox's log, next to the resources the page
shows (declared in ``bench.pages``). Bar: first view = resources shown; repeat view = 0.
"""

from __future__ import annotations

from typing import Any

from bench import visits
from bench.environment import Bench
from bench.pages import Target
from bench.report import Section, mark

TITLE = "1. Upstream calls per page"
BAR = "first view makes one call per resource shown; a repeat view within the cache TTL makes 0"


def run(bench: Bench, targets: list[Target]) -> Section:
    """Count each page's calls on a cold and on a repeat view (sandbox latency 0)."""
    bench.sandbox.settings(latency_ms=0)
    rows: list[list[str]] = []
    raw: list[dict[str, Any]] = []
    verdicts: list[bool] = []
    for target in targets:
        first = visits.view(bench, target.url, None, cold=True)
        repeat = visits.view(bench, target.url, None, cold=False)
        shown = len(target.page.resources)
        met = first.ok and repeat.ok and first.tally.calls == shown and repeat.tally.calls == 0
        verdicts.append(met)
        status = "" if first.ok and repeat.ok else f" (HTTP {first.status}/{repeat.status})"
        rows.append(
            [
                target.page.label,
                f"`{target.url}`",
                str(shown),
                target.page.why,
                str(first.tally.calls) + status,
                str(repeat.tally.calls),
                mark(met),
            ]
        )
        raw.append(
            {
                "page": target.page.key,
                "url": target.url,
                "resources": list(target.page.resources),
                "why": target.page.why,
                "first_view_calls": first.tally.calls,
                "first_view_requests": first.tally.requests,
                "repeat_view_calls": repeat.tally.calls,
                "repeat_view_requests": repeat.tally.requests,
                "status": [first.status, repeat.status],
                "error": first.error or repeat.error,
                "met": met,
            }
        )
    notes = [
        "Calls are every request the sandbox logged during the view; the resources shown are "
        "declared in `bench/pages.py` after reading each page's view and selectors.",
    ]
    for item in raw:
        if not item["met"]:
            notes.append(
                f"{item['page']}: first view called "
                + (", ".join(f"`{r}`" for r in item["first_view_requests"]) or "nothing")
                + (
                    f"; repeat view called {', '.join(item['repeat_view_requests'])}"
                    if item["repeat_view_calls"]
                    else ""
                )
                + (f"; error: {item['error']}" if item["error"] else "")
            )
    return Section(
        key="calls",
        title=TITLE,
        bar=BAR,
        columns=[
            "page",
            "URL",
            "resources shown",
            "why",
            "first view",
            "repeat view",
            "bar",
        ],
        rows=rows,
        met=all(verdicts) if verdicts else None,
        notes=notes,
        raw=raw,
    )
