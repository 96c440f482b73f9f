"""Benchmark 8: a poller that grows with workers (issue 19).

200 accounts (500, the issue's size, with ``BENCH_POLL_SCALE_ACCOUNTS=500``), each seeded as in
benchmark 4 (200 or more pending items), served by the sandbox
in a process of its own at 20 ms of latency; Celery workers run as production runs them:
``celery -A dashboard worker --pool=prefork --concurrency=N``, real processes on a private
``redis-server`` (broker, upstream cache and the per-account locks), sharing the bench's
database.

A first cycle (nothing known yet, caches cold) runs on 4 processes to reach the steady state;
then one steady cycle each on 1, 2 and 4 processes, a fresh worker each time. Every cycle
queues one ``tracker.poll_account`` per account, as ``tracker.poll_all`` does, under a run key
of its own (beat names a cycle by its POLL_INTERVAL slot, and a second cycle in one slot would
find its runs finished). Measured per cycle: calls per account (from the sandbox's log: they
must not change with the number of processes), the cycle's wall time (first message sent to
the last run finished), and the CPU seconds each part used (``/proc``: the worker processes,
the sandbox, Redis, the database server if there is one, this process) against what the
machine had, so a speed-up short of the bar says where the time went.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import stats, upstream_log
from bench.environment import REPOSITORY, make_account, start_sandbox_process
from bench.poll import LATENCY_MS, POLL_SCALE
from bench.report import Section

# The issue's size is 500 accounts; a run then takes about 5 minutes on a quiet 2-core machine
# (1 process alone polls for about 2), over the bench's budget, so `make bench` polls 200
# and BENCH_POLL_SCALE_ACCOUNTS=500 runs the full size.
ISSUE_ACCOUNTS = 500
ACCOUNTS = int(os.environ.get("BENCH_POLL_SCALE_ACCOUNTS") or 200)
PROCESSES = (1, 2, 4)
SPEED_UP_WANTED = 2.5
TITLE = (
    "8. Poll cycle with 1, 2 and 4 worker processes ({accounts} accounts x 200+ pending items, "
    "sandbox 20 ms in its own process, prefork workers on Redis)"
)
BAR = (
    f"calls per account unchanged; at 4 processes the cycle is ≥ {SPEED_UP_WANTED}x faster "
    "than at 1, or the notes say where the time goes, measured"
)
NAMESPACE = uuid.UUID("9d2c4b6a-1e3f-4a5b-8c7d-2e4f6a8b0c1d")
WORKER_START_SECONDS = 90
CYCLE_TIMEOUT_SECONDS = 900
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def account_ids(count: int = ACCOUNTS) -> list[tuple[str, str]]:
    """(account id, token) of this benchmark's accounts: the same every run, and not
    benchmark 4's (both may be in one run)."""
    return [
        (str(uuid.uuid5(NAMESPACE, f"account-{i}")), str(uuid.uuid5(NAMESPACE, f"token-{i}")))
        for i in range(count)
    ]


# --- CPU from /proc --------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # After the command name in parentheses: state, ppid, pgrp, ... utime (14th), stime (15th).
    return text.rsplit(")", 1)[1].split()


def _cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        fields = _stat(pid)
        if fields:
            total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def _pids(*, group: int | None = None, command: str | None = None) -> list[int]:
    """Processes of a process group, or named ``command``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        if group is not None:
            fields = _stat(pid)
            if fields and int(fields[2]) == group:
                found.append(pid)
        elif command is not None:
            try:
                if (entry / "comm").read_text().strip() == command:
                    found.append(pid)
            except OSError:
                continue
    return found


def _machine() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, every core."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    idle = values[3] + values[4]  # idle, iowait
    return (sum(values) - idle) / CLOCK_TICKS, sum(values) / CLOCK_TICKS


@dataclass
class Parts:
    """The processes whose CPU a cycle measures."""

    workers: int
    """The worker's process group (the main process and its prefork children)."""
    sandbox: int
    redis: int
    database: str
    """``postgresql`` (the server's processes are counted) or ``sqlite`` (in the workers)."""

    def sample(self) -> dict[str, float]:
        database = _cpu(_pids(command="postgres")) if self.database == "postgresql" else 0.0
        busy, total = _machine()
        return {
            "workers": _cpu(_pids(group=self.workers)),
            "sandbox": _cpu([self.sandbox]),
            "redis": _cpu([self.redis]),
            "database": database,
            "bench": _cpu([os.getpid()]),
            "machine_busy": busy,
            "machine_total": total,
        }


# --- Redis and the workers -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def private_redis() -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """A redis-server of this run's own on a free port: nobody else's keys, no prefixes."""
    port = _free_port()
    process = subprocess.Popen(
        [
            *("redis-server", "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no"),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield port, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def worker_environment(redis_port: int) -> dict[str, str]:
    """The bench's environment (settings, database, keys) with the private Redis as cache,
    lock store and broker."""
    env = dict(os.environ)
    env.update(
        {
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/1",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


@contextmanager
def prefork_worker(processes: int, env: dict[str, str], log: Path) -> Iterator[int]:
    """``celery -A dashboard worker --pool=prefork --concurrency=N`` in a session of its own;
    yields its process group once it is ready, and stops the whole group afterwards."""
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "-A", "dashboard", "worker"),
                *("--pool=prefork", f"--concurrency={processes}", "--loglevel=INFO"),
                f"--hostname=bench-{processes}-{uuid.uuid4().hex[:6]}@%h",
            ],
            cwd=REPOSITORY,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + WORKER_START_SECONDS
        while " ready." not in log.read_text(errors="replace"):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield worker.pid
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)  # warm shutdown: the children finish
            try:
                worker.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)


# --- one cycle ---------------------------------------------------------------------------------


def _cycle(
    sandbox: Any, parts: Parts, broker: str, accounts: list[Any], key: str
) -> dict[str, Any]:
    """Queue one poll per account under ``key`` and wait until every run ended."""
    from celery import Celery
    from django.db.models import Count, Max
    from django.utils import timezone

    from dashboard.tracker.models import PollOutcome, PollRun
    from dashboard.tracker.queue import POLL_ACCOUNT

    ended = [PollOutcome.OK, PollOutcome.SKIPPED, PollOutcome.BROKEN]
    sender = Celery("bench-poll-scale")
    sandbox.clear_log()
    before = parts.sample()
    sent = timezone.now()
    started = time.perf_counter()
    # The URL named here: Celery prefers the CELERY_BROKER_URL of the environment to its
    # configuration, and the bench's environment names the shared Redis.
    with sender.connection_for_write(broker) as connection:
        for account in accounts:
            sender.send_task(
                POLL_ACCOUNT,
                args=(account.pk, key),
                expires=CYCLE_TIMEOUT_SECONDS,
                connection=connection,
            )
    queued_seconds = time.perf_counter() - started
    done = 0
    while time.perf_counter() - started < CYCLE_TIMEOUT_SECONDS:
        done = PollRun.objects.filter(run_key=key, outcome__in=ended).count()
        if done >= len(accounts):
            break
        os.killpg(parts.workers, 0)  # raises ProcessLookupError if the worker died
        time.sleep(0.25)
    after = parts.sample()
    sender.close()
    runs = PollRun.objects.filter(run_key=key)
    last = runs.aggregate(last=Max("finished_at"))["last"]
    wall = (last - sent).total_seconds() if last else None
    ids = [str(a.account_id) for a in accounts]
    counts = upstream_log.per_account(sandbox.log(), ids)
    outcomes = {row["outcome"]: row["n"] for row in runs.values("outcome").annotate(n=Count("pk"))}
    cpu = {name: round(after[name] - before[name], 1) for name in before}
    elapsed = cpu.pop("machine_total") / (os.cpu_count() or 1)
    return {
        "run_key": key,
        "finished": done,
        "timed_out": done < len(accounts),
        "wall_seconds": None if wall is None else round(wall, 2),
        "queueing_seconds": round(queued_seconds, 2),
        "calls": sum(counts.values()),
        "calls_per_account": counts,
        "outcomes": outcomes,
        "cpu_seconds": cpu,
        "machine_busy_share": round(
            cpu["machine_busy"] / max(0.01, elapsed * (os.cpu_count() or 1)), 3
        ),
        "load_after": round(os.getloadavg()[0], 2),
    }


def _calls_text(cycle: dict[str, Any]) -> str:
    values = list(cycle["calls_per_account"].values())
    return f"{stats.median(values):.0f} (min {min(values)}, max {max(values)})"


def _cpu_text(cycle: dict[str, Any]) -> str:
    cpu = cycle["cpu_seconds"]
    return (
        f"workers {cpu['workers']}, sandbox {cpu['sandbox']}, redis {cpu['redis']}, "
        f"database {cpu['database'] if cycle.get('database') == 'postgresql' else '(in workers)'}"
        f", machine busy {cycle['machine_busy_share']:.0%}"
    )


def run(*, accounts: int = ACCOUNTS, processes: tuple[int, ...] = PROCESSES) -> Section:
    """Seed, poll once cold, then once each with 1, 2 and 4 worker processes."""
    from django.db import connection

    from dashboard.accounts.models import CMAccount

    pairs = account_ids(accounts)
    ids = [a for a, _ in pairs]
    database = connection.vendor
    seeding = time.perf_counter()
    sandbox = start_sandbox_process(
        pairs, latency_ms=LATENCY_MS, approve_after=10**7, scale=POLL_SCALE
    )
    seeded_seconds = time.perf_counter() - seeding
    logs = Path(os.environ["VAR_DIR"])  # the run's folder (bench.environment.prepare)
    cycles: dict[str, dict[str, Any]] = {}
    try:
        # Only these accounts: a cycle polls every account queued, and the bench's others are
        # another benchmark's.
        CMAccount.objects.exclude(account_id__in=ids).delete()
        made = [
            make_account(f"Scale {i:03d}", account_id, token, sandbox.base_url)
            for i, (account_id, token) in enumerate(pairs)
        ]
        with private_redis() as (port, redis_process):
            env = worker_environment(port)
            broker = env["CELERY_BROKER_URL"]
            warm = max(processes)
            with prefork_worker(warm, env, logs / "worker-cold.log") as group:
                parts = Parts(group, sandbox.process.pid, redis_process.pid, database)
                key = f"bench-scale:cold:{uuid.uuid4().hex[:8]}"
                cycles["cold"] = {**_cycle(sandbox, parts, broker, made, key), "processes": warm}
            for count in processes:
                with prefork_worker(count, env, logs / f"worker-{count}.log") as group:
                    parts = Parts(group, sandbox.process.pid, redis_process.pid, database)
                    key = f"bench-scale:{count}:{uuid.uuid4().hex[:8]}"
                    cycles[str(count)] = {
                        **_cycle(sandbox, parts, broker, made, key),
                        "processes": count,
                    }
    finally:
        sandbox.stop()
    for cycle in cycles.values():
        cycle["database"] = database
    return _section(cycles, accounts, processes, seeded_seconds, database)


def _section(
    cycles: dict[str, dict[str, Any]],
    accounts: int,
    processes: tuple[int, ...],
    seeded_seconds: float,
    database: str,
) -> Section:
    one = cycles[str(processes[0])]["wall_seconds"]
    steady_calls = {tuple(sorted(cycles[str(n)]["calls_per_account"].values())) for n in processes}
    calls_same = len(steady_calls) == 1
    rows: list[list[str]] = []
    speed: dict[int, float | None] = {}
    for name in ["cold", *[str(n) for n in processes]]:
        cycle = cycles[name]
        wall = cycle["wall_seconds"]
        up = stats.ratio(one, wall) if name != "cold" and wall else None
        if name != "cold":
            speed[cycle["processes"]] = up
        rows.append(
            [
                f"{cycle['processes']}" + (" (first cycle, cold)" if name == "cold" else ""),
                _calls_text(cycle),
                "—" if wall is None else f"{wall:.1f} s",
                "—" if up is None else f"{up:.2f}x",
                ", ".join(f"{k} {v}" for k, v in sorted(cycle["outcomes"].items())),
                _cpu_text(cycle),
            ]
        )
    top = speed.get(max(processes))
    all_ok = all(
        not cycles[str(n)]["timed_out"] and set(cycles[str(n)]["outcomes"]) == {"ok"}
        for n in processes
    )
    met = bool(calls_same and all_ok and top is not None and top >= SPEED_UP_WANTED)
    notes = [
        f"{accounts} accounts seeded with scale {POLL_SCALE} in the sandbox's own process "
        f"(start and seeding took {seeded_seconds:.1f} s), {LATENCY_MS} ms added to every "
        "answer; one worker per row, `celery -A dashboard worker --pool=prefork "
        "--concurrency=N` (prefetch 1, as the settings say), on a private redis-server (broker, "
        f"upstream cache, poll locks); the dashboard's database: {database}.",
        "Calls per account are the same with 1, 2 and 4 processes"
        if calls_same
        else "Calls per account DIFFER between process counts (see results.json)",
        "Cycle time: from the first message queued to the last run's end; every steady "
        "cycle's runs: "
        + "; ".join(
            f"{n}: " + ", ".join(f"{k} {v}" for k, v in sorted(cycles[str(n)]["outcomes"].items()))
            for n in processes
        )
        + ".",
        "CPU seconds during each cycle (`/proc`, user + system): the worker's processes "
        "(SQLite's work is inside them when the database is SQLite), the sandbox process, "
        "Redis, the PostgreSQL server's processes (all of them, others' too), and the share of "
        f"the machine's {os.cpu_count()} cores busy (everything on the machine, other users "
        "included).",
    ]
    if accounts < ISSUE_ACCOUNTS:
        notes.append(
            f"The issue's size is {ISSUE_ACCOUNTS} accounts; this run polled {accounts} to stay "
            f"within the bench's time (BENCH_POLL_SCALE_ACCOUNTS={ISSUE_ACCOUNTS} runs it). "
            "Calls per account do not depend on the number of accounts; the cycle time grows "
            "with it, in proportion, at every process count."
        )
    notes.append(_where_the_time_goes(cycles, processes, top))
    return Section(
        key="poll_scale",
        title=TITLE.format(accounts=accounts),
        bar=BAR,
        columns=[
            "worker processes",
            "calls per account",
            "cycle time",
            "speed-up vs 1",
            "runs",
            "CPU seconds in the cycle",
        ],
        rows=rows,
        met=met,
        notes=notes,
        raw={
            "accounts": accounts,
            "scale": POLL_SCALE,
            "latency_ms": LATENCY_MS,
            "database": database,
            "seeding_seconds": round(seeded_seconds, 1),
            "speed_up": speed,
            "cycles": cycles,
        },
    )


def _where_the_time_goes(
    cycles: dict[str, dict[str, Any]], processes: tuple[int, ...], top: float | None
) -> str:
    """The measured reason for the speed-up there is (or is not): how much of the machine
    the cycle's own processes used, how much everything else did, and what the cycle's own
    CPU seconds and the sandbox's latency would allow on a machine to itself."""
    cores = os.cpu_count() or 1
    most, least = cycles[str(max(processes))], cycles[str(processes[0])]
    cpu = most["cpu_seconds"]
    wall = most["wall_seconds"] or 0.0
    accounts = max(1, len(most["calls_per_account"]))
    ours = cpu["workers"] + cpu["sandbox"] + cpu["redis"] + cpu["database"]
    had = wall * cores
    # Per account, from the cycle's own figures: CPU seconds, and the sandbox's added latency
    # (a process waits it out, using no CPU).
    per_cpu = ours / accounts
    per_wait = stats.median(list(most["calls_per_account"].values())) * LATENCY_MS / 1000
    quiet_one = per_cpu + per_wait
    quiet_most = max(quiet_one / max(processes), per_cpu / cores, cpu["sandbox"] / accounts)
    others = max(0.0, most["machine_busy_share"] - ours / max(had, 0.01))
    return (
        f"Where the time goes: at {max(processes)} processes the cycle took {wall} s, in which "
        f"its own processes used {ours:.1f} CPU s (workers {cpu['workers']}, sandbox "
        f"{cpu['sandbox']}, Redis {cpu['redis']}, database server {cpu['database']}) of the "
        f"{had:.1f} the {cores} cores had ({ours / max(had, 0.01):.0%}), and other work on the "
        f"machine {others:.0%} (load average {most['load_after']} after it; during the "
        f"{processes[0]}-process cycle the machine was {least['machine_busy_share']:.0%} busy, "
        f"load {least['load_after']})"
        + (": the cycle's processes waited for a core. " if others > 0.1 else ". ")
        + f"Per account the cycle needs {per_cpu:.3f} CPU s and {per_wait:.2f} s of the "
        f"sandbox's latency; on a machine to itself that is about {quiet_one:.2f} s per account "
        f"at 1 process and {quiet_most:.3f} s at {max(processes)} (bounded by "
        + (
            "the waiting, shared by the processes"
            if quiet_most == quiet_one / max(processes)
            else "the CPU"
        )
        + f"): a speed-up of about {quiet_one / quiet_most:.1f}x, estimated from these CPU "
        "seconds, not measured. "
        + (
            f"Measured here: {top:.2f}x."
            if top is not None
            else "The speed-up could not be measured."
        )
    )
