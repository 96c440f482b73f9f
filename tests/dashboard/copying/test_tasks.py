"""More than ten templates are copied by a real Celery worker on Redis: the request only
records the run and queues it (after commit); the worker copies each once, and a message
delivered again copies nothing twice."""

from __future__ import annotations

import pytest
from django.test import Client

from dashboard.copying.models import CopyRun, RunState
from dashboard.copying.tasks import copy_run
from tests.dashboard.copying.conftest import Copy
from tests.dashboard.security.faults import plain, text_of
from tests.dashboard.tracker.conftest import Finished, wait_until

pytestmark = pytest.mark.celery

NAMES = [f"bulk_copy_{n:02d}" for n in range(11)]


def test_more_than_ten_templates_are_copied_by_the_worker_each_once(
    celery_worker: Finished, admin_client: Client, copy: Copy
) -> None:
    ids = [copy.source.make(name, {"English (US)": f"Message {name}, thanks."}) for name in NAMES]
    copy.sandbox.clear_log()

    response = admin_client.post(copy.url("start"), copy.choices(ids))

    run = CopyRun.objects.get()
    assert run.in_background
    assert response["Location"] == f"/a/{copy.source.account.account_id}/copies/{run.public_id}/"
    # (A pass the test database refused for a moment is tried again: wait for the end.)
    wait_until(lambda: CopyRun.objects.get().state == RunState.FINISHED, 60, "the copy")
    wait_until(
        lambda: ((run.pk,), "done") in celery_worker.of("copying.copy_run"), 60, "the pass's end"
    )
    assert copy.creates() == NAMES
    page = admin_client.get(response["Location"])
    assert "11 copied, 0 skipped, 0 not copied." in plain(text_of(page))

    passes = len(celery_worker.of("copying.copy_run"))
    copy_run.delay(run.pk)  # the same message again (a redelivery)

    assert celery_worker.wait("copying.copy_run", passes + 1)[-1] == ((run.pk,), "busy")
    assert copy.creates() == NAMES
