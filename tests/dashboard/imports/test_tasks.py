"""More than ten templates are created by a Celery task, on a real worker on Redis, each once."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dashboard.imports import services, tasks
from dashboard.imports.models import ImportRun, ItemState
from dashboard.imports.queue import RUN_STEP
from tests.dashboard.imports.conftest import Finished, Studio
from tests.dashboard.imports.files import csv_bytes, good_rows


def _uploaded(client: Any, studio: Studio, count: int) -> ImportRun:
    url = reverse("imports:start", args=[studio.account.account_id, studio.request_id])
    data = csv_bytes(good_rows(count, prefix="queued"))
    client.post(url, {"file": SimpleUploadedFile("many.csv", data)})
    return ImportRun.objects.get()


def _url(name: str, studio: Studio, run: ImportRun) -> str:
    return reverse(
        f"imports:{name}", args=[studio.account.account_id, studio.request_id, run.public_id]
    )


def _creates(studio: Studio) -> int:
    return sum(1 for method, path in studio.calls("POST") if path == studio.template_path())


def test_more_than_ten_templates_go_to_a_task_and_the_page_shows_its_progress(
    celery_worker: Finished, marketing_client: Any, studio: Studio, marketing_user: Any
) -> None:
    run = _uploaded(marketing_client, studio, 12)
    studio.sandbox.clear_log()
    answer = marketing_client.post(
        _url("run", studio, run),
        {"item": [item.pk for item in run.items.all()]},
        headers={"HX-Request": "true"},
    )
    page = answer.content.decode()
    assert "12 templates are being imported." in page
    assert 'hx-trigger="every 1s"' in page  # the progress polls while the task runs
    ((args, worked),) = celery_worker.wait(RUN_STEP, 1)
    assert args == (run.pk, "create", marketing_user.pk)
    assert worked == 12
    assert set(run.items.values_list("state", flat=True)) == {ItemState.CREATED}
    assert _creates(studio) == 12
    progress = marketing_client.get(_url("progress", studio, run), headers={"HX-Request": "true"})
    text = progress.content.decode()
    assert "12 of 12 done." in text
    assert "every 1s" not in text  # done: it stops polling
    assert "imports-step-done" in progress["HX-Trigger"]  # and has the form read again
    assert "Request validation for all that lint clean" in text


def test_a_step_delivered_again_finds_its_templates_created_and_sends_nothing(
    celery_worker: Finished, marketing_client: Any, studio: Studio, marketing_user: Any
) -> None:
    run = _uploaded(marketing_client, studio, 11)
    studio.sandbox.clear_log()
    marketing_client.post(_url("run", studio, run), {"item": [i.pk for i in run.items.all()]})
    celery_worker.wait(RUN_STEP, 1)
    tasks.run_step.delay(run.pk, "create", marketing_user.pk)  # the same message again
    done = celery_worker.wait(RUN_STEP, 2)
    assert [worked for _args, worked in done] == [11, 0]
    assert _creates(studio) == 11
    assert set(run.items.values_list("state", flat=True)) == {ItemState.CREATED}


def test_a_step_that_breaks_off_says_which_were_not_sent_and_offers_them_again(
    marketing_client: Any, studio: Studio, monkeypatch: Any
) -> None:
    run = _uploaded(marketing_client, studio, 3)
    monkeypatch.setattr(services, "INLINE_LIMIT", 0)  # to a task, which is not queued here
    monkeypatch.setattr(services.queue, "run_step", lambda *args: True)
    marketing_client.post(_url("run", studio, run), {"item": [i.pk for i in run.items.all()]})
    real = services._create

    def create_then_break(actor: Any, found: ImportRun, item: Any) -> None:
        if item.name == "queued_002":
            raise RuntimeError("an error of ours")
        real(actor, found, item)

    monkeypatch.setattr(services, "_create", create_then_break)
    outcome = tasks.run_step.apply(args=(run.pk, "create", None))
    assert isinstance(outcome.result, RuntimeError)
    items = {item.name: item for item in run.items.all()}
    assert [items[n].state for n in sorted(items)] == ["created", "failed", "failed"]
    assert items["queued_002"].message.startswith("The import stopped while this one was")
    assert items["queued_003"].message == "Not sent: the import stopped before this one."
    page = marketing_client.get(_url("report", studio, run)).content.decode()
    for name in ("queued_002", "queued_003"):
        assert f'value="{items[name].pk}"' in page  # offered again
