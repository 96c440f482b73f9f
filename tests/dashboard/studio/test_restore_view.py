""" "Restore" makes the draft an old version: nothing is sent to CM.com (the sandbox log says
so), the draft says it is not saved, the step is audited, the editor says nothing is sent until
saving; the next save sends the restored content. Restoring is authoring."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry
from dashboard.studio.models import PushState, TemplateDraft

FIRST = "Hi {{1}}, how was your visit? Answer three questions and win a prize."
SECOND = "Hi {{1}}, how was your stay? Answer three questions and win a prize."


def _draft(studio, template_id):
    return TemplateDraft.objects.get(
        account=studio.account, request_id=studio.request_id, template_id=template_id
    )


def _two_versions(client, studio):
    template_id = studio.template_id("survey_request")
    field = studio.get(template_id).replacement_fields[0]
    client.post(
        studio.url("save", template_id),
        {"content-english-us": FIRST, "f-0-key": field.id, "f-0-sample": "Ann"},
    )
    client.post(
        studio.url("field_add", template_id),
        {"new_field_name": "reward", "new_field_type": "currency"},
    )
    client.post(
        studio.url("save", template_id),
        {"content-english-us": SECOND, "f-0-key": field.id, "f-0-name": "first_name"},
    )
    return template_id


def test_restore_sends_nothing_and_makes_the_draft_the_old_version(marketing_client, studio):
    template_id = _two_versions(marketing_client, studio)
    studio.sandbox.clear_log()
    response = marketing_client.post(
        studio.url("restore", template_id), {"number": "1"}, follow=True
    )
    assert [m for m, _p in studio.calls() if m != "GET"] == []
    assert response.redirect_chain[-1][0] == studio.url("edit", template_id)
    body = response.content.decode()
    assert "Version 1 is in the draft. Nothing is sent to CM.com until you save." in body
    draft = _draft(studio, template_id)
    assert draft.push_state == PushState.PENDING
    assert draft.contents == {"English (US)": FIRST}
    assert [(f["name"], f["type"]) for f in draft.fields] == [("customer_name", "text")]
    assert list(draft.samples.values()) == ["Ann"]
    entry = AuditEntry.objects.get(action="template.version_restore")
    assert entry.sent["version"] == 1
    assert entry.target == template_id
    # CM.com still has the second version.
    assert studio.get(template_id).languages["English (US)"].content == SECOND


def test_the_next_save_sends_the_restored_content(marketing_client, studio):
    template_id = _two_versions(marketing_client, studio)
    marketing_client.post(studio.url("restore", template_id), {"number": "1"})
    marketing_client.post(studio.url("save", template_id), {})
    on_cm = studio.get(template_id)
    assert on_cm.languages["English (US)"].content == FIRST
    assert [(f.name, f.type) for f in on_cm.replacement_fields] == [("customer_name", "text")]
    assert _draft(studio, template_id).push_state == PushState.PUSHED


def test_a_version_that_is_not_there_changes_nothing_and_says_so(marketing_client, studio):
    template_id = _two_versions(marketing_client, studio)
    response = marketing_client.post(
        studio.url("restore", template_id), {"number": "9"}, follow=True
    )
    assert "Choose one of this template&#x27;s versions to restore." in response.content.decode()
    assert _draft(studio, template_id).contents == {"English (US)": SECOND}
    assert not AuditEntry.objects.filter(action="template.version_restore").exists()


def test_support_may_read_the_history_but_not_restore(marketing_client, support_client, studio):
    template_id = _two_versions(marketing_client, studio)
    assert support_client.get(studio.url("versions", template_id)).status_code == 200
    response = support_client.post(studio.url("restore", template_id), {"number": "1"})
    assert response.status_code == 403
    assert _draft(studio, template_id).contents == {"English (US)": SECOND}
