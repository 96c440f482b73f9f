"""RESULTS.md and results.json as the writer makes them from sections."""

from __future__ import annotations

import json

from bench.report import Machine, Section, machine, render, table, write

WHERE = Machine(
    arch="x86_64",
    cores=2,
    python="3.11.7",
    date="2026-11-27 05:00 UTC",
    commit="abc1234",
    dirty=0,
    load="0.5 → 1.2",
    cpu_reference="12.3 ms",
)


def section(met: bool | None = True) -> Section:
    return Section(
        key="calls",
        title="1. Upstream calls per page",
        bar="first view = resources shown",
        columns=["page", "calls"],
        rows=[["Overview", "4"]],
        met=met,
        notes=["counted from the sandbox log"],
        raw=[{"page": "overview", "calls": 4}],
        tables=[("Extra", ["file", "bytes"], [["app.css", "3,183"]])],
    )


def test_results_name_the_machine_its_load_its_speed_the_date_and_the_commit():
    text = render([section()], WHERE)

    assert (
        "| x86_64 | 2 | 0.5 → 1.2 | 12.3 ms | 3.11.7 | 2026-11-27 05:00 UTC | `abc1234` |" in text
    )


def test_the_machine_is_described_with_a_cpu_reference_in_milliseconds():
    described = machine()

    assert described.cpu_reference.endswith(" ms")
    assert float(described.cpu_reference.removesuffix(" ms")) > 0


def test_a_run_on_a_changed_tree_says_so_next_to_the_commit():
    changed = Machine(**{**WHERE.__dict__, "dirty": 3})

    assert "`abc1234` plus 3 uncommitted file(s)" in render([section()], changed)


def test_each_benchmark_has_its_table_and_its_bar_marked():
    text = render([section(True), Section("poll", "4. Poll", "20x", ["a"], [["1"]], False)], WHERE)

    assert "## 1. Upstream calls per page" in text
    assert "| Overview | 4 |" in text
    assert "Bar: first view = resources shown — **met**." in text
    assert "Bar: 20x — **missed**." in text
    assert "| 4. Poll | 20x | **missed** |" in text


def test_a_benchmark_that_could_not_run_is_not_measured():
    assert "— not measured." in render([section(None)], WHERE)


def test_further_tables_and_notes_follow_the_main_table():
    text = render([section()], WHERE)

    assert "**Extra**" in text
    assert "| app.css | 3,183 |" in text
    assert "- counted from the sandbox log" in text


def test_a_pipe_in_a_cell_does_not_split_the_row():
    assert table(["a"], [["x | y"]]).splitlines()[-1] == "| x \\| y |"


def test_both_files_are_written(tmp_path):
    markdown, raw = tmp_path / "RESULTS.md", tmp_path / "results.json"

    write([section()], WHERE, markdown=markdown, raw=raw, total_seconds=12.3)

    assert markdown.read_text().startswith("# Benchmark results")
    figures = json.loads(raw.read_text())
    assert figures["machine"]["commit"] == "abc1234"
    assert figures["benchmarks"]["calls"]["figures"] == [{"page": "overview", "calls": 4}]
    assert figures["benchmarks"]["calls"]["met"] is True
