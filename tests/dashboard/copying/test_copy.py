"""Copying creates each template in the target with its fields and contents, through the
client; skips or renames a clash as chosen; says, after a failure half-way, which were copied
and which not, and "Retry the rest" copies only those (the sandbox's log shows no template
created twice). Asked to, it requests validation, or asks for review where the target wants it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from dashboard.audit.models import AuditEntry
from dashboard.copying import services
from dashboard.copying.models import CopyItem, CopyRun, ItemState, RunState
from dashboard.reviews.models import Review, ReviewPolicy
from dashboard.studio import services as studio_services
from dashboard.studio.models import TemplateVersion
from tests.dashboard.copying.conftest import Copy
from tests.dashboard.security.faults import plain, text_of

GREETING = {"English (US)": "Hello {{1}}, your parcel is on its way. Thank you!"}


def _three(copy: Copy) -> list[str]:
    return [
        copy.source.make("copy_one", GREETING, [("first_name", "text")]),
        copy.source.make("copy_two", {"English (US)": "Second message, thanks.", "Dutch": "Twee."}),
        copy.source.make("copy_three", {"English (US)": "Third message, thanks."}),
    ]


def test_copying_creates_each_template_with_its_fields_and_contents_in_the_target(
    admin_client: Client, copy: Copy
) -> None:
    ids = _three(copy)
    copy.sandbox.clear_log()

    response = admin_client.post(copy.url("start"), copy.choices(ids), follow=True)

    assert copy.creates() == ["copy_one", "copy_two", "copy_three"]
    (one,) = copy.target.named("copy_one")
    assert one.languages["English (US)"].content == GREETING["English (US)"]
    assert [(f.name, f.type) for f in one.replacement_fields] == [("first_name", "text")]
    (two,) = copy.target.named("copy_two")
    assert {k: v.content for k, v in two.languages.items()} == {
        "English (US)": "Second message, thanks.",
        "Dutch": "Twee.",
    }
    assert "3 copied, 0 skipped, 0 not copied." in plain(text_of(response))
    run = CopyRun.objects.get()
    assert run.state == RunState.FINISHED
    assert not run.in_background
    assert AuditEntry.objects.filter(action="copy.start").count() == 2  # in both accounts
    assert AuditEntry.objects.filter(action="template.create").count() == 3
    # Each copy starts its history in the target: one version, copied, by the person.
    versions = TemplateVersion.objects.filter(account=copy.target.account)
    assert sorted(versions.values_list("name", "reason", "number")) == [
        ("copy_one", "copied", 1),
        ("copy_three", "copied", 1),
        ("copy_two", "copied", 1),
    ]


def test_a_clash_is_skipped_or_created_under_the_name_typed(
    admin_client: Client, copy: Copy
) -> None:
    copy.target.make("copy_one", {"English (US)": "Already here, thanks."})
    copy.target.make("copy_two", {"English (US)": "Already here too, thanks."})
    one, two, three = _three(copy)
    copy.sandbox.clear_log()

    response = admin_client.post(
        copy.url("start"),
        copy.choices(
            [one, two, three],
            **{f"do-{one}": "rename", f"name-{one}": "copy_one_b", f"do-{two}": "skip"},
        ),
        follow=True,
    )

    assert copy.creates() == ["copy_one_b", "copy_three"]
    assert copy.target.named("copy_one")[0].languages["English (US)"].content == (
        "Already here, thanks."
    )
    assert "2 copied, 1 skipped, 0 not copied." in plain(text_of(response))
    states = dict(CopyItem.objects.values_list("source_name", "state"))
    assert states == {
        "copy_one": ItemState.COPIED,
        "copy_two": ItemState.SKIPPED,
        "copy_three": ItemState.COPIED,
    }


def _fail_the_second_create(copy: Copy, monkeypatch: pytest.MonkeyPatch) -> None:
    """CM.com fails (503, nothing done) the create of the second template."""
    real = studio_services.template_create_filled
    calls = []
    target_templates = (
        f"/accounts/{copy.target.account.account_id}/whatsapp/{copy.target.request_id}/templates"
    )

    def second_fails(**kwargs: Any) -> Any:
        calls.append(kwargs["name"])
        if len(calls) == 2:
            copy.sandbox.fault("POST", target_templates, status=503)
        return real(**kwargs)

    monkeypatch.setattr(studio_services, "template_create_filled", second_fails)


def test_a_failure_half_way_says_what_was_copied_and_retry_copies_only_the_rest(
    admin_client: Client, copy: Copy, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _three(copy)
    _fail_the_second_create(copy, monkeypatch)
    copy.sandbox.clear_log()

    response = admin_client.post(copy.url("start"), copy.choices(ids), follow=True)

    text = plain(text_of(response))
    assert "1 copied, 0 skipped, 2 not copied." in text
    assert "Not copied: CM.com failed on its side (status 503)" in text
    assert "Not copied: copy_two, copy_three." in text
    assert copy.target.named("copy_two") == []
    assert copy.target.named("copy_three") == []
    run = CopyRun.objects.get()
    retry = admin_client.post(f"/a/{copy.source.account.account_id}/copies/{run.public_id}/retry/")
    assert retry.status_code == 302

    done = admin_client.get(retry["Location"])

    assert "3 copied, 0 skipped, 0 not copied." in plain(text_of(done))
    # Each template created once: the first not again, the other two on the retry.
    assert copy.creates() == ["copy_one", "copy_two", "copy_three"]
    # The one CM.com failed (nothing done) was sent again on the retry; nothing else was.
    assert copy.creates(attempts=True) == ["copy_one", "copy_two", "copy_two", "copy_three"]
    assert len(copy.target.named("copy_one")) == 1
    assert AuditEntry.objects.filter(action="copy.retry").count() == 1


def test_a_retry_of_a_finished_copy_sends_nothing(admin_client: Client, copy: Copy) -> None:
    ids = _three(copy)
    admin_client.post(copy.url("start"), copy.choices(ids))
    run = CopyRun.objects.get()
    copy.sandbox.clear_log()

    response = admin_client.post(
        f"/a/{copy.source.account.account_id}/copies/{run.public_id}/retry/", follow=True
    )

    assert "Nothing to retry" in plain(text_of(response))
    assert copy.creates() == []


def test_a_template_created_whose_content_failed_is_not_created_again_on_retry(
    admin_client: Client, copy: Copy
) -> None:
    (one,) = _three(copy)[:1]
    target_templates = (
        f"/accounts/{copy.target.account.account_id}/whatsapp/{copy.target.request_id}/templates/*"
    )
    copy.sandbox.fault("PUT", target_templates, status=400, body={"message": "Not today."})
    copy.sandbox.clear_log()

    response = admin_client.post(copy.url("start"), copy.choices([one]), follow=True)

    assert "Created in the target, but its content was not saved" in plain(text_of(response))
    run = CopyRun.objects.get()
    admin_client.post(f"/a/{copy.source.account.account_id}/copies/{run.public_id}/retry/")
    (made,) = copy.target.named("copy_one")
    assert made.languages["English (US)"].content == GREETING["English (US)"]
    assert copy.creates() == ["copy_one"]
    assert CopyItem.objects.get().state == ItemState.COPIED


def test_a_double_click_on_retry_copies_once(copy: Copy, admin_user: Any) -> None:
    run = CopyRun.objects.create(
        source_account=copy.source.account,
        source_request_id=copy.source.request_id,
        target_account=copy.target.account,
        target_request_id=copy.target.request_id,
        state=RunState.RUNNING,  # a pass is under way
    )
    CopyItem.objects.create(run=run, position=0, source_template_id="x", source_name="x", name="x")

    assert services.copy_retry(actor=admin_user, run=run) is False
    assert copy.creates() == []


def test_asked_to_it_requests_validation_of_each_copied_template(
    admin_client: Client, copy: Copy
) -> None:
    ids = _three(copy)[1:]
    copy.sandbox.clear_log()

    admin_client.post(copy.url("start"), copy.choices(ids, validate="1"))

    for name in ("copy_two", "copy_three"):
        (made,) = copy.target.named(name)
        assert made.is_validation_requested
    assert all(item.validation_ok for item in CopyItem.objects.all())


def test_where_the_target_requires_review_copying_asks_for_it_and_sends_no_validation(
    admin_client: Client, copy: Copy
) -> None:
    ReviewPolicy.objects.create(account=copy.target.account, template_validation=True)
    ids = _three(copy)[2:]
    copy.sandbox.clear_log()

    response = admin_client.post(copy.url("start"), copy.choices(ids, validate="1"), follow=True)

    (made,) = copy.target.named("copy_three")
    assert not made.is_validation_requested
    assert not [e for e in copy.sandbox.log() if e["path"].endswith("/validate")]
    assert Review.objects.get().account == copy.target.account
    assert "Review asked" in plain(text_of(response))


def test_a_run_of_another_account_is_not_found_under_this_one(
    admin_client: Client, copy: Copy
) -> None:
    run = CopyRun.objects.create(
        source_account=copy.target.account,
        source_request_id=copy.target.request_id,
        target_account=copy.source.account,
        target_request_id=copy.source.request_id,
        state=RunState.FINISHED,
    )
    CopyItem.objects.create(run=run, position=0, source_template_id="x", source_name="x", name="x")
    under_a = f"/a/{copy.source.account.account_id}/copies/{run.public_id}/"

    assert admin_client.get(under_a).status_code == 404
    assert admin_client.post(under_a + "retry/").status_code == 404
    assert (
        admin_client.get(f"/a/{copy.target.account.account_id}/copies/{run.public_id}/").status_code
        == 200
    )


def test_the_same_copy_form_sent_twice_starts_one_run(admin_client: Client, copy: Copy) -> None:
    ids = _three(copy)[:1]
    copy.sandbox.clear_log()
    body = copy.choices(ids, key="same-form-key")

    first = admin_client.post(copy.url("start"), body)
    second = admin_client.post(copy.url("start"), body)

    assert first["Location"] == second["Location"]
    assert CopyRun.objects.count() == 1
    assert copy.creates() == ["copy_one"]
