"""The run's page: while a run copies, its progress part reloads itself (htmx polling, a real
link too) and shows a <progress>; a finished run stops polling. A pass cut off while creating a
template finds out from CM.com whether it was created before sending anything again."""

from __future__ import annotations

from typing import Any

from django.test import Client

from dashboard.copying import services
from dashboard.copying.models import CopyItem, CopyRun, ItemState, RunState
from dashboard.upstream import client_for
from tests.dashboard.copying.conftest import Copy
from tests.dashboard.security.faults import fragment_root_id, plain, text_of


def _run(copy: Copy, run_state: str, **item: Any) -> CopyRun:
    run = CopyRun.objects.create(
        source_account=copy.source.account,
        source_request_id=copy.source.request_id,
        target_account=copy.target.account,
        target_request_id=copy.target.request_id,
        state=run_state,
        in_background=True,
    )
    CopyItem.objects.create(
        run=run,
        position=0,
        source_template_id="00000000-0000-4000-8000-000000000001",
        source_name=item.get("name", "cut_off"),
        name=item.get("name", "cut_off"),
        category_id=item.get("category_id", ""),
        contents=item.get("contents", {}),
        state=item.get("state", ItemState.WAITING),
    )
    return run


def _url(copy: Copy, run: CopyRun) -> str:
    return f"/a/{copy.source.account.account_id}/copies/{run.public_id}/"


def test_a_running_copy_polls_its_progress_and_a_finished_one_does_not(
    admin_client: Client, copy: Copy
) -> None:
    running = _run(copy, RunState.RUNNING)
    page = text_of(admin_client.get(_url(copy, running)))
    assert 'hx-trigger="every 2s"' in page
    assert '<progress id="copy-bar" value="0" max="1">' in page
    assert "Copying in the background: you may leave this page." in plain(page)
    part = admin_client.get(_url(copy, running), headers={"HX-Request": "true"})
    assert fragment_root_id(text_of(part)) == "copy-progress"

    finished = _run(copy, RunState.FINISHED)
    page = text_of(admin_client.get(_url(copy, finished)))
    assert "every 2s" not in page
    assert "Retry the rest" in page


def _category(copy: Copy) -> str:
    with client_for(copy.target.account) as client:
        return str(client.templates.list_categories(copy.target.request_id)[0].id)


def test_a_pass_cut_off_after_the_create_does_not_create_the_template_again(
    copy: Copy, admin_user: Any
) -> None:
    copy.target.make("cut_off", {"English (US)": "Made before the pass was cut off."})
    run = _run(copy, RunState.QUEUED, state=ItemState.COPYING)
    copy.sandbox.clear_log()

    services.copy_run_pass(run_id=run.pk)

    assert copy.creates() == []
    item = CopyItem.objects.get()
    assert item.target_template_id == copy.target.id_of("cut_off")
    assert item.state == ItemState.FAILED  # said in words: open it in the studio to check
    assert "open it in the studio" in item.message


def test_a_pass_cut_off_before_the_create_creates_the_template(copy: Copy) -> None:
    run = _run(
        copy,
        RunState.QUEUED,
        state=ItemState.COPYING,
        category_id=_category(copy),
        contents={"English (US)": "Never made before, thanks."},
    )
    copy.sandbox.clear_log()

    assert services.copy_run_pass(run_id=run.pk) == "done"

    assert copy.creates() == ["cut_off"]
    assert CopyItem.objects.get().state == ItemState.COPIED
