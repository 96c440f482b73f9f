"""What a copy says of each template is shown in the reader's language (issue 18): a pass runs
on a worker, in English, so an item keeps its sentence's key and parts and the run's page puts
them together in the language of the person reading it. CM.com's own words are kept as given,
and a row written before keys shows the words it holds."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.utils import translation

from dashboard.copying import services
from dashboard.copying.models import CopyItem, CopyRun, ItemState, RunState
from dashboard.people.models import User
from dashboard.upstream import client_for
from tests.dashboard.copying.conftest import Copy
from tests.dashboard.security.faults import plain, text_of
from tests.dashboard_fixtures import logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def dutch(admin_user: User) -> User:
    """Ada, who reads the dashboard in Dutch."""
    admin_user.language = "nl"
    admin_user.save(update_fields=["language"])
    return admin_user


def _planned(name: str, *, skip: bool = False) -> services.Planned:
    return services.Planned(
        source_template_id="00000000-0000-4000-8000-000000000001",
        source_name=name,
        name=name,
        category_id="",
        contents={},
        fields=[],
        skip=skip,
    )


def _run(copy: Copy, **item: Any) -> CopyRun:
    run = CopyRun.objects.create(
        source_account=copy.source.account,
        source_request_id=copy.source.request_id,
        target_account=copy.target.account,
        target_request_id=copy.target.request_id,
        state=RunState.QUEUED,
    )
    CopyItem.objects.create(
        run=run,
        position=0,
        source_template_id="00000000-0000-4000-8000-000000000001",
        source_name=item.get("name", "cut_off"),
        name=item.get("name", "cut_off"),
        category_id=item.get("category_id", ""),
        state=item.get("state", ItemState.WAITING),
        message=item.get("message", ""),
    )
    return run


def _page(person: User, copy: Copy, run: CopyRun) -> str:
    url = f"/a/{copy.source.account.account_id}/copies/{run.public_id}/"
    return plain(text_of(logged_in(person).get(url)))


def test_a_dutch_reader_sees_a_template_skipped_by_an_english_pass_said_in_dutch(
    copy: Copy, dutch: User
) -> None:
    with translation.override("en"):
        run = services.copy_start(
            actor=dutch,
            source=copy.source.account,
            source_request_id=copy.source.request_id,
            target=copy.target.account,
            target_request_id=copy.target.request_id,
            planned=[_planned("already_there", skip=True)],
            request_validation=False,
        )

    text = _page(dutch, copy, run)

    assert "Er staat al een template met deze naam in het doel: overgeslagen." in text
    assert "skipped." not in text


def test_a_dutch_reader_sees_a_template_an_english_pass_copied_said_in_dutch(
    copy: Copy, dutch: User
) -> None:
    planned = dataclasses.replace(
        _planned("copied_in_english"),
        category_id=_category(copy),
        contents={"English (US)": "Hi."},
    )
    with translation.override("en"):
        run = services.copy_start(
            actor=dutch,
            source=copy.source.account,
            source_request_id=copy.source.request_id,
            target=copy.target.account,
            target_request_id=copy.target.request_id,
            planned=[planned],
            request_validation=False,
        )

    text = _page(dutch, copy, run)

    assert CopyItem.objects.get().state == ItemState.COPIED
    assert "Opgeslagen bij CM.com." in text
    assert "Saved to CM.com." not in text


def test_a_dutch_reader_sees_an_interrupted_copy_said_in_dutch(copy: Copy, dutch: User) -> None:
    copy.target.make("cut_off", {"English (US)": "Made before the pass was cut off."})
    run = _run(copy, state=ItemState.COPYING)
    with translation.override("en"):
        services.copy_run_pass(run_id=run.pk)

    text = _page(dutch, copy, run)

    assert (
        "Het kopiëren werd onderbroken nadat het template in het doel was aangemaakt: open het "
        "in de studio om de inhoud te controleren." in text
    )
    assert "open it in the studio" not in text


def test_the_same_interrupted_copy_reads_in_english_for_an_english_reader(
    copy: Copy, admin_user: User
) -> None:
    copy.target.make("cut_off", {"English (US)": "Made before the pass was cut off."})
    run = _run(copy, state=ItemState.COPYING)
    with translation.override("nl"):
        services.copy_run_pass(run_id=run.pk)

    text = _page(admin_user, copy, run)

    assert "The copy was interrupted after the template was created in the target" in text


def test_a_row_written_before_keys_still_shows_the_words_it_holds(copy: Copy, dutch: User) -> None:
    run = _run(copy, state=ItemState.FAILED, message="Written by an older version.")
    CopyRun.objects.filter(pk=run.pk).update(state=RunState.FINISHED)

    text = _page(dutch, copy, run)

    assert "Written by an older version." in text


def test_cm_coms_own_words_are_kept_as_given_in_a_dutch_sentence(copy: Copy, dutch: User) -> None:
    target_templates = (
        f"/accounts/{copy.target.account.account_id}/whatsapp/{copy.target.request_id}/templates"
    )
    copy.sandbox.fault(
        "POST", target_templates, status=400, body={"message": "Naam bevat verboden woorden"}
    )
    run = _run(copy, name="refused_name", category_id=_category(copy))
    with translation.override("en"):
        services.copy_run_pass(run_id=run.pk)

    text = _page(dutch, copy, run)

    assert CopyItem.objects.get().state == ItemState.FAILED
    assert "Niet gekopieerd: " in text
    assert "Naam bevat verboden woorden" in text
    assert "Not copied: " not in text


def _category(copy: Copy) -> str:
    with client_for(copy.target.account) as client:
        return str(client.templates.list_categories(copy.target.request_id)[0].id)


def test_messages_stored_in_english_before_are_said_in_dutch_after_the_migration(
    copy: Copy,
) -> None:
    """Rows a pass wrote before the change held the English sentence; the data migration keeps
    their key and CM.com's words."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("dashboard.copying.migrations.0002_message_parts")
    run = _run(copy, message="A template of this name is in the target already: skipped.")
    CopyItem.objects.create(
        run=run,
        position=1,
        source_template_id="00000000-0000-4000-8000-000000000002",
        source_name="refused",
        name="refused",
        message="Not copied: Naam bevat verboden woorden",
        validation="Not submitted: the draft is gone.",
    )
    CopyItem.objects.create(
        run=run,
        position=2,
        source_template_id="00000000-0000-4000-8000-000000000003",
        source_name="other",
        name="other",
        message="Al in het Nederlands geschreven.",
    )

    migration.forwards(apps, None)

    with translation.override("nl"):
        shown = [
            (item.display_message, item.display_validation)
            for item in CopyItem.objects.order_by("position")
        ]
    assert shown == [
        ("Er staat al een template met deze naam in het doel: overgeslagen.", ""),
        ("Niet gekopieerd: Naam bevat verboden woorden", "Niet ingediend: het concept is weg."),
        ("Al in het Nederlands geschreven.", ""),
    ]


def _templates_path(copy: Copy) -> str:
    return f"/accounts/{copy.target.account.account_id}/whatsapp/{copy.target.request_id}/templates"


def test_a_dutch_reader_sees_why_an_english_pass_could_not_save_the_content_in_dutch(
    copy: Copy, dutch: User
) -> None:
    """The studio's outcome of the push and upstream's framing of the refusal are ours, said
    in the reader's language; only CM.com's own words stay as CM.com wrote them."""
    copy.sandbox.fault(
        "PUT", f"{_templates_path(copy)}/*", status=400, body={"message": "Text rejected by CM"}
    )
    run = _run(copy, name="half_made", category_id=_category(copy))
    CopyItem.objects.update(contents={"English (US)": "Hi."})
    with translation.override("en"):
        services.copy_run_pass(run_id=run.pk)

    text = _page(dutch, copy, run)

    assert CopyItem.objects.get().state == ItemState.FAILED
    assert (
        "Aangemaakt in het doel, maar de inhoud is niet opgeslagen (Niet opgeslagen bij CM.com: "
        "CM.com weigerde het verzoek: Text rejected by CM). Opnieuw proberen slaat die op"
    ) in text
    assert "Not saved to CM.com" not in text
    assert "refused the request" not in text


def test_a_dutch_reader_sees_a_lost_answer_of_an_english_pass_and_its_check_in_dutch(
    copy: Copy, dutch: User
) -> None:
    copy.sandbox.fault("POST", _templates_path(copy), status=503)
    run = _run(copy, name="answer_lost", category_id=_category(copy))
    with translation.override("en"):
        services.copy_run_pass(run_id=run.pk)

    text = _page(dutch, copy, run)

    assert CopyItem.objects.get().state == ItemState.FAILED
    assert (
        "Niet gekopieerd: CM.com faalde aan zijn kant (status 503), en een controle toont dat "
        "het template answer_lost niet is opgeslagen — je kunt het opnieuw versturen."
    ) in text
    assert "failed on its side" not in text
    assert "the template answer_lost" not in text


def test_the_same_lost_answer_reads_in_english_for_an_english_reader(
    copy: Copy, admin_user: User
) -> None:
    copy.sandbox.fault("POST", _templates_path(copy), status=503)
    run = _run(copy, name="answer_lost", category_id=_category(copy))
    with translation.override("nl"):
        services.copy_run_pass(run_id=run.pk)

    text = _page(admin_user, copy, run)

    assert (
        "Not copied: CM.com failed on its side (status 503), and a check shows the template "
        "answer_lost was not saved — you can send it again."
    ) in text


def test_a_dutch_reader_sees_the_validation_an_english_pass_requested_in_dutch(
    copy: Copy, dutch: User
) -> None:
    planned = dataclasses.replace(
        _planned("validated_in_english"),
        category_id=_category(copy),
        contents={"English (US)": "Hi."},
    )
    with translation.override("en"):
        run = services.copy_start(
            actor=dutch,
            source=copy.source.account,
            source_request_id=copy.source.request_id,
            target=copy.target.account,
            target_request_id=copy.target.request_id,
            planned=[planned],
            request_validation=True,
        )

    text = _page(dutch, copy, run)

    assert CopyItem.objects.get().validation_ok is True
    assert "Validatie aangevraagd: WhatsApp beoordeelt het template" in text
    assert "Validation requested" not in text
