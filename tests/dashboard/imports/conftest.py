"""Fixtures of the import's tests: the studio's (the demo account's live WhatsApp request),
the tracker's real Celery worker on Redis, and files made here rather than committed."""

from __future__ import annotations

from tests.dashboard.studio.conftest import Studio, studio  # noqa: F401
from tests.dashboard.tracker.conftest import (  # noqa: F401
    Finished,
    celery_worker,
    eager_celery,
    redis_locks,
    wait_until,
)
