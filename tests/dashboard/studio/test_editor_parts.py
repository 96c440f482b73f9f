"""The editor swaps only what a button changed: a field's add or delete swaps the fields, a
language's add or remove the texts, save and validation the draft's state (and the parts that
show CM.com's copy reload themselves); only a refusal elsewhere shows the whole editor."""

from __future__ import annotations

import json

from dashboard.studio.views import TEMPLATE_CHANGED

HX = {"HX-Request": "true"}


def _starts(body: str) -> str:
    return body.lstrip()[:60]


def test_adding_a_field_answers_the_fields_and_the_draft_state_out_of_band(
    marketing_client, studio
):
    template_id = studio.template_id("survey_request")
    response = marketing_client.post(
        studio.url("field_add", template_id), {"new_field_name": "reward"}, headers=HX
    )
    body = response.content.decode()
    assert _starts(body).startswith('<fieldset id="studio-fields"')
    assert 'hx-swap-oob="true">' in body[body.index('id="draft-state"') :][:200]
    assert 'id="studio-texts"' not in body
    assert 'id="studio-editor"' not in body
    assert "HX-Retarget" not in response.headers


def test_adding_a_language_answers_the_texts_and_the_draft_state(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    response = marketing_client.post(
        studio.url("language_add", template_id), {"add_language": "French"}, headers=HX
    )
    body = response.content.decode()
    assert _starts(body).startswith('<fieldset id="studio-texts"')
    assert "Message in French" in body
    assert 'id="draft-state"' in body
    assert 'id="studio-fields"' not in body


def test_saving_answers_the_draft_state_and_asks_the_parts_of_cms_copy_to_reload(
    marketing_client, studio
):
    template_id = studio.template_id("survey_request")
    response = marketing_client.post(
        studio.url("save", template_id), {"name": "survey_request"}, headers=HX
    )
    body = response.content.decode()
    assert _starts(body).startswith('<div id="draft-state"')
    assert "<fieldset" not in body
    assert TEMPLATE_CHANGED in json.loads(response.headers["HX-Trigger"])
    page = marketing_client.get(studio.url("edit", template_id)).content.decode()
    for part in ("fields", "texts"):
        reload = f'hx-get="{studio.url("edit", template_id)}?part={part}"'
        assert f'{reload} hx-trigger="{TEMPLATE_CHANGED} from:body"' in page


def test_a_refused_language_shows_in_the_whole_editor_wherever_the_button_aimed(
    marketing_client, studio
):
    template_id = studio.template_id("survey_request")
    response = marketing_client.post(
        studio.url("language_add", template_id), {"add_language": "Japanese"}, headers=HX
    )
    assert response.headers["HX-Retarget"] == "#studio-editor"
    assert _starts(response.content.decode()).startswith('<section id="studio-editor"')


def test_each_part_of_the_editor_loads_alone(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    for part, root in (
        ("fields", '<fieldset id="studio-fields"'),
        ("texts", '<fieldset id="studio-texts"'),
        ("draft-state", '<div id="draft-state"'),
    ):
        body = marketing_client.get(studio.url("edit", template_id, part=part), headers=HX)
        assert _starts(body.content.decode()).startswith(root), part
