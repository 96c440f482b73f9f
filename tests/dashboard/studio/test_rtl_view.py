"""An Arabic template is edited and previewed right to left (issue 18): its text input, its
preview bubble and its approved text carry dir="rtl" and lang="ar"; an English one does not.
The Arabic template is made as a person makes it: Arabic activated on the business account,
then created, given Arabic and written in the studio."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string

from dashboard.studio.diff import TemplateState, compare
from dashboard.studio.models import TemplateDraft
from dashboard.upstream import client_for
from dashboard.whatsapp import services as whatsapp_services

HX = {"HX-Request": "true"}
ARABIC_TEXT = "مرحبا {{1}}، طلبك رقم 4521 جاهز. اتصل بنا على +31 20 123 4567 للمساعدة."


def _tag(body: str, pattern: str) -> str:
    """The opening tag that matches ``pattern`` (one, or the test fails)."""
    found = re.findall(rf"<[^>]*{pattern}[^>]*>", body)
    assert len(found) == 1, found
    return found[0]


@pytest.fixture
def arabic_template(studio, marketing_client, admin_user) -> str:
    with client_for(studio.account) as client:
        arabic = next(x for x in client.whatsapp.list_supported_languages() if x.code == "ar")
    activated = whatsapp_services.language_activate(
        actor=admin_user,
        account=studio.account,
        channel_request_id=studio.request_id,
        language_id=str(arabic.id),
        language_name="Arabic",
    )
    assert activated.ok, activated.message
    with client_for(studio.account) as client:
        category = client.templates.list_categories(studio.request_id)[0].id
    made = marketing_client.post(
        studio.url("create"), {"name": "order_ready_ar", "category_id": category}
    )
    template_id = made["Location"].rstrip("/").rsplit("/", 1)[1]
    marketing_client.post(
        studio.url("language_add", template_id), {"add_language": "Arabic"}, headers=HX
    )
    draft = TemplateDraft.objects.get(template_id=template_id)
    marketing_client.post(studio.url("field_add", template_id), {"new_field_name": "name"})
    draft.refresh_from_db()
    key = draft.fields[0]["key"]
    marketing_client.post(
        studio.url("draft", template_id),
        {"content-arabic": ARABIC_TEXT, "f-0-key": key, "f-0-sample": "سارة"},
        headers=HX,
    )
    return template_id


def test_an_arabic_templates_text_input_and_preview_are_right_to_left(
    marketing_client, studio, arabic_template
):
    body = marketing_client.get(studio.url("edit", arabic_template)).content.decode()
    textarea = _tag(body, 'name="content-arabic"')
    assert 'dir="rtl"' in textarea
    assert 'lang="ar"' in textarea
    bubble = _tag(body, 'class="bubble" data-language="Arabic"')
    assert 'dir="rtl"' in bubble
    assert 'lang="ar"' in bubble
    # The sample and the phone number keep their own order inside the Arabic sentence.
    assert '<bdi class="sample" title="name">سارة</bdi>' in body
    assert '<bdi dir="ltr">+31 20 123 4567</bdi>' in body
    # The page around it stays in the person's language and direction.
    assert 'dir="rtl"' not in _tag(body, 'id="studio-title"')
    assert "Message in Arabic" in body


def test_the_preview_alone_is_right_to_left_too(marketing_client, studio, arabic_template):
    # A part reloading alone reads no languages: the name still decides.
    part = marketing_client.get(studio.url("edit", arabic_template, part="preview"), headers=HX)
    bubble = _tag(part.content.decode(), 'class="bubble" data-language="Arabic"')
    assert 'dir="rtl"' in bubble
    assert 'lang="ar"' in bubble


def test_a_reader_sees_the_saved_arabic_text_right_to_left(
    marketing_client, support_client, studio, arabic_template
):
    saved = marketing_client.post(studio.url("save", arabic_template), {}, headers=HX)
    assert "Saved to CM.com." in saved.content.decode()
    body = support_client.get(studio.url("edit", arabic_template)).content.decode()
    assert "<textarea" not in body
    text = _tag(body, 'class="locked-content"')
    assert 'dir="rtl"' in text
    assert 'lang="ar"' in text


def test_an_english_template_is_not_right_to_left(marketing_client, studio):
    template_id = studio.template_id("survey_request")
    body = marketing_client.get(studio.url("edit", template_id)).content.decode()
    assert 'dir="rtl"' not in body
    textarea = _tag(body, 'name="content-english-us"')
    assert 'dir="ltr"' in textarea
    assert 'lang="en-US"' in textarea
    assert 'dir="ltr"' in _tag(body, 'class="bubble" data-language="English \\(US\\)"')


def test_an_invisible_direction_character_is_said_in_the_checks(
    marketing_client, studio, arabic_template
):
    draft = TemplateDraft.objects.get(template_id=arabic_template)
    content = ARABIC_TEXT.replace("طلبك", "طلبك\u202e")
    marketing_client.post(
        studio.url("draft", arabic_template),
        {"content-arabic": content, "f-0-key": draft.fields[0]["key"]},
        headers=HX,
    )
    checks = marketing_client.get(
        studio.url("edit", arabic_template, part="lint"), headers=HX
    ).content.decode()
    offset = content.index("\u202e")
    assert f"Arabic, character {offset + 1}" in checks
    assert "An invisible right-to-left override (U+202E) is in the text." in checks
    assert f'data-offset="{offset}" data-length="1"' in checks


def test_a_comparison_shows_each_side_of_an_arabic_text_right_to_left():
    before = TemplateState(name="t", category_id="c", contents={"Arabic": "مرحبا"}, fields=[])
    after = TemplateState(
        name="t", category_id="c", contents={"Arabic": "أهلا", "Dutch": "Hoi"}, fields=[]
    )
    html = render_to_string("studio/_comparison.html", {"comparison": compare(before, after)})
    arabic = html[html.index("<caption>Arabic") : html.index("<caption>Dutch")]
    assert arabic.count('dir="rtl" lang="ar"') == 2
    dutch = html[html.index("<caption>Dutch") :]
    assert 'dir="rtl"' not in dutch
    # Dutch is new: its "before" side says so in the page's direction, not the text's.
    assert 'class="comparison-text">' in dutch
