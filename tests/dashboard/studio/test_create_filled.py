"""Making a filled template (duplicate, copy, import): the samples typed for its fields stay
in the draft after the push, under the ids CM.com gave the fields."""

from __future__ import annotations

from dashboard.studio import services
from dashboard.studio.models import TemplateDraft


def test_a_new_templates_field_samples_survive_its_first_push(studio, marketing_user):
    source = studio.get(studio.template_id("spring_sale"))
    template_id, pushed = services.template_create_filled(
        actor=marketing_user,
        account=studio.account,
        request_id=studio.request_id,
        name="samples_kept",
        category_id=source.template_category_id or "",
        contents={"English (US)": "Hello {{1}}, your order ships {{2}}."},
        fields=[
            {"name": "first_name", "type": "text", "sample": "Ada"},
            {"name": "ships_on", "type": "datetime", "sample": "2026-01-05"},
        ],
        reason="imported",
    )
    assert pushed.ok, pushed.message
    draft = TemplateDraft.objects.get(template_id=template_id)
    on_cm = studio.get(template_id)
    ids = [field.id for field in on_cm.replacement_fields]
    assert [draft.samples.get(field_id) for field_id in ids] == ["Ada", "2026-01-05"]
