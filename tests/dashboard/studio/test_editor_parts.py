"""The editor swaps only what a button changed: a field's add or delete swaps the fields, a
language's add or remove the texts, save and validation the draft's state (and the parts that
show CM.com's copy reload themselves); only a refusal elsewhere shows the whole editor."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from dashboard.studio.models import TemplateDraft
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
    assert _starts(body).startswith('<div id="studio-fields"')
    assert 'hx-swap-oob="true">' in body[body.index('id="draft-state"') :][:200]
    # The add row comes back empty, out of band, so the next field starts from nothing.
    add_row = body[body.index('<div id="field-add"') :]
    assert add_row.startswith('<div id="field-add" class="add-row" hx-swap-oob="true">')
    assert 'name="new_field_name" maxlength="100"' in add_row
    assert 'value="reward"' not in add_row
    assert 'id="studio-texts"' not in body
    assert 'id="studio-editor"' not in body


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
        ("fields", '<div id="studio-fields"'),
        ("texts", '<fieldset id="studio-texts"'),
        ("draft-state", '<div id="draft-state"'),
    ):
        body = marketing_client.get(studio.url("edit", template_id, part=part), headers=HX)
        assert _starts(body.content.decode()).startswith(root), part


def test_a_field_row_names_its_inputs_by_place_and_sends_its_key_once(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    fields = studio.get(template_id).replacement_fields
    body = marketing_client.get(
        studio.url("edit", template_id, part="fields"), headers=HX
    ).content.decode()
    for index, field in enumerate(fields):
        assert f'<input type="hidden" name="f-{index}-key" value="{field.id}">' in body
        assert f'name="f-{index}-name" value="{field.name}"' in body
        assert body.count(field.id) == 1
    assert "field-" not in body.replace("field-error", "")


def test_rows_typed_on_a_stale_page_change_the_field_their_key_names(marketing_client, studio):
    """A page loaded before field 1 was deleted elsewhere sends field 2 as row 1: the key,
    not the place, says which field the typing belongs to."""
    template_id = studio.template_id("order_confirmation")
    fields = studio.get(template_id).replacement_fields
    marketing_client.post(
        studio.url("draft", template_id),
        {"f-0-key": fields[1].id, "f-0-name": "order_id", "f-1-key": "gone", "f-1-name": "x"},
        headers=HX,
    )
    page = marketing_client.get(studio.url("edit", template_id)).content.decode()
    assert 'name="f-1-name" value="order_id"' in page
    assert 'name="f-0-name" value="customer_name"' in page
    assert 'value="x"' not in page


def test_a_delete_sent_by_the_form_names_the_row_and_is_retargeted_to_the_rows(
    marketing_client, studio
):
    """The row's Delete has no hx-post: the form's htmx request sends it to the button's
    formaction with the row as its value; the answer says where it goes."""
    template_id = studio.template_id("survey_request")
    first = studio.get(template_id).replacement_fields[0]
    added = marketing_client.post(
        studio.url("field_add", template_id), {"new_field_name": "reward"}, headers=HX
    ).content.decode()
    new_key = re.search(r'name="f-1-key" value="(new-[0-9a-f]+)"', added).group(1)
    page = marketing_client.get(studio.url("edit", template_id)).content.decode()
    delete_url = studio.url("field_delete", template_id)
    assert f'name="field" value="f-1" formaction="{delete_url}" aria-label="Delete field' in page
    assert f'hx-post="{delete_url}"' not in page
    response = marketing_client.post(
        delete_url, {"f-0-key": first.id, "f-1-key": new_key, "field": "f-1"}, headers=HX
    )
    assert response.headers["HX-Retarget"] == "#studio-fields"
    assert _starts(response.content.decode()).startswith('<div id="studio-fields"')
    draft = TemplateDraft.objects.get(account=studio.account, template_id=template_id)
    assert [f["key"] for f in draft.fields] == [first.id]


class _Reloading(HTMLParser):
    """Each element of a page that reloads itself: (hx-get, hx-trigger)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("hx-get") and values.get("hx-trigger"):
            self.found.append((values["hx-get"] or "", values["hx-trigger"] or ""))


def test_after_a_save_the_parts_it_reloads_share_one_read_of_the_template(marketing_client, studio):
    """One upstream call per resource a page shows: the save answers, its HX-Trigger names
    the events, and every part listening for one reloads (as the browser does); all of that
    together reads the template from CM.com at most once."""
    template_id = studio.template_id("order_confirmation")
    page = marketing_client.get(studio.url("edit", template_id)).content.decode()
    parser = _Reloading()
    parser.feed(page)
    studio.sandbox.clear_log()
    response = marketing_client.post(
        studio.url("save", template_id), {"name": "order_confirmation_v2"}, headers=HX
    )
    assert "Saved to CM.com." in response.content.decode()
    events = set(json.loads(response.headers["HX-Trigger"]))
    reloads = [
        url
        for url, trigger in parser.found
        if any(f"{event} from:body" in trigger for event in events)
    ]
    parts = {url.rsplit("part=", 1)[-1] for url in reloads}
    assert {"summary", "fields", "texts", "preview", "lint"} <= parts
    for url in reloads:
        assert marketing_client.get(url, headers=HX).status_code == 200
    reads = [c for c in studio.calls("GET") if c[1] == studio.template_path(template_id)]
    assert len(reads) <= 1
    summary = marketing_client.get(
        studio.url("edit", template_id, part="summary"), headers=HX
    ).content.decode()
    assert "order_confirmation_v2" in summary
