"""``make run`` keeps its children running (dashboard.supervise): a child that dies is started
again after a pause that doubles with each quick death, up to a ceiling; one that had run a
while starts again at once; the others keep running throughout, and Ctrl-C stops them all.
Real processes; the supervisor's clock is a hand-moved one, so no test waits for a pause."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dashboard.supervise import Supervisor

DIES = [sys.executable, "-c", "import sys; sys.exit(3)"]
STAYS = [sys.executable, "-c", "import time; time.sleep(120)"]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def supervised(tmp_path: Path):
    clock, said = Clock(), []
    supervisor = Supervisor(
        cwd=tmp_path, first_pause=1, longest_pause=4, stable_after=30, say=said.append, clock=clock
    )
    yield supervisor, clock, said
    supervisor.stop_all(wait=5)


def _died(supervisor: Supervisor, name: str) -> None:
    child = next(c for c in supervisor.children if c.name == name)
    assert child.process is not None
    child.process.wait(timeout=10)
    supervisor.check()


def test_a_child_that_keeps_dying_waits_1_2_4_then_4_seconds_and_the_web_server_stays(
    supervised,
) -> None:
    supervisor, clock, said = supervised
    web = supervisor.start("web", STAYS)
    supervisor.start("worker", DIES)
    pauses = []
    for _ in range(4):
        _died(supervisor, "worker")
        pauses.append(said[-1])
        clock.now += 0.5  # not yet: the pause is at least a second
        supervisor.check()
        assert not said[-1].startswith("  Starting")
        clock.now += 4
        supervisor.check()
        assert said[-1] == "  Starting worker again."
    assert pauses == [
        f"  worker stopped (exit 3); starting it again in {pause} s. The rest keep running."
        for pause in (1, 2, 4, 4)
    ]
    worker = next(c for c in supervisor.children if c.name == "worker")
    assert worker.starts == 5
    assert web.poll() is None  # the same web server process all along
    assert next(c for c in supervisor.children if c.name == "web").starts == 1


def test_a_child_that_had_run_a_while_starts_again_at_once(supervised) -> None:
    supervisor, clock, said = supervised
    supervisor.start("worker", DIES)
    _died(supervisor, "worker")  # a quick death: 1 s
    clock.now += 1
    supervisor.check()
    clock.now += 60  # this one ran a minute before it died
    _died(supervisor, "worker")
    assert said[-1].endswith("starting it again in 0 s. The rest keep running.")
    supervisor.check()
    assert said[-1] == "  Starting worker again."


def test_stopping_ends_every_child(supervised) -> None:
    supervisor, _clock, _said = supervised
    first, second = supervisor.start("web", STAYS), supervisor.start("sandbox", STAYS)
    supervisor.stop_all(wait=5)
    assert first.poll() is not None
    assert second.poll() is not None
