"""Where the benchmarks run: Django on a throwaway SQLite file, the sandbox on a thread, an admin
and the accounts, and a logged-in ``django.test.Client`` that calls pages in-process.

``prepare`` must run before anything imports Django's settings: it sets the environment
(``DEBUG=false`` as in production, a fresh secret and token key, ``ALLOWED_HOSTS``, no Redis
cache, Redis database 13 as the Celery broker), then ``django.setup()``, ``migrate`` and
``collectstatic`` into the run's folder.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.test import Client

    from channels_api.sandbox.testing import RunningSandbox
    from dashboard.accounts.models import CMAccount
    from dashboard.people.models import User

BROKER_URL = "redis://127.0.0.1:6379/13"

# A second sandbox account, seeded large (benchmark 3). Fixed ids: the sandbox seeds from the
# account id, so every run sees the same templates, numbers and keywords.
LARGE_ACCOUNT_ID = "3f6a1c2e-8b4d-4e5f-9a7b-1c2d3e4f5a6b"
LARGE_PRODUCT_TOKEN = "7d2e9c41-0b6a-4f3e-8d15-2a9c7e6b4f10"
LARGE_SCALE = {"templates": 2000, "numbers": 1000, "keywords": 500}


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


def start() -> Bench:
    """The sandbox (demo account, and the large account) and the dashboard's side of it."""
    from channels_api.sandbox.testing import (
        DEMO_ACCOUNT_ID,
        DEMO_PRODUCT_TOKEN,
        start_sandbox,
    )

    # Nothing pending may move on while a benchmark runs: a page must show the same thing
    # on every run.
    sandbox = start_sandbox(
        accounts=[(DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN)], latency_ms=0, approve_after=10**7
    )
    sandbox.add_account(LARGE_ACCOUNT_ID, LARGE_PRODUCT_TOKEN, scale=LARGE_SCALE)
    admin = make_admin()
    demo = make_account("Demo", DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN, sandbox.base_url)
    large = make_account("Large", LARGE_ACCOUNT_ID, LARGE_PRODUCT_TOKEN, sandbox.base_url)
    return Bench(sandbox=sandbox, admin=admin, demo=demo, large=large, client=logged_in(admin))


def track(account: CMAccount) -> None:
    """Poll ``account`` once (in this thread), so the pending board shows its pending items as
    it would once the poller has run; the page benchmarks start after it."""
    from dashboard.tracker import services

    services.account_poll(account=account, run_key=f"bench:setup:{new_uuid()}")


def cold() -> None:
    """Forget every cached upstream read (and the breakers' state): the next view is cold."""
    from django.core.cache import cache

    cache.clear()


def new_uuid() -> str:
    """A random uuid, as text."""
    return str(uuid.uuid4())
