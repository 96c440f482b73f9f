"""Comparing two versions of a template: side by side, the changed word of a language marked
and said in words, an added field said as added; any two picked by a GET with a real address."""

from __future__ import annotations

import re

from dashboard import upstream

HX = {"HX-Request": "true"}
FIRST = "Hi {{1}}, how was your visit? Answer three questions and win a prize."
SECOND = "Hi {{1}}, how was your stay? Answer three questions and win a prize."


def _two_versions(client, studio):
    template_id = studio.template_id("survey_request")
    client.post(studio.url("save", template_id), {"content-english-us": FIRST})
    client.post(
        studio.url("field_add", template_id),
        {"new_field_name": "reward", "new_field_type": "currency"},
    )
    client.post(studio.url("save", template_id), {"content-english-us": SECOND})
    return template_id


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_compare_page_marks_a_changed_word_and_an_added_field_in_words(
    marketing_client, studio
):
    template_id = _two_versions(marketing_client, studio)
    response = marketing_client.get(studio.url("compare", template_id, a="1", b="2"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<del><span class="visually-hidden">removed: </span>visit? </del>' in body
    assert '<ins><span class="visually-hidden">added: </span>stay? </ins>' in body
    text = _text(body)
    assert "English (US): changed" in text
    assert "{{2}} added" in text
    assert "added: reward" in text
    assert "Changed: 1 language changed, 1 field added." in text


def test_the_newest_two_are_compared_when_none_are_named(marketing_client, studio):
    template_id = _two_versions(marketing_client, studio)
    body = marketing_client.get(studio.url("compare", template_id)).content.decode()
    assert "version 1 (saved to cm.com" in body.lower()
    assert "English (US): changed" in _text(body)


def test_the_older_version_is_on_the_left_whatever_the_order_picked(marketing_client, studio):
    template_id = _two_versions(marketing_client, studio)
    body = marketing_client.get(studio.url("compare", template_id, a="2", b="1")).content.decode()
    assert ">visit? </del>" in body
    assert ">stay? </ins>" in body


def test_a_version_that_is_not_there_is_said_at_its_input(marketing_client, studio):
    template_id = _two_versions(marketing_client, studio)
    response = marketing_client.get(studio.url("compare", template_id, a="7", b="x"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("Choose one of this template&#x27;s versions.") == 2
    assert 'aria-invalid="true"' in body
    assert "<del>" not in body


def test_with_one_version_there_is_nothing_to_compare(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    marketing_client.post(studio.url("save", template_id), {"content-english-us": FIRST})
    body = marketing_client.get(studio.url("compare", template_id)).content.decode()
    assert "fewer than two versions" in body


def test_when_categories_cannot_be_read_the_comparison_shows_and_says_so(marketing_client, studio):
    template_id = _two_versions(marketing_client, studio)
    upstream.invalidate(studio.account)
    path = f"/channels/v1/accounts/{studio.account.account_id}"
    path += f"{studio.template_path()}/categories"
    studio.sandbox.fault("GET", path, status=503, count=5)
    response = marketing_client.get(studio.url("compare", template_id, a="1", b="2"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Category names could not be read from CM.com" in body
    assert ">stay? </ins>" in body
