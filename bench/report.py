"""Writing the results: ``bench/RESULTS.md`` (a table per benchmark, the machine, the date and
the commit, each bar marked met or missed) and ``bench/results.json`` (the raw figures).

Each benchmark hands back a ``Section``; ``render`` turns sections into Markdown and is pure,
so ``tests/bench`` can check the tables without running a benchmark.
"""

from __future__ import annotations

import html
import json
import os
import platform
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


@dataclass
class Section:
    """One benchmark's results."""

    key: str
    title: str
    bar: str
    """The issue's bar, in words."""
    columns: list[str]
    rows: list[list[str]]
    met: bool | None
    """Every bar of the section met (None: something could not be measured)."""
    notes: list[str] = field(default_factory=list)
    raw: Any = None
    """The figures as measured, for results.json."""
    tables: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    """Further tables: (heading, columns, rows)."""
    seconds: float = 0.0
    """How long the benchmark took to run."""


@dataclass(frozen=True)
class Machine:
    """Where and when the run happened."""

    arch: str
    cores: int
    python: str
    date: str
    commit: str
    dirty: int
    """Files changed or added since the commit (the run measured the tree as it was)."""
    load: str = ""
    """The machine's 1-minute load average at the start and the end of the run: others use
    it too, and timings are only as quiet as it was."""
    cpu_reference: str = ""
    """``cpu_reference_ms`` at the end of the run: how fast this machine runs Python, so runs
    on different machines can be compared (own times scale with it)."""


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=HERE.parent, capture_output=True, text=True, timeout=20
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def load_average() -> float:
    """The 1-minute load average (0 where the system does not say)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def _reference_work() -> int:
    # Rows built, escaped, joined and dumped: the kind of work a page's rendering does, fixed
    # in size so the time says how fast the machine is, not how big the project grew.
    rows = [
        {"id": i, "name": f"row <{i}>", "state": ("pending", "approved")[i % 2]}
        for i in range(10_000)
    ]
    text = "".join(
        f"<tr><td>{row['id']}</td><td>{html.escape(row['name'])}</td><td>{row['state']}</td></tr>"
        for row in rows
    )
    return len(json.dumps(rows)) + len(text)


def cpu_reference_ms(rounds: int = 7) -> float:
    """The thread's CPU time of a fixed piece of Python work, best of ``rounds``, in ms.

    CPU time rather than wall time and the best round rather than the median, so other work on
    the machine moves it little: it describes the machine, where the load describes the moment.
    """
    best = float("inf")
    for _ in range(rounds):
        began = time.thread_time()
        _reference_work()
        best = min(best, time.thread_time() - began)
    return best * 1000


def machine(load_at_start: float | None = None) -> Machine:
    """This machine, now, and the commit checked out (read-only git commands)."""
    status = _git("status", "--porcelain")
    now = load_average()
    load = f"{now:.1f}" if load_at_start is None else f"{load_at_start:.1f} → {now:.1f}"
    return Machine(
        arch=platform.machine(),
        cores=os.cpu_count() or 0,
        python=platform.python_version(),
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        commit=_git("rev-parse", "--short", "HEAD") or "unknown",
        dirty=len([line for line in status.splitlines() if line.strip()]),
        load=load,
        cpu_reference=f"{cpu_reference_ms():.1f} ms",
    )


def mark(met: bool | None) -> str:
    """A bar's verdict as the tables show it."""
    if met is None:
        return "not measured"
    return "**met**" if met else "**missed**"


def _cell(value: object) -> str:
    # A pipe would end the cell; a new line would end the row.
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(columns: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    lines = [
        "| " + " | ".join(_cell(c) for c in columns) + " |",
        "|" + "|".join("---" for _ in columns) + "|",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def run_alone(run: Callable[[], Section]) -> int:
    """Run one benchmark on its own (``python -m bench.<name>``) and print its table."""
    from bench import environment

    with environment.workdir() as folder:
        environment.prepare(folder)
        section = run()
    print(section.title)
    print(table(section.columns, section.rows))
    for note in section.notes:
        print("-", note)
    print("bar:", section.bar, "—", mark(section.met))
    return 0


def render(sections: list[Section], where: Machine, *, total_seconds: float = 0.0) -> str:
    """RESULTS.md's text."""
    tree = (
        f"`{where.commit}` plus {where.dirty} uncommitted file(s) in the working tree"
        if where.dirty
        else f"`{where.commit}`"
    )
    out = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m bench`); the raw figures are in `bench/results.json`.",
        "Every figure is a count or a ratio measured in this one run; timings are medians.",
        "The dashboard runs in the bench's process with its production settings (`DEBUG=false`,",
        "cached templates, compressed static files) on a throwaway SQLite database, as an admin.",
        "The sandbox (CM.com's stand-in) runs in a process of its own (`python -m",
        "channels_api.sandbox`, started and steered over HTTP by `bench/environment.py`): CM.com",
        "is remote, so its routing, JSON and seeding are not counted as the dashboard's time",
        "(benchmarks 1-3, 5 and 6; the poll cycle, 4, serves its 50 accounts from a thread;",
        "benchmark 8 runs its own sandbox process, redis-server and prefork Celery workers).",
        "The CPU reference is the CPU time of a fixed piece of Python work (rows built, escaped,",
        "joined and dumped; best of 7, `bench/report.py`): it says how fast the machine runs",
        "Python, so the timings of runs on two machines compare in proportion to it.",
        "",
        table(
            [
                "machine",
                "cores",
                "load (1 min, start → end)",
                "CPU reference",
                "Python",
                "date",
                "commit",
                "run took",
            ],
            [
                [
                    where.arch,
                    str(where.cores),
                    where.load or "—",
                    where.cpu_reference or "—",
                    where.python,
                    where.date,
                    tree,
                    f"{total_seconds:.0f} s",
                ]
            ],
        ),
        "",
        "## Summary",
        "",
        table(
            ["benchmark", "bar", "verdict"],
            [[s.title, s.bar, mark(s.met)] for s in sections],
        ),
    ]
    for section in sections:
        out += ["", f"## {section.title}", "", f"Bar: {section.bar} — {mark(section.met)}.", ""]
        if section.rows:
            out += [table(section.columns, section.rows)]
        for heading, columns, rows in section.tables:
            out += ["", f"**{heading}**", "", table(columns, rows)]
        if section.notes:
            out += [""] + [f"- {note}" for note in section.notes]
    return "\n".join(out) + "\n"


def write(
    sections: list[Section],
    where: Machine,
    *,
    markdown: Path,
    raw: Path,
    total_seconds: float = 0.0,
) -> None:
    """Write RESULTS.md and results.json."""
    markdown.write_text(render(sections, where, total_seconds=total_seconds))
    figures = {
        "machine": asdict(where),
        "total_seconds": round(total_seconds, 1),
        "benchmarks": {
            s.key: {
                "title": s.title,
                "bar": s.bar,
                "met": s.met,
                "seconds": round(s.seconds, 1),
                "figures": s.raw,
            }
            for s in sections
        },
    }
    raw.write_text(json.dumps(figures, indent=2, default=str) + "\n")
