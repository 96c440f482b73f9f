"""Keep ``make run``'s children running: a child that dies is started again after a pause
that doubles with each quick death (1 s, 2 s, 4 s… up to 30 s), and one that ran a while
starts again at once the next time. No child's death stops the others: the web server keeps
answering while the worker waits for its broker to come back (issue 19).

Plain Python (``run_dev`` uses it before Django is set up).
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Child:
    """One supervised process and its restart bookkeeping."""

    name: str
    argv: list[str]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_deaths: int = 0
    restart_at: float | None = None
    starts: int = 0
    history: list[str] = field(default_factory=list)


class Supervisor:
    """Starts children, restarts the ones that die (with backoff), stops them all."""

    def __init__(
        self,
        *,
        cwd: Path,
        first_pause: float = 1.0,
        longest_pause: float = 30.0,
        stable_after: float = 30.0,
        say: Callable[[str], None] = print,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.cwd = cwd
        self.first_pause = first_pause
        self.longest_pause = longest_pause
        self.stable_after = stable_after
        self.say = say
        self.clock = clock
        self.children: list[Child] = []

    def start(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        """Start a child now and supervise it from then on."""
        child = Child(name=name, argv=argv)
        self.children.append(child)
        self._spawn(child)
        assert child.process is not None
        return child.process

    def _spawn(self, child: Child) -> None:
        child.process = subprocess.Popen(child.argv, cwd=self.cwd)  # noqa: S603 (our own argv)
        child.started_at = self.clock()
        child.restart_at = None
        child.starts += 1

    def pause_after(self, quick_deaths: int) -> float:
        """The pause before a restart, after ``quick_deaths`` deaths in a row (1, 2, 3…)."""
        return min(self.first_pause * 2 ** (quick_deaths - 1), self.longest_pause)

    def check(self) -> None:
        """Notice children that died and start again the ones whose pause is over."""
        now = self.clock()
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    self.say(f"  Starting {child.name} again.")
                    self._spawn(child)
                continue
            if child.process is None or child.process.poll() is None:
                continue
            if now - child.started_at >= self.stable_after:
                child.quick_deaths, pause = 0, 0.0
            else:
                child.quick_deaths += 1
                pause = self.pause_after(child.quick_deaths)
            child.restart_at = now + pause
            said = f"{child.name} stopped (exit {child.process.returncode})"
            child.history.append(said)
            self.say(f"  {said}; starting it again in {pause:g} s. The rest keep running.")

    def stop_all(self, *, wait: float = 10.0) -> None:
        """SIGTERM every running child, then SIGKILL the ones still there after ``wait``."""
        running = [c.process for c in self.children if c.process and c.process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        for process in running:
            try:
                process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
