"""Benchmark 4: the poll cycle.

50 accounts, each seeded with enough templates and profiles for 200 or more pending items
(the sandbox's ``scale`` keys; channel requests, the business account and number requests add
their few), the sandbox at 20 ms of latency, and a real Celery worker on Redis (database 13,
keys under a prefix of this run) running ``tracker.poll_all`` as beat would send it.

Two cycles are measured: the first (nothing known yet, caches cold) and the next one (the
steady state: what every POLL_INTERVAL costs). Then, in the same run, a naive per-item loop
written here: walk each list once, then GET every pending item by id. Calls are read from the
sandbox's log per account. Bars: the poller makes at least 20x fewer calls than the naive
loop, and a cycle finishes well inside POLL_INTERVAL (here: within half of it).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from bench import environment, stats, upstream_log
from bench.environment import BROKER_URL, make_account
from bench.report import Section, mark

ACCOUNTS = 50
PENDING_WANTED = 200
# 300 templates give 60 to 80 pending languages (drafts, incomplete, validation requested),
# 235 profiles 141 pending ones (OTP not sent, sent, processed); channel requests, the pending
# business account and number requests add 6.
POLL_SCALE = {"templates": 300, "profiles": 235}
LATENCY_MS = 20
WORKER_THREADS = 2
CALLS_LIMIT = 20.0
TITLE = "4. Poll cycle (50 accounts x 200+ pending items, sandbox 20 ms, Celery on Redis)"
BAR = (
    f"the poller makes ≥ {CALLS_LIMIT:.0f}x fewer calls than fetching every pending item one by "
    "one; a cycle finishes well inside POLL_INTERVAL (judged: within half of it)"
)
NAMESPACE = uuid.UUID("5b8f0d3e-2a4c-4e1f-9b7d-6c5a4e3f2d1b")


def account_ids(count: int = ACCOUNTS) -> list[tuple[str, str]]:
    """(account id, token) of the poll accounts; the same every run, so the seeds are too."""
    return [
        (str(uuid.uuid5(NAMESPACE, f"account-{i}")), str(uuid.uuid5(NAMESPACE, f"token-{i}")))
        for i in range(count)
    ]


# --- the naive loop -----------------------------------------------------------------------------


def _pending_template(template: Any) -> bool:
    from channels_api.models import ReviewStatus

    return any(
        language.status not in (ReviewStatus.ACTIVE, ReviewStatus.REJECTED)
        for language in template.languages.values()
    )


def _pending_profile(profile: Any) -> bool:
    return bool(
        profile.is_pending
        and not profile.is_active
        and profile.rejected_on_utc is None
        and profile.cancelled_on_utc is None
    )


def naive_account(account: Any) -> int:
    """Walk each list once (as the poller does), then GET every pending item by id; returns
    how many per-item GETs it made. Pending number requests have no per-item operation in the
    API: the list is all there is, so they cost no GET here."""
    from channels_api.pagination import iterate_pages
    from dashboard.tracker.poller import page_size
    from dashboard.upstream import client_for

    size = page_size()
    gets = 0
    with client_for(account) as client:
        requests = list(iterate_pages(client.channels.list_requests, page_size=size))
        types = list(iterate_pages(client.channels.list_types, page_size=size))
        whatsapp_types = {t.id for t in types if (t.description or "").lower() == "whatsapp"}
        for request in requests:
            if request.is_pending and request.id:
                client.channels.get_request(request.id)
                gets += 1
        for request in requests:
            if request.channel_type_id not in whatsapp_types or not request.id:
                continue
            if request.is_active:
                for template in list(
                    iterate_pages(client.templates.list, request.id, page_size=size)
                ):
                    if _pending_template(template) and template.id:
                        client.templates.get(request.id, template.id)
                        gets += 1
                profiles = iterate_pages(client.profiles.list, request.id, page_size=size)
                for profile in list(profiles):
                    if _pending_profile(profile) and profile.id:
                        client.profiles.get(request.id, profile.id)
                        gets += 1
            if request.is_pending:
                client.whatsapp.get_business_account(request.id)
                gets += 1
        list(iterate_pages(client.numbers.list_requests, page_size=size))
    return gets


# --- the worker ---------------------------------------------------------------------------------


def _reset_pools(app: Any) -> None:
    # Celery keeps broker connections and producer pools once made; drop them so messages go
    # to the broker configured now.
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None


def _drop_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(BROKER_URL)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


@contextmanager
def worker(threads: int) -> Iterator[None]:
    """A real Celery worker on Redis database 13, its keys under a prefix of this run only."""
    from celery.contrib.testing.worker import start_worker

    from dashboard.celery import app

    prefix = f"bench-{uuid.uuid4().hex[:12]}"
    keys = ("broker_url", "broker_transport_options", "task_always_eager")
    before = {key: app.conf[key] for key in keys}
    app.conf.broker_url = BROKER_URL
    app.conf.broker_transport_options = {"global_keyprefix": f"{prefix}:"}
    app.conf.task_always_eager = False
    _reset_pools(app)
    try:
        with start_worker(
            app,
            pool="threads",
            concurrency=threads,
            perform_ping_check=False,
            shutdown_timeout=60,
            loglevel="ERROR",
        ):
            yield
    finally:
        for key, value in before.items():
            app.conf[key] = value
        _reset_pools(app)
        _drop_keys(prefix)


@contextmanager
def run_key(key: str) -> Iterator[None]:
    """Make ``tracker.poll_all`` name its cycle ``key``.

    Beat names a cycle by its POLL_INTERVAL slot, and a second cycle in the same slot finds
    its runs finished (by design: a redelivered message changes nothing). The bench runs two
    cycles back to back, so it names each itself.
    """
    from dashboard.tracker import tasks

    original: Callable[..., str] = tasks.beat_run_key
    tasks.beat_run_key = lambda now=None: key  # type: ignore[assignment]
    try:
        yield
    finally:
        tasks.beat_run_key = original  # type: ignore[assignment]


def _cycle(sandbox: Any, ids: list[str], key: str, timeout: float) -> dict[str, Any]:
    """Send ``tracker.poll_all`` as beat would and wait until every account's run ended."""
    from django.db.models import Max, Sum
    from django.utils import timezone

    from dashboard.tracker.models import PollOutcome, PollRun
    from dashboard.tracker.tasks import poll_all

    ended = [PollOutcome.OK, PollOutcome.SKIPPED, PollOutcome.BROKEN]
    sandbox.clear_log()
    with run_key(key):
        sent: datetime = timezone.now()
        started = time.perf_counter()
        poll_all.delay()
        deadline = started + timeout
        done = 0
        while time.perf_counter() < deadline:
            done = PollRun.objects.filter(run_key=key, outcome__in=ended).count()
            if done >= len(ids):
                break
            time.sleep(0.05)
    runs = PollRun.objects.filter(run_key=key)
    last = runs.aggregate(last=Max("finished_at"), calls=Sum("upstream_calls"))
    wall = (last["last"] - sent).total_seconds() if last["last"] else None
    log = sandbox.log()
    counts = upstream_log.per_account(log, ids)
    # Where a run's time goes: waiting for CM.com (the sandbox's own timing of each call,
    # latency included) against the whole run (reading, deciding, writing the database).
    durations = [
        (run.finished_at - run.started_at).total_seconds() for run in runs.exclude(finished_at=None)
    ]
    waiting: dict[str, float] = {}
    for entry in log:
        key = str(entry.get("account_id") or "").lower()
        waiting[key] = waiting.get(key, 0.0) + float(entry.get("duration_ms") or 0) / 1000
    outcomes: dict[str, int] = {}
    for outcome in runs.values_list("outcome", flat=True):
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return {
        "run_key": key,
        "finished": done,
        "timed_out": done < len(ids),
        "wall_seconds": None if wall is None else round(wall, 2),
        "calls": sum(counts.values()),
        "calls_per_account": counts,
        "calls_counted_by_poller": last["calls"],
        "run_seconds_median": round(stats.median(durations), 3) if durations else None,
        "run_seconds_max": round(max(durations), 3) if durations else None,
        "upstream_seconds_per_account_median": round(
            stats.median([waiting.get(a, 0.0) for a in ids]), 3
        ),
        "outcomes": outcomes,
    }


def _board_at_scale() -> dict[str, Any]:
    """The pending board (``/pending/``) as an admin sees it once these accounts are polled:
    bytes and time of its first page, and bytes of its periodic check (it reads the database
    only)."""
    from django.urls import reverse

    from dashboard.accounts.models import CMAccount
    from dashboard.people.models import User
    from dashboard.tracker.models import TrackedItem
    from dashboard.tracker.selectors import freshness

    admin = User.objects.filter(username="bench-admin").first() or environment.make_admin()
    client = environment.logged_in(admin)
    started = time.perf_counter()
    response = client.get(reverse("tracker:board"))
    seconds = time.perf_counter() - started
    stamp = freshness(CMAccount.objects.all()).stamp
    started = time.perf_counter()
    check = client.get(
        f"{reverse('tracker:board')}?fresh={stamp}&polled=0", headers={"HX-Request": "true"}
    )
    check_seconds = time.perf_counter() - started
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        "seconds": round(seconds, 2),
        "check_status": check.status_code,
        "check_bytes": len(check.content),
        "check_seconds": round(check_seconds, 3),
        "pending_items": TrackedItem.objects.filter(is_pending=True).count(),
    }


def run(*, accounts: int = ACCOUNTS, threads: int = WORKER_THREADS) -> Section:
    """Seed, poll twice, loop naively, compare."""
    from django.conf import settings

    from channels_api.sandbox.testing import start_sandbox
    from dashboard.accounts.models import CMAccount
    from dashboard.tracker.models import TrackedItem

    pairs = account_ids(accounts)
    ids = [a for a, _ in pairs]
    seeding = time.perf_counter()
    sandbox = start_sandbox(
        accounts=pairs, latency_ms=LATENCY_MS, approve_after=10**7, scale=POLL_SCALE
    )
    seeded_seconds = time.perf_counter() - seeding
    interval = int(getattr(settings, "POLL_INTERVAL", 60))
    try:
        # Only the poll accounts: beat polls every account in the database.
        CMAccount.objects.exclude(account_id__in=ids).delete()
        made = [
            make_account(f"Poll {i:02d}", account_id, token, sandbox.base_url)
            for i, (account_id, token) in enumerate(pairs)
        ]
        environment.cold()
        with worker(threads):
            first = _cycle(sandbox, ids, f"bench:first:{uuid.uuid4().hex[:8]}", timeout=300)
            steady = _cycle(sandbox, ids, f"bench:steady:{uuid.uuid4().hex[:8]}", timeout=300)
        pending = {
            str(a.account_id): TrackedItem.objects.filter(account=a, is_pending=True).count()
            for a in made
        }
        board = _board_at_scale()
        sandbox.clear_log()
        naive_started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=8, thread_name_prefix="naive") as pool:
            gets = list(pool.map(naive_account, made))
        naive_seconds = time.perf_counter() - naive_started
        naive_counts = upstream_log.per_account(sandbox.log(), ids)
    finally:
        sandbox.stop()
    naive_calls = sum(naive_counts.values())
    pending_values = list(pending.values())
    rows: list[list[str]] = []
    verdicts: list[bool] = []
    raw_cycles = {}
    for name, cycle in (("first cycle (cold)", first), ("steady cycle", steady)):
        fewer = stats.ratio(naive_calls, cycle["calls"])
        per_account = list(cycle["calls_per_account"].values())
        wall = cycle["wall_seconds"]
        calls_met = stats.at_least(fewer, CALLS_LIMIT, BAR).met
        time_met = wall is not None and not cycle["timed_out"] and wall <= interval / 2
        met = bool(calls_met) and time_met
        verdicts.append(met)
        rows.append(
            [
                name,
                f"{cycle['calls']:,}",
                f"{stats.median(per_account):.0f} (min {min(per_account)}, max {max(per_account)})",
                f"{naive_calls:,}",
                "—" if fewer is None else f"{fewer:.1f}x",
                "—" if wall is None else f"{wall:.1f} s of {interval} s",
                ", ".join(f"{k} {v}" for k, v in sorted(cycle["outcomes"].items())),
                mark(met),
            ]
        )
        raw_cycles[name] = {**cycle, "fewer_calls_than_naive": fewer, "met": met}
    naive_list_calls = naive_calls - sum(gets)
    notes = [
        f"{accounts} accounts seeded with scale {POLL_SCALE} (seeding took "
        f"{seeded_seconds:.1f} s); pending items tracked per account after the first cycle: "
        f"median {stats.median(pending_values):.0f}, min {min(pending_values)}, max "
        f"{max(pending_values)} (wanted ≥ {PENDING_WANTED}).",
        f"Worker: `celery.contrib.testing.worker.start_worker`, threads pool x {threads} (as "
        f"`celery worker` on this {os.cpu_count()}-core machine), broker "
        f"{BROKER_URL}; the upstream cache in local memory; the dashboard's database a SQLite "
        "file. Wall time: from sending `tracker.poll_all` to the last account's run ending.",
        f"Naive loop: {naive_calls:,} calls ({naive_list_calls:,} list pages + {sum(gets):,} "
        f"per-item GETs), {stats.median([naive_counts[a] for a in ids]):.0f} per account, "
        f"{naive_seconds:.1f} s with 8 threads. Pending number requests have no per-item "
        "operation in the API, so the naive loop cannot fetch them one by one; it counts only "
        "their list.",
        "One account's run (PollRun start to end), median: first cycle "
        f"{first['run_seconds_median']} s, of which {first['upstream_seconds_per_account_median']}"
        f" s waiting for the sandbox; steady cycle {steady['run_seconds_median']} s, of which "
        f"{steady['upstream_seconds_per_account_median']} s waiting.",
        f"The pending board once these {accounts} accounts are polled (for information): "
        f"{board['pending_items']:,} pending items; its first page {board['bytes']:,} bytes, "
        f"rendered in {board['seconds']} s (HTTP {board['status']}); its periodic check "
        f"{board['check_bytes']:,} bytes in {board['check_seconds']} s (HTTP "
        f"{board['check_status']}), every panel's poll time included.",
        "The poller's own count of its calls (PollRun.upstream_calls): first "
        f"{first['calls_counted_by_poller']}, steady {steady['calls_counted_by_poller']} "
        "(the sandbox log's count is the one in the table).",
    ]
    return Section(
        key="poll",
        title=TITLE,
        bar=BAR,
        columns=[
            "cycle",
            "poller calls",
            "per account",
            "naive per-item calls",
            "fewer calls",
            "wall time",
            "runs",
            "bar",
        ],
        rows=rows,
        met=all(verdicts) if verdicts else None,
        notes=notes,
        raw={
            "accounts": accounts,
            "scale": POLL_SCALE,
            "latency_ms": LATENCY_MS,
            "worker_threads": threads,
            "poll_interval": interval,
            "pending_per_account": pending,
            "pending_board": board,
            "cycles": raw_cycles,
            "naive": {
                "calls": naive_calls,
                "per_item_gets": sum(gets),
                "list_calls": naive_list_calls,
                "calls_per_account": naive_counts,
                "seconds": round(naive_seconds, 2),
            },
        },
    )
