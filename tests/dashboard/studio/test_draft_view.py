"""Autosave: every pause in typing keeps what was typed in the dashboard's database (no call
to CM.com), invalid input included, with the error at its field; nothing typed is lost."""

from __future__ import annotations

import json

from dashboard.studio.models import PushState, TemplateDraft
from tests.dashboard_fixtures import logged_in

HX = {"HX-Request": "true"}


def _draft(studio, template_id):
    return TemplateDraft.objects.get(
        account=studio.account, request_id=studio.request_id, template_id=template_id
    )


def test_typing_is_kept_as_a_draft_without_calling_cm(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    marketing_client.get(studio.url("edit", template_id))
    studio.sandbox.clear_log()
    response = marketing_client.post(
        studio.url("draft", template_id),
        {"content-english-us": "Hi {{1}}, how did we do?\r\nTell us."},
        headers=HX,
    )
    assert response.status_code == 200
    assert studio.calls() == []
    draft = _draft(studio, template_id)
    assert draft.contents["English (US)"] == "Hi {{1}}, how did we do?\nTell us."
    assert draft.push_state == PushState.PENDING
    body = response.content.decode()
    assert 'id="draft-state"' in body
    assert "not on CM.com until you save" in body
    assert json.loads(response["HX-Trigger"]) == {"studio-draft-saved": None}
    # CM.com still has its own text: saving is a separate, explicit step.
    assert studio.get(template_id).languages["English (US)"].content.startswith("Hi {{1}}, how")
    assert "Tell us." not in studio.get(template_id).languages["English (US)"].content


def test_the_draft_survives_a_closed_browser(marketing_client, marketing_user, studio):
    template_id = studio.template_id("survey_request")
    marketing_client.post(
        studio.url("draft", template_id), {"content-english-us": "Kept for later."}, headers=HX
    )
    later = logged_in(marketing_user)  # a new session: the browser was closed
    body = later.get(studio.url("edit", template_id)).content.decode()
    assert "Kept for later." in body
    assert "not on CM.com until you save" in body


def test_an_invalid_name_is_kept_and_its_error_swapped_in_at_the_field(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    response = marketing_client.post(
        studio.url("draft", template_id), {"name": "Survey Request"}, headers=HX
    )
    body = response.content.decode()
    assert (
        '<small class="field-error" id="err-id_name" hx-swap-oob="true">A template name may' in body
    )
    assert _draft(studio, template_id).name == "Survey Request"
    page = marketing_client.get(studio.url("edit", template_id)).content.decode()
    assert 'value="Survey Request"' in page
    assert '<small class="field-error" id="err-id_name">A template name may' in page


def test_a_sample_that_cannot_be_read_gets_its_error_at_the_field(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    fields = studio.get(template_id).replacement_fields
    row, field_id = next((i, f.id) for i, f in enumerate(fields) if f.name == "total")
    response = marketing_client.post(
        studio.url("draft", template_id),
        {f"f-{row}-key": field_id, f"f-{row}-sample": "a lot"},
        headers=HX,
    )
    body = response.content.decode()
    assert f'id="err-id_f-{row}-sample" hx-swap-oob="true">Enter an amount like' in body
    assert _draft(studio, template_id).samples[field_id] == "a lot"
    # A sample is for the preview only: the draft has nothing to send to CM.com.
    assert _draft(studio, template_id).push_state == PushState.PUSHED


def test_typing_into_an_approved_language_changes_nothing(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    before = studio.get(template_id).languages["Dutch"].content
    marketing_client.post(
        studio.url("draft", template_id), {"content-dutch": "Gewijzigd"}, headers=HX
    )
    assert _draft(studio, template_id).contents["Dutch"] == before


def test_a_post_without_inputs_blanks_nothing(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    marketing_client.post(
        studio.url("draft", template_id), {"content-english-us": "Keep me."}, headers=HX
    )
    response = marketing_client.post(studio.url("draft", template_id), {})
    assert response.status_code == 302
    assert response["Location"] == studio.url("edit", template_id)
    assert _draft(studio, template_id).contents["English (US)"] == "Keep me."


def test_editing_back_to_cms_text_makes_the_draft_saved_again(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    original = studio.get(template_id).languages["English (US)"].content
    marketing_client.post(studio.url("draft", template_id), {"content-english-us": "x"}, headers=HX)
    assert _draft(studio, template_id).push_state == PushState.PENDING
    marketing_client.post(
        studio.url("draft", template_id), {"content-english-us": original}, headers=HX
    )
    assert _draft(studio, template_id).push_state == PushState.PUSHED


def test_support_cannot_write_a_draft(support_client, studio):
    template_id = studio.template_id("survey_request")
    response = support_client.post(
        studio.url("draft", template_id), {"content-english-us": "x"}, headers=HX
    )
    assert response.status_code == 403
    assert not TemplateDraft.objects.exists()
