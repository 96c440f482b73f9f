"""Creating a template: WhatsApp's name rule and a supported category, checked here first;
what CM.com refuses shows at the field or in words, with what was typed still there."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry


def _category_id(studio, name="MARKETING"):
    from dashboard.upstream import client_for

    with client_for(studio.account) as client:
        categories = client.templates.list_categories(studio.request_id)
    studio.sandbox.clear_log()
    return next(c.id for c in categories if c.name == name)


def test_the_form_offers_the_categories_cm_supports_in_words(marketing_client, studio):
    body = marketing_client.get(studio.url("create")).content.decode()
    assert ">Shipping update</option>" in body
    assert ">SHIPPING_UPDATE</option>" not in body
    assert body.count("<option") == 15  # 14 categories and "Choose a category"


def test_marketing_creates_a_template_and_lands_in_its_editor(marketing_client, studio):
    category = _category_id(studio)
    response = marketing_client.post(
        studio.url("create"), {"name": "spring_launch", "category_id": category}
    )
    assert response.status_code == 302
    template_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert response["Location"] == studio.url("edit", template_id)
    created = studio.get(template_id)
    assert created.name == "spring_launch"
    assert created.template_category_id == category
    entry = AuditEntry.objects.get(action="template.create")
    assert entry.outcome == "ok"
    assert entry.sent == {"name": "spring_launch", "category_id": category}
    assert entry.actor_username == "mia"


def test_a_name_that_breaks_whatsapps_rule_is_refused_at_the_field_and_kept(
    marketing_client, studio
):
    category = _category_id(studio)
    response = marketing_client.post(
        studio.url("create"), {"name": "Spring Launch!", "category_id": category}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "only contain lowercase letters, digits and underscores" in body
    assert "spring_launch" in body  # the suggestion
    assert 'value="Spring Launch!"' in body
    assert not [m for m, _p in studio.calls("POST")]


def test_a_name_already_taken_on_cm_is_refused_at_the_field(marketing_client, studio):
    response = marketing_client.post(
        studio.url("create"), {"name": "spring_sale", "category_id": _category_id(studio)}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "A template named spring_sale already exists: choose another." in body
    assert 'value="spring_sale"' in body
    assert AuditEntry.objects.get(action="template.create").outcome == "refused"


def test_an_upstream_failure_is_said_in_words_and_the_input_stays(marketing_client, studio):
    category = _category_id(studio)
    studio.sandbox.fault(
        "POST",
        f"/channels/v1/accounts/{studio.account.account_id}{studio.template_path()}",
        status=500,
    )
    response = marketing_client.post(
        studio.url("create"), {"name": "spring_launch", "category_id": category}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "CM.com failed on its side (status 500)" in body
    assert 'value="spring_launch"' in body
    assert f'<option value="{category}" selected>' in body


def test_support_cannot_create_a_template(support_client, studio):
    response = support_client.post(
        studio.url("create"), {"name": "spring_launch", "category_id": _category_id(studio)}
    )
    assert response.status_code == 403
    assert studio.calls("POST") == []
