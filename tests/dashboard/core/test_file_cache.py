"""The embedded default's cache (dashboard/core/file_cache.py): ``add`` wins once and ``incr``
loses no count when several processes race on the same keys, as the web server's threads and
the worker's processes do on "Poll now", a confirmation or the breaker's count. Django's own
file cache, raced the same way, is the control: it lets a key be added twice and loses counts.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache

from dashboard.core.file_cache import SharedFileCache

PROCESSES = 4
KEYS = 150


def _race_add(backend: type[FileBasedCache], folder: str, start: Any, wins: Any) -> None:
    cache = backend(folder, {})
    start.wait()
    won = [key for key in range(KEYS) if cache.add(f"nonce-{key}", True, 60)]
    wins.put(won)


def _race_incr(backend: type[FileBasedCache], folder: str, start: Any) -> None:
    cache = backend(folder, {})
    start.wait()
    for _ in range(KEYS):
        cache.incr("failures")


def _added(backend: type[FileBasedCache], folder: Path) -> list[int]:
    """How many processes won each key's ``add``."""
    context = multiprocessing.get_context("fork")
    start, wins = context.Barrier(PROCESSES), context.Queue()
    racers = [
        context.Process(target=_race_add, args=(backend, str(folder), start, wins))
        for _ in range(PROCESSES)
    ]
    for racer in racers:
        racer.start()
    won = [key for _ in racers for key in wins.get(timeout=60)]
    for racer in racers:
        racer.join(timeout=60)
    return [won.count(key) for key in range(KEYS)]


def _counted(backend: type[FileBasedCache], folder: Path) -> int:
    backend(str(folder), {}).set("failures", 0, 60)
    context = multiprocessing.get_context("fork")
    start = context.Barrier(PROCESSES)
    racers = [
        context.Process(target=_race_incr, args=(backend, str(folder), start))
        for _ in range(PROCESSES)
    ]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=60)
        assert racer.exitcode == 0
    return int(backend(str(folder), {}).get("failures"))


def test_each_key_is_added_by_exactly_one_of_several_racing_processes(tmp_path: Path) -> None:
    assert _added(SharedFileCache, tmp_path / "shared") == [1] * KEYS


def test_increments_from_several_racing_processes_are_all_counted(tmp_path: Path) -> None:
    assert _counted(SharedFileCache, tmp_path / "shared") == PROCESSES * KEYS


def test_djangos_own_file_cache_raced_the_same_way_adds_twice_and_loses_counts(
    tmp_path: Path,
) -> None:
    """The control: the race above is real, so the tests above prove the lock."""
    assert max(_added(FileBasedCache, tmp_path / "add")) > 1
    assert _counted(FileBasedCache, tmp_path / "incr") < PROCESSES * KEYS
