"""Benchmark 8's table from hand-made cycles: the speed-up against 1 process, the verdict
(calls per account unchanged, every run ok, ≥ 2.5x at 4 processes), and the note that says
where the time went."""

from __future__ import annotations

from typing import Any

from bench.poll_scale import _section


def _cycle(processes: int, wall: float, calls: int = 6, outcome: str = "ok") -> dict[str, Any]:
    return {
        "processes": processes,
        "wall_seconds": wall,
        "timed_out": False,
        "calls_per_account": {"a": calls, "b": calls},
        "outcomes": {outcome: 2},
        "cpu_seconds": {
            "workers": 1.0,
            "sandbox": 0.2,
            "redis": 0.1,
            "database": 0.0,
            "bench": 0.1,
            "machine_busy": 10.0,
        },
        "machine_busy_share": 0.5,
        "load_after": 1.0,
        "database": "sqlite",
    }


def _cycles(**walls: float) -> dict[str, dict[str, Any]]:
    return {
        "cold": _cycle(4, 50.0, calls=10),
        **{k[1:]: _cycle(int(k[1:]), v) for k, v in walls.items()},
    }


def test_the_speed_up_is_each_cycle_against_one_process_and_meets_the_bar_at_2_5x() -> None:
    section = _section(_cycles(p1=40.0, p2=20.0, p4=16.0), 2, (1, 2, 4), 1.0, "sqlite")

    assert [row[3] for row in section.rows] == ["—", "1.00x", "2.00x", "2.50x"]
    assert section.met is True
    assert section.raw["speed_up"] == {1: 1.0, 2: 2.0, 4: 2.5}


def test_a_slower_four_is_missed_and_the_notes_say_where_the_time_went() -> None:
    section = _section(_cycles(p1=40.0, p2=30.0, p4=20.0), 2, (1, 2, 4), 1.0, "sqlite")

    assert section.met is False
    where = section.notes[-1]
    assert where.startswith("Where the time goes: at 4 processes the cycle took 20.0 s")
    assert "Measured here: 2.00x." in where


def test_calls_per_account_that_change_with_the_processes_miss_the_bar() -> None:
    cycles = _cycles(p1=40.0, p2=20.0, p4=10.0)
    cycles["4"]["calls_per_account"] = {"a": 7, "b": 6}

    section = _section(cycles, 2, (1, 2, 4), 1.0, "sqlite")

    assert section.met is False
    assert any("DIFFER" in note for note in section.notes)
