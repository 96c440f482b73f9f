"""The template page: status in words per language, approved languages read-only, rejected
templates with their reason and "Duplicate", a live preview and the checks; readers read."""

from __future__ import annotations

from dashboard.studio.locales import NBSP

HX = {"HX-Request": "true"}


def _main(response):
    body = response.content.decode()
    return body[body.index("<main") :] if "<main" in body else body


def test_approved_languages_are_read_only_and_the_others_editable(marketing_client, studio):
    template_id = studio.template_id("subscription_renewal")
    body = _main(marketing_client.get(studio.url("edit", template_id)))
    assert 'name="content-english-us"' not in body
    assert "an approved text cannot be edited" in body
    assert 'name="content-dutch"' in body
    assert 'name="content-german"' in body
    assert "English (US): Active" in body
    assert "Dutch: Rejected" in body
    assert "German: Validation requested" in body
    assert "more than 2 consecutive new lines" in body  # the Dutch rejection's reason


def test_a_rejected_template_shows_the_reason_at_the_top_with_duplicate(marketing_client, studio):
    template_id = studio.template_id("spring_sale")
    body = _main(marketing_client.get(studio.url("edit", template_id)))
    top = body[: body.index('id="studio-editor"')]
    assert "Rejected by WhatsApp" in top
    assert "The content may not end with a placeholder ({{2}})." in top
    assert "Duplicate as a new template" in top
    assert f'action="{studio.url("duplicate", template_id)}"' in top


def test_support_reads_the_template_without_a_form_or_duplicate(support_client, studio):
    template_id = studio.template_id("spring_sale")
    body = _main(support_client.get(studio.url("edit", template_id)))
    assert "Rejected by WhatsApp" in body
    assert "Duplicate as a new template" not in body
    assert 'id="studio-form"' not in body
    assert "<textarea" not in body
    assert "Hi {{1}}, spring is here!" in body


def test_support_sees_cm_s_copy_not_an_authors_unsaved_draft(
    marketing_client, support_client, studio
):
    template_id = studio.template_id("survey_request")
    marketing_client.post(
        studio.url("draft", template_id), {"content-english-us": "Half-written idea"}, headers=HX
    )
    assert "Half-written idea" in _main(marketing_client.get(studio.url("edit", template_id)))
    assert "Half-written idea" not in _main(support_client.get(studio.url("edit", template_id)))


def test_the_preview_formats_each_languages_samples_its_own_way(marketing_client, studio):
    template_id = studio.template_id("order_confirmation")
    body = _main(marketing_client.get(studio.url("edit", template_id)))
    assert "€1,234.50" in body  # English (US)
    assert f"€{NBSP}1.234,50" in body  # Dutch
    assert f"1.234,50{NBSP}€" in body  # German
    assert '<bdi class="sample" title="customer_name">customer_name</bdi>' in body


def test_the_page_reads_each_resource_once_at_the_same_time_and_none_on_a_repeat(
    marketing_client, studio
):
    template_id = studio.template_id("order_confirmation")
    studio.sandbox.clear_log()
    marketing_client.get(studio.url("edit", template_id))
    assert sorted(path for _m, path in studio.calls()) == sorted(
        [
            studio.template_path(template_id),
            studio.template_path() + "/categories",
            f"/whatsapp/{studio.request_id}/languages",
        ]
    )
    studio.sandbox.clear_log()
    marketing_client.get(studio.url("edit", template_id))
    for part in ("preview", "lint", "summary", "editor"):
        response = marketing_client.get(studio.url("edit", template_id, part=part), headers=HX)
        assert response.status_code == 200
        assert f'id="studio-{part}"' in response.content.decode()
    assert studio.calls() == []


def test_the_checks_point_at_each_problems_place(marketing_client, studio):
    template_id = studio.template_id("boarding_pass")
    body = _main(marketing_client.get(studio.url("edit", template_id, part="lint"), headers=HX))
    content = "Hi {{1}}, your boarding pass for {{2}} {{3}} is ready."
    offset = content.index("{{2}}")
    assert f'href="#id_content-english-us" class="problem-place" data-offset="{offset}"' in body
    assert f"English (US), character {offset + 1} ({{{{2}}}})" in body
    assert "stand next to each other" in body


def test_a_template_cm_cannot_give_shows_in_place_in_words(marketing_client, studio):
    template_id = studio.template_id("spring_sale")
    studio.sandbox.fault(
        "GET",
        f"/channels/v1/accounts/{studio.account.account_id}{studio.template_path(template_id)}",
        status=500,
        count=10,
    )
    response = marketing_client.get(studio.url("edit", template_id))
    assert response.status_code == 200
    body = _main(response)
    assert "This template could not be loaded from CM.com." in body
    assert "CM.com failed on its side (status 500)" in body


def test_an_unknown_template_is_a_404_in_words_not_a_server_error(marketing_client, studio):
    response = marketing_client.get(studio.url("edit", "00000000-0000-4000-8000-000000000000"))
    assert response.status_code == 404
    assert "CM.com has no such template" in _main(response)


def test_languages_cm_cannot_give_are_said_in_place_and_the_editor_still_works(
    marketing_client, studio
):
    template_id = studio.template_id("survey_request")
    studio.sandbox.fault(
        "GET",
        f"/channels/v1/accounts/{studio.account.account_id}/whatsapp/{studio.request_id}/languages",
        status=503,
        count=10,
    )
    response = marketing_client.get(studio.url("edit", template_id))
    assert response.status_code == 200
    body = _main(response)
    assert "The business account's languages could not be loaded from CM.com" in body
    assert "CM.com failed on its side (status 503)" in body
    assert 'name="content-english-us"' in body


def test_the_editor_names_the_category_in_words(marketing_client, studio):
    body = _main(marketing_client.get(studio.url("edit", studio.template_id("order_confirmation"))))
    assert "<span>Category: Utility</span>" in body
    assert "Category: UTILITY" not in body
