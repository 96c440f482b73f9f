"""``python -m bench``: run every benchmark and write bench/RESULTS.md and bench/results.json.

    python -m bench                      # everything (what `make bench` runs)
    python -m bench --only calls,weight  # some, written to --output (not RESULTS.md)
    python -m bench --only poll_scale --output /tmp/poll_scale.md  # one alone
    BENCH_PAGES="Channels,Numbers" python -m bench --only latency --output /tmp/l.md  # some pages

Order: the page benchmarks (1, 2, 3, 5, 6) on one sandbox with the demo and the large
account, served by a child process (CM.com's work is not the dashboard's), then the poll
cycle (4) on a sandbox of its own with 50 accounts (the page benchmarks' accounts are removed
first: beat polls every account in the database), then search (7) on an index of its own,
with no sandbox (a search asks CM.com nothing), then the poll cycle with 1, 2 and 4 prefork
worker processes (8) on 200 accounts (BENCH_POLL_SCALE_ACCOUNTS=500: the issue's 500), a
sandbox process and a redis-server of its own, then the audit export (9) of 10,000 and a
million rows of the audit trail, with no sandbox.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bench import environment, report

NAMES = (
    "calls",
    "latency",
    "large",
    "poll",
    "weight",
    "lighthouse",
    "search",
    "poll_scale",
    "audit_export",
)
ORDER = NAMES


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only", default="", help=f"comma-separated benchmarks to run, of {', '.join(NAMES)}"
    )
    parser.add_argument("--runs", type=int, default=7, help="timed views per page (≥ 5)")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help="where to write the Markdown (default bench/RESULTS.md, only for a full run)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks asked for; 0 when they ran (a missed bar is a result, not a crash)."""
    options = _arguments(sys.argv[1:] if argv is None else argv)
    wanted = [n.strip() for n in options.only.split(",") if n.strip()] or list(NAMES)
    unknown = sorted(set(wanted) - set(NAMES))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(NAMES)}")
        return 2
    runs = max(5, options.runs)
    full = set(wanted) == set(NAMES)
    markdown = options.output or (report.HERE / "RESULTS.md" if full else None)
    if markdown is None:
        print("a partial run needs --output (RESULTS.md records full runs only)")
        return 2
    began = time.perf_counter()
    load_at_start = report.load_average()
    sections: dict[str, report.Section] = {}
    with environment.workdir() as folder:
        print(f"preparing Django and the sandbox in {folder} …", flush=True)
        environment.prepare(folder)
        page_benchmarks = [
            n for n in wanted if n not in ("poll", "search", "poll_scale", "audit_export")
        ]
        if page_benchmarks:
            sections.update(_page_benchmarks(page_benchmarks, runs))
        if "poll" in wanted:
            from bench import poll

            print("poll cycle …", flush=True)
            started = time.perf_counter()
            sections["poll"] = poll.run()
            sections["poll"].seconds = time.perf_counter() - started
        if "search" in wanted:
            from bench import search

            print("search …", flush=True)
            started = time.perf_counter()
            sections["search"] = search.run()  # its accounts removed again when done
            sections["search"].seconds = time.perf_counter() - started
        if "poll_scale" in wanted:
            from bench import poll_scale

            print("poll cycle with 1, 2 and 4 worker processes …", flush=True)
            started = time.perf_counter()
            sections["poll_scale"] = poll_scale.run()
            sections["poll_scale"].seconds = time.perf_counter() - started
        if "audit_export" in wanted:
            from bench import audit_export

            print("audit export, 10,000 and a million rows …", flush=True)
            started = time.perf_counter()
            sections["audit_export"] = audit_export.run()  # its rows removed again when done
            sections["audit_export"].seconds = time.perf_counter() - started
    ordered = [sections[name] for name in ORDER if name in sections]
    total = time.perf_counter() - began
    raw = report.HERE / "results.json" if markdown == report.HERE / "RESULTS.md" else None
    report.write(
        ordered,
        report.machine(load_at_start),
        markdown=markdown,
        raw=raw or markdown.with_suffix(".json"),
        total_seconds=total,
    )
    for section in ordered:
        print(f"{section.title}: {report.mark(section.met).strip('*')} ({section.seconds:.0f} s)")
    print(f"written {markdown} in {total:.0f} s")
    return 0


def _page_benchmarks(wanted: list[str], runs: int) -> dict[str, report.Section]:
    from bench import calls, large, latency, lighthouse, visits, weight
    from bench.pages import targets
    from bench.seeded import discover

    bench = environment.start()
    try:
        demo_ids, large_ids = discover(bench.demo), discover(bench.large)
        environment.track(bench.demo)
        demo, big = targets(demo_ids), targets(large_ids)
        # BENCH_PAGES="Channels,Numbers": a partial run on some pages, to profile one change.
        only = {
            label.strip() for label in os.environ.get("BENCH_PAGES", "").split(",") if label.strip()
        }
        if only:
            demo = [t for t in demo if t.page.label in only]
            big = [t for t in big if t.page.label in only]
        # Warm up once (not measured): imports, template compilation, the first connection.
        for target in demo:
            visits.view(bench, target.url, None, cold=True)
        bench.sandbox.clear_log()
        steps = {
            "calls": lambda: calls.run(bench, demo),
            "latency": lambda: latency.run(bench, demo, runs=runs),
            "large": lambda: large.run(bench, demo, big, runs=runs),
            "weight": lambda: weight.run(bench, demo),
            "lighthouse": lambda: lighthouse.run(bench, demo),
        }
        done: dict[str, report.Section] = {}
        for name in ORDER:
            if name in wanted and name in steps:
                print(f"{name} …", flush=True)
                started = time.perf_counter()
                done[name] = steps[name]()
                done[name].seconds = time.perf_counter() - started
        return done
    finally:
        bench.sandbox.stop()


if __name__ == "__main__":
    raise SystemExit(main())
