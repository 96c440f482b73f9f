"""The version history: a version is recorded after each save that reached CM.com and each
submission for validation, as CM.com then has the template (with the samples typed); numbered
1, 2, 3… per template without collisions; the last one CM.com approved is known from the
editor's read; and the history page lists them newest first, for the template's own account."""

from __future__ import annotations

from django.db import IntegrityError

from dashboard import upstream
from dashboard.studio import versions
from dashboard.studio.models import TemplateDraft, TemplateVersion

HX = {"HX-Request": "true"}
SURVEY = "Hi {{1}}, how was your visit? Answer three questions and win a prize."


def _versions(studio, template_id):
    return list(
        TemplateVersion.objects.filter(
            account=studio.account, request_id=studio.request_id, template_id=template_id
        ).order_by("number")
    )


def _draft(studio, template_id):
    return TemplateDraft.objects.get(
        account=studio.account, request_id=studio.request_id, template_id=template_id
    )


def test_a_save_that_reaches_cm_com_records_a_version_as_cm_com_has_it(
    marketing_client, marketing_user, studio
):
    template_id = studio.template_id("survey_request")
    field = studio.get(template_id).replacement_fields[0]
    marketing_client.post(
        studio.url("save", template_id),
        {
            "content-english-us": SURVEY,
            "f-0-key": field.id,
            "f-0-name": "first_name",
            "f-0-sample": "Ann",
        },
    )
    [version] = _versions(studio, template_id)
    on_cm = studio.get(template_id)
    assert (version.number, version.reason, version.created_by) == (1, "saved", marketing_user)
    assert version.name == on_cm.name == "survey_request"
    assert version.category_id == on_cm.template_category_id
    assert version.contents == {"English (US)": SURVEY}
    assert version.fields == [{"name": "first_name", "type": "text", "sample": "Ann"}]


def test_a_save_that_sends_nothing_records_no_version(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    response = marketing_client.post(studio.url("save", template_id), {}, headers=HX)
    assert "Nothing to save" in response.content.decode()
    assert _versions(studio, template_id) == []


def test_a_failed_push_records_no_version(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    path = f"/channels/v1/accounts/{studio.account.account_id}{studio.template_path(template_id)}"
    studio.sandbox.fault("PUT", path, status=500)
    response = marketing_client.post(
        studio.url("save", template_id), {"content-english-us": SURVEY}, headers=HX
    )
    assert "Not saved to CM.com" in response.content.decode()
    assert _versions(studio, template_id) == []


def test_a_submission_records_a_version_with_reason_submitted(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    marketing_client.post(studio.url("save", template_id), {"content-english-us": SURVEY})
    response = marketing_client.post(studio.url("validate", template_id), {}, headers=HX)
    assert "Validation requested" in response.content.decode()
    assert [(v.number, v.reason) for v in _versions(studio, template_id)] == [
        (1, "saved"),
        (2, "submitted"),
    ]
    assert _versions(studio, template_id)[1].contents == {"English (US)": SURVEY}


def test_two_saves_at_once_take_different_numbers(marketing_client, studio, monkeypatch):
    template_id = studio.template_id("survey_request")
    marketing_client.post(studio.url("save", template_id), {"content-english-us": SURVEY})
    draft = _draft(studio, template_id)
    # The other save read the same next number as this one and inserted first.
    real = versions._next_number
    raced = iter([1])
    monkeypatch.setattr(versions, "_next_number", lambda *a: next(raced, None) or real(*a))
    version = versions.version_record(actor=None, draft=draft, reason="saved")
    assert version.number == 2
    assert [v.number for v in _versions(studio, template_id)] == [1, 2]


def test_the_numbers_are_unique_per_template_in_the_database(studio):
    common = {"account": studio.account, "request_id": studio.request_id, "template_id": "t"}
    TemplateVersion.objects.create(
        number=1, reason="saved", created_at="2026-01-01T00:00Z", **common
    )
    try:
        TemplateVersion.objects.create(
            number=1, reason="saved", created_at="2026-01-01T00:00Z", **common
        )
    except IntegrityError:
        return
    raise AssertionError("two versions 1 of one template were stored")


def _later(studio):
    """An hour on: WhatsApp has decided, and the dashboard's cached copy has expired."""
    studio.sandbox.advance(3600)
    upstream.invalidate(studio.account)


def _submit(client, studio, template_id, text):
    client.post(studio.url("validate", template_id), {"content-english-us": text}, headers=HX)


def test_the_last_approved_version_is_the_submitted_one_cm_com_approved(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    _submit(marketing_client, studio, template_id, SURVEY)
    args = {"account": studio.account, "request_id": studio.request_id, "template_id": template_id}
    assert versions.last_approved(**args) is None  # requested, not approved yet
    _later(studio)
    marketing_client.get(studio.url("edit", template_id))  # the editor's read notices it
    approved = versions.last_approved(**args)
    assert approved is not None
    assert (approved.reason, approved.contents) == ("submitted", {"English (US)": SURVEY})


def test_a_submission_not_yet_approved_in_every_language_leaves_the_previous_one(
    marketing_client, studio
):
    template_id = studio.template_id("survey_request")
    _submit(marketing_client, studio, template_id, SURVEY)
    _later(studio)
    marketing_client.get(studio.url("edit", template_id))
    args = {"account": studio.account, "request_id": studio.request_id, "template_id": template_id}
    first = versions.last_approved(**args)
    assert first is not None
    # A new language: English stays approved, Dutch waits for WhatsApp.
    marketing_client.post(
        studio.url("language_add", template_id), {"add_language": "Dutch"}, headers=HX
    )
    response = marketing_client.post(
        studio.url("validate", template_id),
        {"content-dutch": "Hoi {{1}}, hoe was je bezoek? Beantwoord drie vragen."},
        headers=HX,
    )
    assert "Validation requested" in response.content.decode()
    upstream.invalidate(studio.account)
    marketing_client.get(studio.url("edit", template_id))
    assert _versions(studio, template_id)[-1].reason == "submitted"
    assert versions.last_approved(**args) == first
    _later(studio)
    marketing_client.get(studio.url("edit", template_id))
    assert versions.last_approved(**args) == _versions(studio, template_id)[-1]


def test_the_history_lists_versions_newest_first_in_words(
    marketing_client, marketing_user, support_client, studio
):
    template_id = studio.template_id("survey_request")
    marketing_client.post(studio.url("save", template_id), {"content-english-us": SURVEY})
    _submit(marketing_client, studio, template_id, SURVEY)
    studio.sandbox.clear_log()
    body = support_client.get(studio.url("versions", template_id)).content.decode()
    assert body.index("Version 2") < body.index("Version 1")
    assert "Submitted for validation" in body
    assert "Saved to CM.com" in body
    assert (marketing_user.get_full_name() or marketing_user.get_username()) in body
    assert "?a=1&amp;b=2" in body  # compare with the previous version: a real link
    assert "Restore" not in body  # support reads; restoring is authoring
    assert studio.calls() == []  # the history is the dashboard's: no read of CM.com


def test_the_editor_links_to_the_history_with_its_count(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    marketing_client.post(studio.url("save", template_id), {"content-english-us": SURVEY})
    body = marketing_client.get(studio.url("edit", template_id)).content.decode()
    assert "History (1 version)" in body
    assert studio.url("versions", template_id) in body


def test_another_accounts_template_history_is_a_404(
    admin_client, marketing_client, studio, account_b
):
    template_id = studio.template_id("survey_request")
    marketing_client.post(studio.url("save", template_id), {"content-english-us": SURVEY})
    from django.urls import reverse

    for name in ("versions", "compare"):
        url = reverse(f"studio:{name}", args=[account_b.account_id, studio.request_id, template_id])
        response = admin_client.get(url)
        assert response.status_code == 404
        assert "survey_request" not in response.content.decode()
