"""What the studio stores in words is said in the reader's language (issue 18): a draft is
shared by the authors of an account, so why its last save failed reads in the language of
whoever opens it; a save the lint stopped keeps the lint's words as their key and parts, so a
copy or an import that stores the outcome reads it in its reader's language."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from dashboard.core import wording
from dashboard.people.models import User
from dashboard.studio import services
from dashboard.studio.models import PushState, TemplateDraft
from tests.dashboard.security.faults import plain, text_of
from tests.dashboard.studio.conftest import Studio

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def _draft(studio: Studio, template_id: str) -> TemplateDraft:
    return TemplateDraft.objects.get(
        account=studio.account, request_id=studio.request_id, template_id=template_id
    )


def _in_dutch(person: User) -> User:
    person.language = "nl"
    person.save(update_fields=["language"])
    return person


def _fail_a_save(client: Any, studio: Studio) -> str:
    """A save by the person logged in to ``client``, in their language, that CM.com fails."""
    template_id = studio.template_id("survey_request")
    path = f"/channels/v1/accounts/{studio.account.account_id}{studio.template_path(template_id)}"
    studio.sandbox.fault("PUT", path, status=500)
    client.post(
        studio.url("save", template_id),
        {"content-english-us": "Hi {{1}}, how was your visit today? Tell us."},
        headers=HX,
    )
    assert _draft(studio, template_id).push_state == PushState.FAILED
    return template_id


def test_a_dutch_author_sees_why_an_english_authors_save_failed_in_dutch(
    marketing_client: Any, marketing_user: User, studio: Studio
) -> None:
    # Saved by an English author (marketing_user reads English until told otherwise).
    template_id = _fail_a_save(marketing_client, studio)
    _in_dutch(marketing_user)

    page = plain(text_of(marketing_client.get(studio.url("edit", template_id))))

    assert "CM.com faalde aan zijn kant (status 500)" in page
    assert "failed on its side" not in page


def test_a_save_a_dutch_author_saw_fail_reads_in_english_for_an_english_author(
    marketing_client: Any, marketing_user: User, studio: Studio
) -> None:
    _in_dutch(marketing_user)
    template_id = _fail_a_save(marketing_client, studio)
    marketing_user.language = "en"
    marketing_user.save(update_fields=["language"])

    page = plain(text_of(marketing_client.get(studio.url("edit", template_id))))

    assert "CM.com failed on its side (status 500)" in page


def test_a_draft_that_failed_before_parts_still_shows_the_words_it_holds(
    marketing_client: Any, marketing_user: User, studio: Studio
) -> None:
    template_id = _fail_a_save(marketing_client, studio)
    TemplateDraft.objects.filter(pk=_draft(studio, template_id).pk).update(
        push_error="Written by an older version.", push_error_parts={}
    )
    _in_dutch(marketing_user)

    page = plain(text_of(marketing_client.get(studio.url("edit", template_id))))

    assert "Written by an older version." in page


def test_a_save_the_lint_stopped_in_english_reads_in_dutch_where_it_is_stored(
    studio: Studio,
) -> None:
    template_id = studio.template_id("survey_request")
    draft = services.draft_open(
        account=studio.account, request_id=studio.request_id, template=studio.get(template_id)
    )
    first = draft.fields[0]
    draft.fields = [*draft.fields, {**first, "key": "again", "id": ""}]
    with translation.override("en"):
        pushed = services.template_push(actor=None, account=studio.account, draft=draft)
    assert not pushed.ok
    assert pushed.message == (
        f"Not saved to CM.com: Two fields are named {first['name']}: field names must differ."
    )

    with translation.override("nl"):
        stored = wording.compose({}, wording.part(pushed.message))

    assert stored == (
        f"Niet opgeslagen bij CM.com: Twee velden heten {first['name']}: veldnamen moeten "
        "verschillen."
    )
