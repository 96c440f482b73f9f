"""The Celery worker and beat outlive a lost broker: a private ``redis-server`` is stopped
under them and started again on the same port, and both are still running afterwards, the
worker answers a ping and beat sends its next poll (issue 19). Real processes throughout,
stopped even when the test fails."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard.redis_server import ROOT, free_port, start_redis


def _wait_in(log: Path, text: str, *, after: int = 0, seconds: float = 60) -> int:
    """Wait until ``text`` shows in the log past offset ``after``; its offset."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = log.read_text(errors="replace").find(text, after)
        if found >= 0:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{text!r} not in {log.name}:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[tuple[int, list[subprocess.Popen[bytes]]]]:
    port = free_port()
    processes = [start_redis(port)]
    yield port, processes
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _celery(args: list[str], port: int, log: Path, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/1",
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "POLL_INTERVAL": "10",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("TEST_CLOCK", None)
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "dashboard", *args],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def _pinged(port: int, tmp_path: Path, seconds: float = 30) -> bool:
    """Whether a worker answers ``celery inspect ping`` on the broker (asked again until one
    does: after reconnecting, the worker takes a moment to listen for remote control)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        log = tmp_path / "ping.log"
        asked = _celery(["inspect", "ping", "--timeout=2"], port, log, tmp_path)
        asked.wait(timeout=30)
        if "pong" in log.read_text(errors="replace"):
            return True
    return False


def test_the_worker_and_beat_outlive_a_redis_restart(broker, tmp_path: Path) -> None:
    port, processes = broker
    worker_log, beat_log = tmp_path / "worker.log", tmp_path / "beat.log"
    worker = _celery(
        ["worker", "--loglevel=INFO", "--concurrency=1", "--hostname=outage@%h"],
        port,
        worker_log,
        tmp_path,
    )
    beat = _celery(
        ["beat", "--loglevel=INFO", f"--schedule={tmp_path / 'beat-schedule'}"],
        port,
        beat_log,
        tmp_path,
    )
    processes += [worker, beat]
    _wait_in(worker_log, "ready.")
    _wait_in(beat_log, "beat: Starting")

    redis = processes[0]
    redis.send_signal(signal.SIGTERM)
    redis.wait(timeout=10)
    lost = _wait_in(worker_log, "Cannot connect to redis")
    beat_lost = len(beat_log.read_text(errors="replace"))
    time.sleep(3)  # an outage of a few seconds, as when Redis restarts
    processes.append(start_redis(port))

    _wait_in(worker_log, "Connected to redis", after=lost)
    assert worker.poll() is None
    assert beat.poll() is None
    # The worker answers on the broker that came back; beat sends its next poll through it.
    assert _pinged(port, tmp_path)
    _wait_in(beat_log, "Sending due task tracker-poll-all", after=beat_lost)
    assert beat.poll() is None
