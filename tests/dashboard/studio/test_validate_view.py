""" "Request validation": blocked while the checks find errors (warnings do not block), saves
unsaved changes first, and moves the template to "validation requested"."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry

HX = {"HX-Request": "true"}


def _validate_calls(studio, template_id):
    return [
        p for m, p in studio.calls("POST") if p == studio.template_path(template_id) + "/validate"
    ]


def test_errors_block_validation_and_nothing_is_sent(marketing_client, studio):
    template_id = studio.template_id("spring_sale")
    studio.sandbox.clear_log()
    response = marketing_client.post(studio.url("validate", template_id), {}, headers=HX)
    body = response.content.decode()
    assert "Fix 1 error before requesting validation." in body
    assert "disabled" in body[body.index(">Request validation<") - 400 :][:420]
    assert _validate_calls(studio, template_id) == []
    assert not AuditEntry.objects.filter(action="template.request_validation").exists()


def test_warnings_do_not_block_and_unsaved_text_is_saved_first(marketing_client, studio):
    template_id = studio.template_id("spring_sale")
    # Fixed, but field 2 is no longer used: a warning only.
    text = "Hi {{1}}, spring is here! Enjoy 20% off everything this week."
    response = marketing_client.post(
        studio.url("validate", template_id), {"content-english-us": text}, headers=HX
    )
    body = response.content.decode()
    assert "Validation requested" in body
    assert _validate_calls(studio, template_id) == [studio.template_path(template_id) + "/validate"]
    template = studio.get(template_id)
    assert template.languages["English (US)"].content == text
    assert template.status == "validation_requested"
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["template.update", "template.request_validation"]


def test_the_button_is_disabled_with_the_reason_while_there_are_errors(marketing_client, studio):
    template_id = studio.template_id("boarding_pass")
    body = marketing_client.get(studio.url("edit", template_id)).content.decode()
    assert 'disabled aria-describedby="validate-why">Request validation</button>' in body
    assert "1 error to fix first (see Checks)." in body


def test_a_template_whose_languages_are_all_approved_has_nothing_to_submit(
    marketing_client, studio
):
    template_id = studio.template_id("order_confirmation")
    response = marketing_client.post(studio.url("validate", template_id), follow=True)
    assert "Nothing to submit: every language of this template is approved." in (
        response.content.decode()
    )
    assert _validate_calls(studio, template_id) == []


def test_cm_refusing_the_validation_says_why_in_words(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    path = studio.template_path(template_id) + "/validate"
    studio.sandbox.fault(
        "POST",
        f"/channels/v1/accounts/{studio.account.account_id}{path}",
        status=429,
        retry_after="120",
    )
    response = marketing_client.post(studio.url("validate", template_id), {}, headers=HX)
    body = response.content.decode()
    assert "Validation was not requested: Too many requests to CM.com — try again at" in body
    entry = AuditEntry.objects.get(action="template.request_validation")
    assert (entry.outcome, entry.upstream_status) == ("refused", 429)
