"""Where the benchmarks run: Django on a throwaway SQLite file, the sandbox in a process of its
own, an admin and the accounts, and a logged-in ``django.test.Client`` that calls pages
in-process.

The sandbox stands in for api.cm.com, which is remote: its routing, JSON and seeding are not
the dashboard's work. On a thread of the bench's process they would compete with the views for
the same interpreter lock and be counted in the page times, so ``start`` runs
``python -m channels_api.sandbox`` as a child process and steers it over HTTP (``/_sandbox/``).

``prepare`` must run before anything imports Django's settings: it sets the environment
(``DEBUG=false`` as in production, a fresh secret and token key, ``ALLOWED_HOSTS``, no Redis
cache, Redis database 13 as the Celery broker), then ``django.setup()``, ``migrate`` and
``collectstatic`` into the run's folder.
"""

from __future__ import annotations

import os
import queue
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from channels_api.sandbox.testing import RunningSandbox

if TYPE_CHECKING:
    from django.test import Client

    from dashboard.accounts.models import CMAccount
    from dashboard.people.models import User

BROKER_URL = "redis://127.0.0.1:6379/13"

# A second sandbox account, seeded large (benchmark 3). Fixed ids: the sandbox seeds from the
# account id, so every run sees the same templates, numbers and keywords.
LARGE_ACCOUNT_ID = "3f6a1c2e-8b4d-4e5f-9a7b-1c2d3e4f5a6b"
LARGE_PRODUCT_TOKEN = "7d2e9c41-0b6a-4f3e-8d15-2a9c7e6b4f10"
# 3,500 channels come with them (every template, number and keyword is a channel).
LARGE_SCALE = {"templates": 2000, "numbers": 1000, "keywords": 500, "channel_requests": 200}

REPOSITORY = Path(__file__).resolve().parent.parent
# How long the sandbox process may take to seed and start listening.
SANDBOX_START_SECONDS = 60


def prepare(workdir: Path) -> None:
    """Environment, ``django.setup()``, a migrated database and collected static files."""
    from cryptography.fernet import Fernet

    var = workdir / "var"
    var.mkdir(parents=True, exist_ok=True)
    static_root = workdir / "static"
    environment = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "TOKEN_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        # The test client and the Lighthouse server speak plain http.
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "VAR_DIR": str(var),
        "CELERY_BROKER_URL": BROKER_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "ERROR",
        "BENCH_STATIC_ROOT": str(static_root),
    }
    os.environ.update(environment)
    # The upstream cache in local memory: one process, and nobody else's keys.
    os.environ.pop("REDIS_URL", None)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)


@contextmanager
def workdir() -> Iterator[Path]:
    """A folder for the run's database, static files and secrets, removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="channels-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@dataclass
class Bench:
    """What every page benchmark needs."""

    sandbox: RunningSandbox
    admin: User
    demo: CMAccount
    large: CMAccount
    client: Client
    notes: list[str] = field(default_factory=list)

    def log(self) -> list[dict[str, Any]]:
        """The sandbox's request log."""
        return self.sandbox.log()


def make_account(name: str, account_id: str, token: str, base_url: str) -> CMAccount:
    """A CMAccount pointing at the sandbox, its token encrypted as the product stores it."""
    from dashboard.accounts.models import CMAccount

    account = CMAccount(name=name, account_id=account_id, base_url=base_url)
    account.set_token(token)
    account.save()
    return account


def make_admin(username: str = "bench-admin") -> User:
    """An admin (every capability, every account), without a usable password."""
    from dashboard.people.models import Role, User

    person = User(username=username, role=Role.ADMIN, first_name="Bench", last_name="Admin")
    person.set_unusable_password()
    person.save()
    return person


def logged_in(person: User) -> Client:
    """A test client logged in as ``person``."""
    from django.test import Client

    client = Client()
    client.force_login(person)
    return client


class SandboxProcess(RunningSandbox):
    """A sandbox served by a child process (``python -m channels_api.sandbox``), steered over
    HTTP like any attached one; ``stop`` ends the process."""

    def __init__(
        self, root_url: str, accounts: list[tuple[str, str]], process: subprocess.Popen[str]
    ) -> None:
        super().__init__(root_url, accounts)
        self.process = process

    def stop(self) -> None:
        """End the child process (SIGTERM, then SIGKILL if it lingers)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _drain(stream: Any, lines: queue.Queue[str | None]) -> None:
    # Read the child's output to its end, so a full pipe never blocks it.
    for line in stream:
        lines.put(line)
    lines.put(None)


def start_sandbox_process(
    accounts: list[tuple[str, str]],
    *,
    latency_ms: int = 0,
    approve_after: float = 10**7,
    scale: dict[str, int] | None = None,
) -> SandboxProcess:
    """Start ``python -m channels_api.sandbox`` on a free port serving ``accounts``; return it
    once it answers its health check."""
    command = [
        sys.executable,
        "-m",
        "channels_api.sandbox",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--latency-ms",
        str(latency_ms),
        "--approve-after",
        str(approve_after),
    ]
    for account_id, token in accounts:
        command += ["--account", f"{account_id}:{token}"]
    if scale:
        command += ["--seed-scale", ",".join(f"{kind}={count}" for kind, count in scale.items())]
    process = subprocess.Popen(
        command,
        cwd=REPOSITORY,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=None,  # a sandbox bug's traceback belongs on the bench's terminal
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(
        target=_drain, args=(process.stdout, lines), name="sandbox-output", daemon=True
    ).start()
    deadline = time.monotonic() + SANDBOX_START_SECONDS
    root_url = ""
    try:
        while not root_url:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError("the sandbox process did not start in time") from None
            if line is None:
                raise RuntimeError(f"the sandbox process ended (exit {process.wait()})")
            # Its first line: "Channels API sandbox on http://127.0.0.1:PORT".
            if " on http" in line:
                root_url = line.rsplit(" ", 1)[-1].strip()
        sandbox = SandboxProcess(root_url, accounts, process)
        sandbox.health()
    except BaseException:
        process.kill()
        process.wait(timeout=10)
        raise
    return sandbox


def start() -> Bench:
    """The sandbox (demo account, and the large account) in a child process, and the
    dashboard's side of it."""
    from channels_api.sandbox.testing import DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN

    # Nothing pending may move on while a benchmark runs: a page must show the same thing
    # on every run.
    sandbox = start_sandbox_process(
        [(DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN)], latency_ms=0, approve_after=10**7
    )
    try:
        sandbox.add_account(LARGE_ACCOUNT_ID, LARGE_PRODUCT_TOKEN, scale=LARGE_SCALE)
        admin = make_admin()
        demo = make_account("Demo", DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN, sandbox.base_url)
        large = make_account("Large", LARGE_ACCOUNT_ID, LARGE_PRODUCT_TOKEN, sandbox.base_url)
    except BaseException:
        sandbox.stop()
        raise
    return Bench(sandbox=sandbox, admin=admin, demo=demo, large=large, client=logged_in(admin))


def track(account: CMAccount) -> None:
    """Poll ``account`` once (in this thread), so the pending board shows its pending items as
    it would once the poller has run; the page benchmarks start after it."""
    from dashboard.tracker import services

    services.account_poll(account=account, run_key=f"bench:setup:{new_uuid()}")


def index(account: CMAccount) -> None:
    """Store what a poll of ``account`` lists and counts (the search index and the channel
    counts the overview shows), without tracking its pending items: the pending board stays
    the demo account's, as the other benchmarks measure it."""
    from dashboard import upstream
    from dashboard.search import services as search
    from dashboard.tracker import services as tracker
    from dashboard.tracker.poller import AccountPoller

    with upstream.client_for(account) as client:
        poller = AccountPoller(account, client, {})
        poller.run()
    search.index_replace(account=account, listed=poller.listed, read_at=poller.read_at)
    if poller.channels is not None:
        tracker.channel_count_replace(account=account, counted=poller.channels)


def cold() -> None:
    """Forget every cached upstream read (and the breakers' state): the next view is cold.
    What no answer from CM.com changes stays (``KEPT``): a person's next page after the
    upstream cache expired finds it remembered too."""
    from django.core.cache import cache

    kept = _kept(cache)
    cache.clear()
    for key, (value, seconds) in kept.items():
        cache.set(key, value, seconds)


# The bell's counts (``notify.bell``: the person's notifications), the pending board's
# 90th percentiles (``tracker.selectors._thresholds``: what the poller stored) and the account
# switcher's generation (``people.context_processors``: renewed when accounts or grants change).
KEPT = ("bell:", "tracker:thresholds:", "people:switcher-gen")


def _kept(cache: Any) -> dict[str, tuple[Any, float | None]]:
    """The ``KEPT`` keys the benchmark's local-memory cache holds → (value, seconds left)."""
    import pickle

    found: dict[str, tuple[Any, float | None]] = {}
    now = time.time()
    for full_key, pickled in list(getattr(cache, "_cache", {}).items()):
        key = full_key.split(":", 2)[-1]  # ":<version>:<key>" (no KEY_PREFIX in the bench)
        expires = cache._expire_info.get(full_key)
        if not key.startswith(KEPT) or (expires is not None and expires <= now):
            continue
        left = None if expires is None else expires - now
        found[key] = (pickle.loads(pickled), left)  # noqa: S301  (our own process's cache)
    return found


def new_uuid() -> str:
    """A random uuid, as text."""
    return str(uuid.uuid4())
