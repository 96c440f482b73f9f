""" "Duplicate as a new template": a rejected template is copied under a new valid name with
the same category, fields and text, and the copy opens to be fixed and resubmitted."""

from __future__ import annotations

import pytest

from dashboard.audit.models import AuditEntry
from dashboard.studio.models import PushState, TemplateDraft
from dashboard.studio.services import propose_name


@pytest.mark.parametrize(
    ("name", "taken", "proposed"),
    [
        ("spring_sale", set(), "spring_sale_v2"),
        ("spring_sale", {"spring_sale_v2"}, "spring_sale_v3"),
        ("spring_sale_v2", {"spring_sale_v2"}, "spring_sale_v3"),
        ("x" * 512, set(), "x" * 509 + "_v2"),
    ],
)
def test_the_copy_gets_the_next_free_version_name_within_whatsapps_limit(name, taken, proposed):
    assert propose_name(name, taken) == proposed


def test_a_rejected_template_is_copied_with_category_fields_and_text_and_opened(
    marketing_client, studio
):
    source_id = studio.template_id("spring_sale")
    source = studio.get(source_id)
    response = marketing_client.post(studio.url("duplicate", source_id))
    assert response.status_code == 302
    copy_id = response["Location"].rstrip("/").rsplit("/", 1)[1]
    assert response["Location"] == studio.url("edit", copy_id)
    copy = studio.get(copy_id)
    assert copy.name == "spring_sale_v2"
    assert copy.template_category_id == source.template_category_id
    assert [(f.name, f.type) for f in copy.replacement_fields] == [
        (f.name, f.type) for f in source.replacement_fields
    ]
    assert copy.languages["English (US)"].content == source.languages["English (US)"].content
    assert copy.status != "rejected"
    created = AuditEntry.objects.get(action="template.create")
    assert created.sent["duplicate_of"] == source_id
    assert created.sent["name"] == "spring_sale_v2"
    page = marketing_client.get(response["Location"]).content.decode()
    assert "Copy made: fix what was rejected, then request validation." in page
    # The same rule still applies to the copy: the checks say what to fix.
    assert "The message may not end with a placeholder" in page


def test_a_copy_whose_text_could_not_be_sent_keeps_it_in_its_draft_with_retry(
    marketing_client, studio
):
    source_id = studio.template_id("spring_sale")
    studio.sandbox.fault(
        "PUT",
        f"/channels/v1/accounts/{studio.account.account_id}{studio.template_path()}/*",
        status=500,
    )
    response = marketing_client.post(studio.url("duplicate", source_id), follow=True)
    body = response.content.decode()
    assert "Copy made, but its content is not on CM.com yet." in body
    assert ">Retry</button>" in body
    draft = TemplateDraft.objects.get(name="spring_sale_v2")
    assert draft.push_state == PushState.FAILED
    assert draft.contents["English (US)"].startswith("Hi {{1}}, spring is here!")


def test_when_cm_cannot_make_the_copy_the_page_says_so_in_words(marketing_client, studio):
    source_id = studio.template_id("spring_sale")
    studio.sandbox.fault(
        "POST",
        f"/channels/v1/accounts/{studio.account.account_id}{studio.template_path()}",
        status=503,
    )
    response = marketing_client.post(studio.url("duplicate", source_id), follow=True)
    assert response.redirect_chain == [(studio.url("edit", source_id), 302)]
    assert "The copy was not made: CM.com failed on its side (status 503)" in (
        response.content.decode()
    )


def test_support_cannot_duplicate(support_client, studio):
    response = support_client.post(studio.url("duplicate", studio.template_id("spring_sale")))
    assert response.status_code == 403
    assert studio.calls("POST") == []
