"""Languages in the draft: add one of the business account's active languages; remove one
that CM.com does not have yet."""

from __future__ import annotations

from dashboard.studio.models import TemplateDraft

HX = {"HX-Request": "true"}


def _draft(studio, template_id):
    return TemplateDraft.objects.get(
        account=studio.account, request_id=studio.request_id, template_id=template_id
    )


def test_only_active_languages_not_yet_in_the_template_are_offered(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    body = marketing_client.get(studio.url("edit", template_id)).content.decode()
    select = body[body.index('name="add_language"') :][:800]
    for offered in ("English (UK)", "French", "Spanish", "Portuguese (BR)"):
        assert f">{offered}</option>" in select
    for not_offered in ("Dutch", "German", "Japanese"):
        assert f">{not_offered}</option>" not in select


def test_adding_a_language_gives_it_an_empty_text_to_write(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    response = marketing_client.post(
        studio.url("language_add", template_id), {"add_language": "French"}, headers=HX
    )
    body = response.content.decode()
    assert 'name="content-french"' in body
    assert 'French <span class="status status-new">Not on CM.com yet</span>' in body
    assert _draft(studio, template_id).contents["French"] == ""
    checks = marketing_client.get(studio.url("edit", template_id, part="lint"), headers=HX)
    assert "French has no content yet: write the message." in checks.content.decode()


def test_a_language_that_is_not_active_is_refused_at_the_select(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    response = marketing_client.post(
        studio.url("language_add", template_id), {"add_language": "Japanese"}, headers=HX
    )
    assert response.status_code == 200
    assert (
        '<small class="field-error" id="err-id_add_language">Choose one of the business'
        in response.content.decode()
    )
    assert "Japanese" not in _draft(studio, template_id).contents


def test_a_language_added_here_can_be_removed_before_it_is_saved(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    marketing_client.post(
        studio.url("language_add", template_id), {"add_language": "French"}, headers=HX
    )
    response = marketing_client.post(
        studio.url("language_remove", template_id), {"language": "French"}, headers=HX
    )
    assert 'name="content-french"' not in response.content.decode()
    assert "French" not in _draft(studio, template_id).contents


def test_a_language_cm_has_cannot_be_removed(marketing_client, studio):
    template_id = studio.template_id("refund_processed")
    response = marketing_client.post(
        studio.url("language_remove", template_id), {"language": "Dutch"}, follow=True
    )
    assert "Dutch is on CM.com already; it cannot be removed." in response.content.decode()
    assert "Dutch" in _draft(studio, template_id).contents


def test_a_new_language_is_sent_with_its_text_on_save(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    marketing_client.post(
        studio.url("language_add", template_id), {"add_language": "French"}, headers=HX
    )
    marketing_client.post(
        studio.url("save", template_id),
        {"content-french": "Bonjour {{1}}, commande {{2}}, total {{3}}. Merci !"},
        headers=HX,
    )
    saved = studio.get(template_id)
    assert (
        saved.languages["French"].content == "Bonjour {{1}}, commande {{2}}, total {{3}}. Merci !"
    )
    assert saved.languages["Dutch"].status == "active"
