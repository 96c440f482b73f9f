"""Benchmark 2: one round trip.

The sandbox adds 100 ms to every answer; each page is viewed ``runs`` times with the upstream
cache cold, and its median time divided by 100 ms. 1.0 is the physical limit (one round trip
and nothing else); a page that fetched two resources one after the other lands near 2.0.

The dashboard's own time of a view is its page time minus the slowest answer the sandbox
logged for that view (the sandbox's own timing, its 100 ms included): what the page cost
besides waiting for CM.com's one round trip. Issue 19: at most 12 ms (median) on every page,
so that every ratio stays at most 1.15 on a loaded machine. A few more cold views per page,
profiled (``bench.where``), say where that time goes.
"""

from __future__ import annotations

from typing import Any

from bench import environment, report, stats, visits, where
from bench.environment import Bench
from bench.pages import Target
from bench.report import Section, mark

LATENCY_MS = 100
LIMIT = 1.15
OWN_LIMIT_MS = 12.0
PROFILED_VIEWS = 3
TITLE = "2. One round trip (sandbox latency 100 ms)"
BAR = (
    f"median cold page time / {LATENCY_MS} ms ≤ {LIMIT} and the dashboard's own time "
    f"(page time minus the slowest answer) ≤ {OWN_LIMIT_MS:.0f} ms, median, for every page"
)


def run(bench: Bench, targets: list[Target], *, runs: int) -> Section:
    """Time ``runs`` cold views of every page at 100 ms of upstream latency."""
    bench.sandbox.settings(latency_ms=LATENCY_MS)
    rows: list[list[str]] = []
    raw: list[dict[str, Any]] = []
    verdicts: list[bool] = []
    loads: list[float] = [report.load_average()]
    splits: list[tuple[str, where.Split]] = []
    try:
        for target in targets:
            views = [visits.view(bench, target.url, None, cold=True) for _ in range(runs)]
            seconds = [v.seconds for v in views]
            ok = all(v.ok for v in views)
            value = stats.round_trip_ratio(seconds, LATENCY_MS)
            calls = max(v.tally.calls for v in views)
            # The sandbox's own time for the slowest answer (its 100 ms included): the part
            # of the page time that is the upstream's, not the dashboard's.
            slowest = stats.median([v.tally.slowest_ms for v in views]) if calls else 0.0
            # Per view, so a slow answer in one view is not taken off another's time.
            own = [stats.own_ms(v.seconds, v.tally.slowest_ms) for v in views]
            own_median = stats.median(own)
            met = ok and value <= LIMIT and own_median <= OWN_LIMIT_MS
            verdicts.append(bool(met))
            splits.append((target.page.label, _profiled(bench, target)))
            loads.append(report.load_average())
            rows.append(
                [
                    target.page.label,
                    str(calls),
                    f"{slowest:.0f} ms" if calls else "—",
                    f"{stats.median(seconds) * 1000:.0f} ms",
                    f"{min(seconds) * 1000:.0f}-{max(seconds) * 1000:.0f} ms",
                    f"{own_median:.1f} ms",
                    f"{value:.2f}",
                    mark(bool(met)) + ("" if ok else " (HTTP error)"),
                ]
            )
            raw.append(
                {
                    "page": target.page.key,
                    "upstream_calls": calls,
                    "slowest_answer_ms": round(slowest, 1),
                    "seconds": [round(s, 4) for s in seconds],
                    "median_seconds": round(stats.median(seconds), 4),
                    "own_ms": [round(o, 2) for o in own],
                    "median_own_ms": round(own_median, 2),
                    "ratio": round(value, 3),
                    "profile_ms": splits[-1][1].parts,
                    "profile_top": splits[-1][1].top,
                    "met": bool(met),
                }
            )
    finally:
        bench.sandbox.settings(latency_ms=0)
    return Section(
        key="latency",
        title=TITLE,
        bar=BAR,
        columns=[
            "page",
            "upstream calls",
            "slowest answer",
            "median",
            "range",
            "own time",
            "median / 100 ms",
            "bar",
        ],
        rows=rows,
        met=all(verdicts) if verdicts else None,
        tables=[
            (
                "Where the own time goes (request thread CPU per view, profiled, "
                f"{PROFILED_VIEWS} further cold views per page)",
                ["page", "CPU", "split (largest first) and the top project functions, ms"],
                [[label, f"{split.total_ms:.1f} ms", split.line()] for label, split in splits],
            )
        ],
        notes=[
            f"{runs} cold views per page (the upstream cache cleared before each), in-process "
            "through `django.test.Client` as an admin; the time includes the whole Django "
            "request (session, database, rendering).",
            "Slowest answer: the longest call as the sandbox timed it (the 100 ms included), "
            "median over the runs. A ratio near 2 means two upstream round trips one after "
            "the other.",
            "The sandbox answers from a process of its own, as CM.com would from elsewhere: "
            "its work (routing, building the JSON) is in the slowest answer, not competing "
            "with the dashboard's views for the interpreter. The page time is everything "
            "else: the dashboard's own work before the first call and after the last answer "
            "(session, database, parsing, rendering) and the loopback connection.",
            "Cold clears the cache, not the database: a channel request's page remembers in "
            "the database the ids that link its reads (the request's type and channel), made "
            "by the warm-up view, so a cold view asks every read at once. The first view of "
            "such a page ever (or after the link changed) takes two rounds.",
            "Own time: each view's page time minus the slowest answer the sandbox logged for "
            "that view, then the median over the runs (a page with no call: its page time). "
            "The sandbox's timing starts when it has read the request line and ends when its "
            "answer, formatted, is handed to the socket (parsing the request and formatting "
            "the answer are CM.com's work), so the loopback connection (a new one per call: "
            "the sandbox's server closes each after its answer), the HTTP client and parsing "
            "the answers count as the dashboard's: the honest side to err on. Bar: at most "
            f"{OWN_LIMIT_MS:.0f} ms, which keeps a one-call page at most {LIMIT} on this "
            "machine.",
            "Machine load (1 min) while this benchmark ran, before the first page and after "
            f"each: {', '.join(f'{load:.1f}' for load in loads)}. Two cores, shared with "
            "other work: a loaded machine lengthens the own time (the ratios' margin is for "
            "that).",
            "Where the time goes: the request thread's CPU time under cProfile (its clock is "
            "`time.thread_time`, so waiting for CM.com costs nothing), in views that are not "
            "timed above; the profiler slows Python code (templates most), so the shares "
            "matter more than the sum. Parts: middleware (Django's handling outside the view: "
            "session, login, CSRF, CSP, the test client), view (the view's own code and "
            "selectors: database, access, the upstream cache), client (building requests to "
            "CM.com and parsing answers in the request's thread), layout (base.html: menu, "
            "bell, account switcher, banners), content (the page's own block). Top: the "
            "three project functions with the most cumulative time (less their direct calls "
            "to CM.com's client), each not nearly all of another named.",
        ],
        raw={"latency_ms": LATENCY_MS, "runs": runs, "own_limit_ms": OWN_LIMIT_MS, "pages": raw},
    )


def _profiled(bench: Bench, target: Target) -> where.Split:
    """Where ``target``'s own time goes, from a few more cold views under the profiler."""
    from django.urls import resolve

    return where.profile(
        lambda: bench.client.get(target.url),
        environment.cold,
        resolve(target.url.split("?", 1)[0]).func,
        views=PROFILED_VIEWS,
    )
