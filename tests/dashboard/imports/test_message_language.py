"""What an import says of each template is shown in the reader's language (issue 18): a step may
run on a worker, in English, so an item keeps its sentence's key and parts and the report puts
them together in the language of the person reading it. CM.com's own words are kept as given,
and a row written before keys shows the words it holds."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from dashboard.imports import services
from dashboard.imports.models import ImportItem, ImportRun, ItemState
from dashboard.people.models import User
from tests.dashboard.imports.conftest import Studio
from tests.dashboard.imports.files import csv_bytes, good_rows
from tests.dashboard.security.faults import plain, text_of
from tests.dashboard_fixtures import logged_in

pytestmark = pytest.mark.django_db


def _uploaded(client: Any, studio: Studio, count: int) -> ImportRun:
    url = reverse("imports:start", args=[studio.account.account_id, studio.request_id])
    data = csv_bytes(good_rows(count, prefix="worded"))
    client.post(url, {"file": SimpleUploadedFile("worded.csv", data)})
    return ImportRun.objects.get()


def _url(name: str, studio: Studio, run: ImportRun) -> str:
    return reverse(
        f"imports:{name}", args=[studio.account.account_id, studio.request_id, run.public_id]
    )


def _in_dutch(person: User) -> User:
    person.language = "nl"
    person.save(update_fields=["language"])
    return person


def _report(person: User, studio: Studio, run: ImportRun) -> str:
    return plain(text_of(logged_in(person).get(_url("report", studio, run))))


def test_a_dutch_reader_sees_why_an_english_step_stopped_said_in_dutch(
    marketing_client: Any, marketing_user: User, studio: Studio
) -> None:
    run = _uploaded(marketing_client, studio, 2)
    run.items.filter(name="worded_001").update(state=ItemState.SENDING)
    run.items.filter(name="worded_002").update(state=ItemState.QUEUED)
    with translation.override("en"):
        services.step_stopped(run_id=run.pk, step=services.CREATE)

    text = _report(_in_dutch(marketing_user), studio, run)

    assert "De import stopte terwijl dit werd verstuurd" in text
    assert "Niet verstuurd: de import stopte hiervoor." in text
    assert "The import stopped" not in text
    assert "Not sent" not in text


def test_an_english_reader_sees_the_same_items_in_english(
    marketing_client: Any, marketing_user: User, studio: Studio
) -> None:
    run = _uploaded(marketing_client, studio, 1)
    run.items.update(state=ItemState.QUEUED)
    with translation.override("nl"):
        services.step_stopped(run_id=run.pk, step=services.CREATE)

    text = _report(marketing_user, studio, run)

    assert "Not sent: the import stopped before this one." in text


def test_a_row_written_before_keys_still_shows_the_words_it_holds(
    marketing_client: Any, marketing_user: User, studio: Studio
) -> None:
    run = _uploaded(marketing_client, studio, 1)
    run.items.update(state=ItemState.FAILED, message="Written by an older version.")

    text = _report(_in_dutch(marketing_user), studio, run)

    assert "Written by an older version." in text


def test_cm_coms_own_words_are_kept_as_given_in_a_dutch_sentence(
    marketing_client: Any, marketing_user: User, studio: Studio
) -> None:
    run = _uploaded(marketing_client, studio, 1)
    studio.sandbox.fault(
        "POST",
        f"/accounts/{studio.account.account_id}{studio.template_path()}",
        status=400,
        body={"message": "Naam bevat verboden woorden"},
    )
    # Imported by an English reader: the step runs in the request, in English.
    marketing_client.post(_url("run", studio, run), {"item": [i.pk for i in run.items.all()]})
    assert ImportItem.objects.get().state == ItemState.FAILED

    text = _report(_in_dutch(marketing_user), studio, run)

    assert "Naam bevat verboden woorden" in text
    assert "Niet aangemaakt (1) worded_001: " in text
    assert "Not created" not in text
    # Said once: the state ("Niet aangemaakt") and then why, not the state twice.
    assert "Niet aangemaakt: Niet aangemaakt" not in text


def _import_in_english(client: Any, studio: Studio, run: ImportRun) -> None:
    # Imported by an English reader: the step runs in the request, in English.
    client.post(_url("run", studio, run), {"item": [i.pk for i in run.items.all()]})


def test_a_dutch_reader_sees_a_lost_answer_of_an_english_import_and_its_check_in_dutch(
    marketing_client: Any, marketing_user: User, studio: Studio
) -> None:
    """Upstream's words for the lost answer and the studio's name of what was written are
    ours: said in the reader's language, not the worker's."""
    run = _uploaded(marketing_client, studio, 1)
    studio.sandbox.fault(
        "POST", f"/accounts/{studio.account.account_id}{studio.template_path()}", status=503
    )
    _import_in_english(marketing_client, studio, run)
    assert ImportItem.objects.get().state == ItemState.FAILED

    text = _report(_in_dutch(marketing_user), studio, run)

    assert (
        "Niet aangemaakt (1) worded_001: CM.com faalde aan zijn kant (status 503), en een "
        "controle toont dat het template worded_001 niet is opgeslagen — je kunt het opnieuw "
        "versturen."
    ) in text
    assert "failed on its side" not in text


def test_a_dutch_reader_sees_why_the_texts_of_an_english_import_were_not_saved_in_dutch(
    marketing_client: Any, marketing_user: User, studio: Studio
) -> None:
    run = _uploaded(marketing_client, studio, 1)
    studio.sandbox.fault(
        "PUT",
        f"/accounts/{studio.account.account_id}{studio.template_path()}/*",
        status=400,
        body={"message": "Text rejected by CM"},
    )
    _import_in_english(marketing_client, studio, run)
    assert ImportItem.objects.get().state == ItemState.CREATED

    text = _report(_in_dutch(marketing_user), studio, run)

    assert (
        "Aangemaakt, maar Niet opgeslagen bij CM.com: CM.com weigerde het verzoek: "
        "Text rejected by CM"
    ) in text
    assert "Not saved to CM.com" not in text
    assert "refused the request" not in text


def test_a_dutch_reader_sees_why_an_english_submit_was_refused_in_dutch(
    marketing_client: Any, marketing_user: User, studio: Studio
) -> None:
    run = _uploaded(marketing_client, studio, 1)
    _import_in_english(marketing_client, studio, run)
    studio.sandbox.fault(
        "POST",
        f"/accounts/{studio.account.account_id}{studio.template_path()}/*",
        status=400,
        body={"message": "Category not allowed by CM"},
    )
    marketing_client.post(_url("submit", studio, run))

    text = _report(_in_dutch(marketing_user), studio, run)

    assert (
        "Validatie is niet aangevraagd: CM.com weigerde het verzoek: Category not allowed by CM"
    ) in text
    assert "Validation was not requested" not in text


def test_messages_stored_in_english_before_are_said_in_dutch_after_the_migration(
    marketing_client: Any, studio: Studio
) -> None:
    """Rows a step wrote before the change held the English sentence; the data migration keeps
    their key and CM.com's words."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("dashboard.imports.migrations.0002_message_parts")
    run = _uploaded(marketing_client, studio, 3)
    stored = {
        "worded_001": ("Not sent: the import stopped before this one.", ""),
        "worded_002": ("Not created: Naam bevat verboden woorden", ""),
        "worded_003": ("", "Its draft is no longer here."),
    }
    for name, (message, submit_message) in stored.items():
        run.items.filter(name=name).update(message=message, submit_message=submit_message)

    migration.forwards(apps, None)

    with translation.override("nl"):
        shown = {
            item.name: (item.display_message, item.display_submit_message)
            for item in run.items.all()
        }
    assert shown == {
        "worded_001": ("Niet verstuurd: de import stopte hiervoor.", ""),
        "worded_002": ("Naam bevat verboden woorden", ""),  # its state says "Niet aangemaakt"
        "worded_003": ("", "Het concept is er niet meer."),
    }


def test_a_dutch_reader_sees_that_a_review_was_waiting_said_in_dutch(
    marketing_client: Any, marketing_user: User, admin_user: User, studio: Studio
) -> None:
    """The studio's "Ask for review" sentence: an English submit's refusal because a review
    already waits reads in Dutch; the name of who asked is kept as given."""
    from dashboard.reviews.models import ReviewPolicy
    from dashboard.studio import reviewing
    from dashboard.studio.models import TemplateDraft

    ReviewPolicy.objects.create(account=studio.account, template_validation=True)
    run = _uploaded(marketing_client, studio, 1)
    _import_in_english(marketing_client, studio, run)
    draft = TemplateDraft.objects.get(template_id=ImportItem.objects.get().template_id)
    asked = reviewing.template_submit(actor=admin_user, account=studio.account, draft=draft)
    assert asked.review is not None
    assert asked.review.author_name
    marketing_client.post(_url("submit", studio, run))

    text = _report(_in_dutch(marketing_user), studio, run)

    assert f"{asked.review.author_name} heeft al om beoordeling gevraagd; die wacht nog." in text
    assert "it is waiting" not in text
