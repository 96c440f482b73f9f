"""Benchmark 3: large accounts.

The same pages on the seeded demo account and on an account with 2,000 templates, 1,000
numbers, 500 keywords and 200 channel requests (so 3,500 channels: every template, number and
keyword is one) at sandbox latency 0. Per page: the bytes the sandbox sent for a cold view,
and the median cold page time over ``runs`` views, the two accounts' views interleaved so that
a noisy moment of the machine hits both alike. Before it, the large account's lists are
indexed as a poll would (``environment.index``): the overview counts from that store.

Bars, for every page: bytes per row shown do not grow (at most 1.25x the demo account's: a
paged list downloads one page whatever the account's size; a page that is not a list shows
one thing, so its bytes may not grow), and the median time is within 1.5x of the demo
account's. A page whose bytes must grow because the API gives no way to page what it shows
(``Page.unpaged``: "Get your channels") is not judged; the reason is stated instead.
"""

from __future__ import annotations

from typing import Any

from bench import environment, stats, visits
from bench.environment import Bench
from bench.pages import Target
from bench.report import Section, mark

BYTES_LIMIT = 1.25
TIME_LIMIT = 1.5
TITLE = (
    "3. Large accounts (2,000 templates, 1,000 numbers, 500 keywords, 200 channel requests, "
    "3,500 channels)"
)
BAR = (
    f"every page: bytes from the sandbox per row shown ≤ {BYTES_LIMIT}x the demo account's "
    f"(paged upstream), median time at zero latency ≤ {TIME_LIMIT}x the demo account's; "
    "a page the API gives no way to page states why instead"
)


def _rows(target: Target) -> int:
    if target.page.list_of is None:
        return 1
    name, size = target.page.list_of
    return stats.rows_shown(target.ids.totals.get(name, 0), size)


def run(bench: Bench, demo: list[Target], large: list[Target], *, runs: int) -> Section:
    """Compare every page on the two accounts."""
    bench.sandbox.settings(latency_ms=0)
    environment.index(bench.large)  # what the poller would have stored (the demo's is)
    by_key = {t.page.key: t for t in large}
    # As the demo account's pages were before the benchmarks: imports are warm, and what a
    # page remembers from its first view ever (``core.memo``) is remembered.
    for target in large:
        visits.view(bench, target.url, None, cold=True)
    rows: list[list[str]] = []
    raw: list[dict[str, Any]] = []
    verdicts: list[bool] = []
    for small in demo:
        big = by_key.get(small.page.key)
        if big is None:
            continue
        first_small = visits.view(bench, small.url, None, cold=True)
        first_big = visits.view(bench, big.url, None, cold=True)
        small_times, big_times = [], []
        for _ in range(runs):
            small_times.append(visits.view(bench, small.url, None, cold=True).seconds)
            big_times.append(visits.view(bench, big.url, None, cold=True).seconds)
        time_ratio = stats.ratio(stats.median(big_times), stats.median(small_times))
        growth = stats.bytes_growth(
            first_small.tally.response_bytes,
            first_big.tally.response_bytes,
            _rows(small),
            _rows(big),
        )
        is_list = small.page.list_of is not None
        unpaged = small.page.unpaged
        ok = first_small.ok and first_big.ok
        met: bool | None = None
        if not unpaged:
            met = bool(
                ok
                and (growth is None or growth <= BYTES_LIMIT)
                and time_ratio is not None
                and time_ratio <= TIME_LIMIT
            )
            verdicts.append(met)
        rows.append(
            [
                small.page.label + ("" if not unpaged else " (no paging)"),
                f"{first_small.tally.calls} / {first_big.tally.calls}",
                f"{first_small.tally.response_bytes:,} / {first_big.tally.response_bytes:,}",
                f"{_rows(small)} / {_rows(big)}" if is_list else "—",
                "—" if growth is None else f"{growth:.2f}",
                f"{stats.median(small_times) * 1000:.0f} / {stats.median(big_times) * 1000:.0f} ms",
                "—" if time_ratio is None else f"{time_ratio:.2f}",
                mark(met) if not unpaged else "reason stated",
            ]
        )
        raw.append(
            {
                "page": small.page.key,
                "list_page": is_list,
                "calls": [first_small.tally.calls, first_big.tally.calls],
                "largest_take": [first_small.tally.largest_take, first_big.tally.largest_take],
                "response_bytes": [
                    first_small.tally.response_bytes,
                    first_big.tally.response_bytes,
                ],
                "rows_shown": [_rows(small), _rows(big)],
                "bytes_growth_per_row": None if growth is None else round(growth, 3),
                "seconds_demo": [round(s, 4) for s in small_times],
                "seconds_large": [round(s, 4) for s in big_times],
                "time_ratio": None if time_ratio is None else round(time_ratio, 3),
                "requests_large": first_big.tally.requests,
                "status": [first_small.status, first_big.status],
                "met": met,
                "unpaged": unpaged,
            }
        )
    notes = [
        f"{runs} cold views per page and account, interleaved; sandbox latency 0, so the "
        "times are the dashboard's own work plus the time the sandbox (a process of its own) "
        "took to answer.",
        "Rows shown: the first page of the list (its page size, or the whole list when "
        "shorter: the demo account has 12 keywords, a page shows 25).",
    ]
    notes.append(
        "Rows shown of a page that is not a list: 1 (it shows one thing, or a summary), so its "
        "bytes growth per row is the large account's bytes over the demo account's."
    )
    for item in raw:
        growth = item["bytes_growth_per_row"]
        if growth is not None and growth > BYTES_LIMIT:
            why = f" No paging: {item['unpaged']}." if item["unpaged"] else ""
            notes.append(
                f"{item['page']} downloads {growth:.1f}x the demo account's bytes per row on "
                f"the large account: "
                + ", ".join(f"`{r}`" for r in item["requests_large"][:8])
                + (" …" if len(item["requests_large"]) > 8 else "")
                + "."
                + why
            )
    return Section(
        key="large",
        title=TITLE,
        bar=BAR,
        columns=[
            "page",
            "calls demo / large",
            "bytes demo / large",
            "rows shown demo / large",
            "bytes growth per row",
            "median demo / large",
            "time ratio",
            "bar",
        ],
        rows=rows,
        met=all(verdicts) if verdicts else None,
        notes=notes,
        raw={"runs": runs, "pages": raw},
    )
