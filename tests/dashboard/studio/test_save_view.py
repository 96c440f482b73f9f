""" "Save" pushes the draft to CM.com: fields (add, rename, retype, delete), name, category and
the content of each language that is not approved, each write audited; a push that fails keeps
the draft, says why in words, and "Retry" pushes it."""

from __future__ import annotations

import json

from dashboard.audit.models import AuditEntry
from dashboard.studio.models import PushState, TemplateDraft

HX = {"HX-Request": "true"}


def _draft(studio, template_id):
    return TemplateDraft.objects.get(
        account=studio.account, request_id=studio.request_id, template_id=template_id
    )


def test_save_sends_the_changed_text_and_fields_and_audits_each_write(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    field = studio.get(template_id).replacement_fields[0]
    marketing_client.post(
        studio.url("field_add", template_id),
        {"new_field_name": "reward", "new_field_type": "currency"},
        headers=HX,
    )
    studio.sandbox.clear_log()
    response = marketing_client.post(
        studio.url("save", template_id),
        {
            "content-english-us": "Hi {{1}}, answer three questions and get {{2}} off.",
            "f-0-key": field.id,
            "f-0-name": "first_name",
        },
        headers=HX,
    )
    assert response.status_code == 200
    assert "Saved to CM.com." in response.content.decode()
    assert set(json.loads(response["HX-Trigger"])) == {
        "studio-draft-saved",
        "studio-template-changed",
    }
    writes = [(m, p) for m, p in studio.calls() if m != "GET"]
    base = studio.template_path(template_id)
    assert writes == [
        ("PUT", f"{base}/fields/{field.id}"),
        ("POST", f"{base}/fields"),
        ("PUT", base),
    ]
    saved = studio.get(template_id)
    assert [(f.name, f.type) for f in saved.replacement_fields] == [
        ("first_name", "text"),
        ("reward", "currency"),
    ]
    assert saved.languages["English (US)"].content.endswith("get {{2}} off.")
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "outcome"))
    assert actions == [
        ("template.field_update", "ok"),
        ("template.field_add", "ok"),
        ("template.update", "ok"),
    ]
    update = AuditEntry.objects.get(action="template.update")
    assert update.sent["before"]["contents"]["English (US)"].startswith("Hi {{1}}, how did")
    assert update.sent["after"]["contents"]["English (US)"].endswith("get {{2}} off.")
    rename = AuditEntry.objects.get(action="template.field_update")
    assert rename.sent["before"]["name"] == "customer_name"
    assert rename.sent["after"] == {"name": "first_name", "type": "text"}
    assert _draft(studio, template_id).push_state == PushState.PUSHED


def test_after_a_save_the_list_shows_cms_new_state_not_a_cached_one(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    assert "survey_request" in marketing_client.get(studio.url("list")).content.decode()
    marketing_client.post(studio.url("save", template_id), {"name": "visit_survey"})
    body = marketing_client.get(studio.url("list")).content.decode()
    assert "visit_survey" in body
    assert ">survey_request<" not in body


def test_an_upstream_failure_while_saving_keeps_the_draft_and_retry_pushes_it(
    marketing_client, studio
):
    template_id = studio.template_id("survey_request")
    text = "Hi {{1}}, how was your visit today? Tell us."
    path = f"/channels/v1/accounts/{studio.account.account_id}{studio.template_path(template_id)}"
    studio.sandbox.fault("PUT", path, status=500)

    response = marketing_client.post(
        studio.url("save", template_id), {"content-english-us": text}, headers=HX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Saving to CM.com failed." in body
    assert "CM.com failed on its side (status 500)" in body
    assert ">Retry</button>" in body
    # Only the draft's state is swapped: the text stays in the form, and the texts part
    # (reloaded as CM.com's copy may have changed) shows it from the draft.
    assert 'id="studio-texts"' not in body
    texts = marketing_client.get(studio.url("edit", template_id, part="texts"), headers=HX)
    assert text in texts.content.decode()
    draft = _draft(studio, template_id)
    assert draft.push_state == PushState.FAILED
    assert draft.contents["English (US)"] == text
    assert "Tell us." not in studio.get(template_id).languages["English (US)"].content
    failed = AuditEntry.objects.get(action="template.update")
    assert (failed.outcome, failed.upstream_status) == ("refused", 500)

    # The page says so after a reload, too.
    page = marketing_client.get(studio.url("edit", template_id)).content.decode()
    assert "Saving to CM.com failed." in page
    assert text in page

    response = marketing_client.post(studio.url("save", template_id), {}, headers=HX)
    assert "Saved to CM.com." in response.content.decode()
    assert studio.get(template_id).languages["English (US)"].content == text
    assert _draft(studio, template_id).push_state == PushState.PUSHED


def test_a_retry_after_a_partial_push_does_not_add_a_field_twice(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    path = f"/channels/v1/accounts/{studio.account.account_id}{studio.template_path(template_id)}"
    marketing_client.post(
        studio.url("field_add", template_id),
        {"new_field_name": "reward", "new_field_type": "currency"},
        headers=HX,
    )
    studio.sandbox.fault("PUT", path, status=500)
    marketing_client.post(
        studio.url("save", template_id),
        {"content-english-us": "Hi {{1}}, get {{2}} off today."},
        headers=HX,
    )
    assert _draft(studio, template_id).push_state == PushState.FAILED
    assert [f.name for f in studio.get(template_id).replacement_fields] == [
        "customer_name",
        "reward",
    ]
    marketing_client.post(studio.url("save", template_id), {}, headers=HX)
    saved = studio.get(template_id)
    assert [f.name for f in saved.replacement_fields] == ["customer_name", "reward"]
    assert saved.languages["English (US)"].content == "Hi {{1}}, get {{2}} off today."


def test_an_invalid_name_is_not_sent_and_the_error_shows_at_the_field(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    studio.sandbox.clear_log()
    response = marketing_client.post(
        studio.url("save", template_id), {"name": "Survey!"}, headers=HX
    )
    body = response.content.decode()
    assert "Not saved to CM.com: A template name may only contain" in body
    assert (
        '<small class="field-error" id="err-id_name" hx-swap-oob="true">A template name may' in body
    )
    # The name's input is not swapped (what was typed stays); the draft keeps it too.
    assert _draft(studio, template_id).name == "Survey!"
    assert [m for m, _p in studio.calls() if m != "GET"] == []


def test_saving_without_htmx_redirects_to_the_editor_with_a_message(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    response = marketing_client.post(
        studio.url("save", template_id), {"content-english-us": "Hi {{1}}, thanks!"}, follow=True
    )
    assert response.redirect_chain == [(studio.url("edit", template_id), 302)]
    assert "Saved to CM.com." in response.content.decode()


def test_nothing_changed_sends_nothing(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    studio.sandbox.clear_log()
    response = marketing_client.post(studio.url("save", template_id), {}, headers=HX)
    assert "Nothing to save" in response.content.decode()
    assert [m for m, _p in studio.calls() if m != "GET"] == []
    assert not AuditEntry.objects.exists()
