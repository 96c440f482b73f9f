""" "Poll now" with the broker (Redis) down: the press is not lost in silence. The answer says
in words that nothing was queued, the audit trail records it failed, and the person may press
again at once. Against a private redis-server, stopped between two presses."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AuditEntry, Outcome
from dashboard.celery import app as celery_app
from tests.dashboard.redis_server import free_port, start_redis
from tests.dashboard.tracker.conftest import _reset_pools

HX = {"HX-Request": "true"}
NOT_QUEUED = "could not be polled now: the task queue did not answer, so nothing was queued"


@pytest.fixture
def private_broker(
    transactional_db: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Celery's broker on a redis-server of this test's own (outside a test transaction, so
    "Poll now" queues at once, as in a real request); the broker settings restored after."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery reads it before its conf
    port = free_port()
    server = start_redis(port)
    url = f"redis://127.0.0.1:{port}/0"
    keys = ("broker_url", "task_always_eager")
    before = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = False
    _reset_pools()
    try:
        yield server, url
    finally:
        for key, value in before.items():
            celery_app.conf[key] = value
        _reset_pools()
        if server.poll() is None:
            server.kill()
        server.wait(timeout=10)


def _press(client: Client, account: CMAccount) -> str:
    url = reverse("tracker:poll_now", args=[account.account_id])
    response = client.post(url, headers=HX)
    assert response.status_code == 200
    return response.content.decode()


def test_poll_now_with_redis_down_says_nothing_was_queued_and_may_be_pressed_again(
    private_broker: tuple[subprocess.Popen[bytes], str], support_client: Client, account_a: Any
) -> None:
    server, url = private_broker
    assert NOT_QUEUED not in _press(support_client, account_a)  # Redis up: queued
    assert redis.Redis.from_url(url).llen("celery") == 1
    server.terminate()
    server.wait(timeout=10)
    cache.clear()  # as once the minute's hold of that first press has passed

    answer = " ".join(_press(support_client, account_a).split())

    assert f"Account A {NOT_QUEUED}" in answer
    assert "Polling Account A now" not in answer
    failed = AuditEntry.objects.filter(action="tracker.poll_now", outcome=Outcome.FAILED)
    assert failed.count() == 1
    # Nothing was polled, so nothing holds the next press back for a minute.
    assert "try again at" not in _press(support_client, account_a)
