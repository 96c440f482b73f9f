"""The studio end to end against the sandbox: create, add fields, write the text, see the
preview and the checks, submit and get approved; a rejected one duplicated, fixed and
resubmitted, and approved."""

from __future__ import annotations

import re

from dashboard.studio.locales import NBSP

HX = {"HX-Request": "true"}


def _category(client, studio, name):
    body = client.get(studio.url("create")).content.decode()
    return re.search(rf'<option value="([0-9a-f-]{{36}})">{name}</option>', body).group(1)


def test_a_marketer_creates_writes_previews_checks_and_submits_a_template(marketing_client, studio):
    # Create.
    response = marketing_client.post(
        studio.url("create"),
        {"name": "order_ready", "category_id": _category(marketing_client, studio, "Utility")},
    )
    template_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    # A language, two fields.
    marketing_client.post(
        studio.url("language_add", template_id), {"add_language": "Dutch"}, headers=HX
    )
    marketing_client.post(
        studio.url("field_add", template_id),
        {"new_field_name": "customer_name", "new_field_type": "text"},
        headers=HX,
    )
    editor = marketing_client.post(
        studio.url("field_add", template_id),
        {"new_field_name": "total", "new_field_type": "currency"},
        headers=HX,
    ).content.decode()
    name_key, total_key = re.findall(r'name="f-[01]-key" value="(new-[0-9a-f]+)"', editor)
    # Write, with samples; the text ends with a placeholder at first.
    marketing_client.post(
        studio.url("draft", template_id),
        {
            "content-dutch": "Hoi {{1}}, je bestelling van {{2}}",
            "f-0-key": name_key,
            "f-0-sample": "Sanne",
            "f-1-key": total_key,
            "f-1-sample": "49.95",
        },
        headers=HX,
    )
    preview = marketing_client.get(
        studio.url("edit", template_id, part="preview"), headers=HX
    ).content.decode()
    assert (
        'Hoi <bdi class="sample" title="customer_name">Sanne</bdi>, je bestelling van '
        f'<bdi class="sample" title="total">€{NBSP}49,95</bdi>'
    ) in preview
    checks = marketing_client.get(
        studio.url("edit", template_id, part="lint"), headers=HX
    ).content.decode()
    assert "Dutch, character 30 ({{2}})" in checks
    assert "may not end with a placeholder" in checks
    blocked = marketing_client.post(studio.url("validate", template_id), {}, headers=HX)
    assert "Fix 1 error before requesting validation." in blocked.content.decode()
    # Fixed, saved and submitted.
    marketing_client.post(
        studio.url("draft", template_id),
        {"content-dutch": "Hoi {{1}}, je bestelling van {{2}} ligt klaar."},
        headers=HX,
    )
    checks = marketing_client.get(
        studio.url("edit", template_id, part="lint"), headers=HX
    ).content.decode()
    assert "No problems" in checks
    saved = marketing_client.post(studio.url("save", template_id), {}, headers=HX)
    assert "Saved to CM.com." in saved.content.decode()
    submitted = marketing_client.post(studio.url("validate", template_id), {}, headers=HX)
    assert "Validation requested" in submitted.content.decode()
    summary = marketing_client.get(
        studio.url("edit", template_id, part="summary"), headers=HX
    ).content.decode()
    assert "Dutch: Validation requested" in summary
    # WhatsApp (the sandbox, by the same rule) approves it.
    studio.sandbox.advance(61)
    assert studio.get(template_id).languages["Dutch"].status == "active"


def test_a_rejected_template_is_duplicated_fixed_resubmitted_and_approved(marketing_client, studio):
    source_id = studio.template_id("spring_sale")
    response = marketing_client.post(studio.url("duplicate", source_id))
    copy_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    page = marketing_client.get(response["Location"]).content.decode()
    assert "may not end with a placeholder" in page
    marketing_client.post(
        studio.url("draft", copy_id),
        {"content-english-us": "Hi {{1}}, spring is here! Use code {{2}} for 20% off."},
        headers=HX,
    )
    response = marketing_client.post(studio.url("validate", copy_id), {}, headers=HX)
    assert "Validation requested" in response.content.decode()
    studio.sandbox.advance(61)
    copy = studio.get(copy_id)
    assert copy.name == "spring_sale_v2"
    assert copy.status == "active"
    assert studio.get(source_id).status == "rejected"
