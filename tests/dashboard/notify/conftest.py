"""Fixtures of the notify tests: the tracker's real Celery worker on the real Redis (an alert
is raised by a poll on a worker and e-mailed by another task)."""

from tests.dashboard.tracker.conftest import celery_worker, redis_locks

__all__ = ["celery_worker", "redis_locks"]
