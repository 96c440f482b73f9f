"""Replacement fields in the draft: add (the next placeholder), rename and retype (autosaved),
delete (placeholders after it renumbered; refused while the text uses it)."""

from __future__ import annotations

from dashboard.studio.models import TemplateDraft

HX = {"HX-Request": "true"}


def _draft(studio, template_id):
    return TemplateDraft.objects.get(
        account=studio.account, request_id=studio.request_id, template_id=template_id
    )


def test_adding_a_field_gives_it_the_next_placeholder(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    response = marketing_client.post(
        studio.url("field_add", template_id),
        {"new_field_name": "reward", "new_field_type": "currency"},
        headers=HX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<code>{{2}}</code>" in body
    fields = _draft(studio, template_id).fields
    assert [(f["name"], f["type"], f["id"]) for f in fields][1] == ("reward", "currency", "")
    assert studio.calls("POST") == []  # sent to CM.com on "Save" only


def test_a_field_name_already_used_is_refused_at_the_input_and_kept(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    response = marketing_client.post(
        studio.url("field_add", template_id),
        {"new_field_name": "Customer_Name", "new_field_type": "text"},
        headers=HX,
    )
    body = response.content.decode()
    assert '<small class="field-error" id="err-id_new_field_name">There is already a field' in body
    assert 'value="Customer_Name"' in body
    assert len(_draft(studio, template_id).fields) == 1


def test_a_field_name_with_a_control_character_is_refused_at_the_input(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    response = marketing_client.post(
        studio.url("field_add", template_id),
        {"new_field_name": "re\x00ward", "new_field_type": "text"},
        headers=HX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    error = body.split('id="err-id_new_field_name">', 1)[1].split("<", 1)[0]
    assert "can&#x27;t contain control characters" in error
    assert len(_draft(studio, template_id).fields) == 1


def test_a_nul_in_what_was_typed_is_dropped_and_the_rest_is_kept(marketing_client, studio):
    # No browser sends one, and PostgreSQL's JSON cannot store it: a crafted request must not
    # cost the draft (a 500 there, before).
    template_id = studio.template_id("survey_request")
    response = marketing_client.post(
        studio.url("draft", template_id),
        {"content-english-us": "Thanks\x00 for shopping."},
        headers=HX,
    )
    assert response.status_code == 200
    assert _draft(studio, template_id).contents["English (US)"] == "Thanks for shopping."


def test_adding_a_field_without_htmx_keeps_what_else_was_typed(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    response = marketing_client.post(
        studio.url("field_add", template_id),
        {"new_field_name": "reward", "content-english-us": "Typed before clicking."},
    )
    assert response.status_code == 302
    draft = _draft(studio, template_id)
    assert draft.contents["English (US)"] == "Typed before clicking."
    assert [f["name"] for f in draft.fields] == ["customer_name", "reward"]


def test_rename_and_retype_are_kept_as_typed(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    field_id = studio.get(template_id).replacement_fields[1].id
    marketing_client.post(
        studio.url("draft", template_id),
        {"f-1-key": field_id, "f-1-name": "order_id", "f-1-type": "datetime"},
        headers=HX,
    )
    field = _draft(studio, template_id).field_by_key(field_id)
    assert (field["name"], field["type"]) == ("order_id", "datetime")


def test_deleting_a_field_renumbers_the_placeholders_after_it(marketing_client, studio):
    template_id = studio.template_id("payment_overdue")
    fields = studio.get(template_id).replacement_fields
    marketing_client.post(
        studio.url("draft", template_id),
        {"content-english-us": "Hi {{1}}, {{3}} was due on {{4}}, see {{2}}? No: {{3}}."},
        headers=HX,
    )
    # Take {{2}} out of the text first, then delete field 2.
    marketing_client.post(
        studio.url("draft", template_id),
        {"content-english-us": "Hi {{1}}, {{3}} was due on {{4}}. Pay {{3}} today."},
        headers=HX,
    )
    response = marketing_client.post(
        studio.url("field_delete", template_id), {"field": fields[1].id}, headers=HX
    )
    assert response.status_code == 200
    draft = _draft(studio, template_id)
    assert [f["name"] for f in draft.fields] == [fields[0].name, fields[2].name, fields[3].name]
    assert draft.contents["English (US)"] == "Hi {{1}}, {{2}} was due on {{3}}. Pay {{2}} today."


def test_a_field_the_text_still_uses_cannot_be_deleted(marketing_client, studio):
    template_id = studio.template_id("payment_overdue")
    fields = studio.get(template_id).replacement_fields
    response = marketing_client.post(
        studio.url("field_delete", template_id), {"field": fields[1].id}, headers=HX
    )
    body = response.content.decode()
    assert f"{fields[1].name} ({{{{2}}}}) is used in English (US): take it out of the text" in body
    assert len(_draft(studio, template_id).fields) == 4


def test_a_field_before_ones_an_approved_language_uses_cannot_be_deleted(marketing_client, studio):
    template_id = studio.template_id("subscription_renewal")
    fields = studio.get(template_id).replacement_fields
    # Free field 1 in the editable languages; English (US) is approved and uses {{2}}, {{3}}.
    for slug in ("dutch", "german"):
        marketing_client.post(
            studio.url("draft", template_id), {f"content-{slug}": "Plain text."}, headers=HX
        )
    response = marketing_client.post(
        studio.url("field_delete", template_id), {"field": fields[0].id}, headers=HX
    )
    assert "is used in English (US)" in response.content.decode()
    assert len(_draft(studio, template_id).fields) == 3
