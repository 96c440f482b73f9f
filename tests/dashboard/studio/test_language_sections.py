"""The editor's text per language written in Python (``studio_tags.language_sections``): the
same HTML as the template's loop it replaced, whitespace aside, for every kind of language
(approved and read-only, new and removable, rejected, right to left), every value escaped,
and in the reader's language."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from dashboard.studio import direction
from dashboard.studio.forms import EditorForm, LanguageRow
from dashboard.studio.models import TemplateDraft

# The loop as edit.html wrote it before the tag (the reference the tag must match).
TEMPLATE_LOOP = """{% load i18n studio_tags %}
      {% for lang in languages %}
      <section class="language" aria-labelledby="lang-{{ lang.slug }}-title">
        <h3 id="lang-{{ lang.slug }}-title">{{ lang.name }} <span class="status status-{{ lang.status }}">{{ lang.label }}</span></h3>
        {% if lang.reason %}<p class="rejection-reason"><strong>{% translate "Rejected:" %}</strong> {{ lang.reason }}</p>{% endif %}
        {% if lang.locked %}
          <p class="muted">{% translate "Approved by WhatsApp: an approved text cannot be edited." %}</p>
          <blockquote class="locked-content" dir="{{ lang.shown.dir }}"{% if lang.shown.lang %} lang="{{ lang.shown.lang }}"{% endif %}>{{ lang.content|linebreaksbr }}</blockquote>
        {% else %}
          <label for="{{ lang.field.id_for_label }}">{% blocktranslate trimmed with name=lang.name %}Message in {{ name }}{% endblocktranslate %}</label>
          {{ lang.field }}
          <small class="muted" data-count-for="{{ lang.field.auto_id }}" data-limit="1024" data-count-format="{% translate "{count} of {limit} characters" %}">{% blocktranslate trimmed with count=lang.content|length %}{{ count }} of 1024 characters{% endblocktranslate %}</small>
          {% error_slot lang.field %}
          {% if lang.removable %}
          <button type="submit" class="small outline" name="language" value="{{ lang.name }}" formaction="{{ remove_url }}"
                  hx-post="{{ remove_url }}" hx-sync="closest form:replace">{% blocktranslate trimmed with name=lang.name %}Remove {{ name }}{% endblocktranslate %}</button>
          {% endif %}
        {% endif %}
      </section>
      {% empty %}
      <p>{% translate "No language yet: add one to write the message." %}</p>
      {% endfor %}
"""  # noqa: E501  (the template's lines, as they were)
TAG = "{% load studio_tags %}{% language_sections languages remove_url %}"
REMOVE_URL = "/a/x/whatsapp/y/templates/z/languages/remove/?a=1&b=<2>"
HOSTILE = '"><script>alert(1)</script>&amp;'


def _flat(html: str) -> str:
    """Whitespace aside: runs of it as one space, none between tags."""
    return re.sub(r">\s+<", "><", " ".join(html.split()))


def _rows(contents: dict[str, str], *, locked=(), base=(), statuses=None) -> list[LanguageRow]:
    draft = TemplateDraft(
        name="order_update",
        category_id="c1",
        contents=contents,
        base={"contents": {lang: "" for lang in base}, "locked": list(locked)},
    )
    codes = {"Arabic": "ar", "English (US)": "en_US", "Dutch": "nl"}
    form = EditorForm.for_draft(draft, categories=[("c1", "Utility")], languages=[], codes=codes)
    form.is_valid()
    return form.language_rows(statuses or {})


def _both(rows: list[LanguageRow]) -> tuple[str, str]:
    context = {"languages": rows, "remove_url": REMOVE_URL}
    written = Template(TAG).render(Context(context))
    templated = Template(TEMPLATE_LOOP).render(Context(context))
    return written, templated


def _every_kind() -> list[LanguageRow]:
    return _rows(
        {
            "English (US)": "Hi {{1}},\nyour order <b>ships</b> & arrives.",
            "Dutch": 'Hoi {{1}}, "bestelling" <script>x</script>',
            "Arabic": "مرحبا {{1}}",
            f"Klingon {HOSTILE}": f"text {HOSTILE}",
            "German": "x" * (4096 + 5),  # longer than a draft keeps: an error at its input
        },
        locked=["English (US)"],
        base=["English (US)", "Arabic", "German"],
        statuses={
            "English (US)": ("active", "Active", ""),
            "Arabic": ("rejected", "Rejected", f"Wrong {HOSTILE}"),
            "German": ("pending", "Pending <review>", ""),
        },
    )


def test_every_kind_of_language_is_written_as_the_template_wrote_it():
    written, templated = _both(_every_kind())
    assert _flat(written) == _flat(templated)
    # What the comparison covers: each branch of the loop is in it.
    assert 'class="locked-content" dir="ltr" lang="en-US">Hi {{1}},<br>your order' in written
    assert 'dir="rtl" lang="ar"' in written
    assert "rejection-reason" in written
    assert written.count('name="language"') == 2  # Dutch and Klingon: not on CM.com yet
    assert 'aria-invalid="true"' in written  # German's text is too long: its error shows


def test_no_language_is_written_as_the_template_wrote_it():
    written, templated = _both([])
    assert _flat(written) == _flat(templated)
    assert "No language yet: add one to write the message." in written


def test_hostile_names_texts_and_reasons_are_escaped():
    written, _templated = _both(_every_kind())
    assert "<script>" not in written
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;" in written
    assert 'value="Klingon &quot;&gt;&lt;script&gt;' in written
    assert "Pending &lt;review&gt;" in written
    assert "/remove/?a=1&amp;b=&lt;2&gt;" in written
    assert "your order &lt;b&gt;ships&lt;/b&gt; &amp; arrives." in written


@pytest.mark.parametrize("language", ["nl", "de"])
def test_the_words_are_the_readers_language_as_the_template_had_them(language):
    with translation.override(language):
        written, templated = _both(_every_kind())
        empty, empty_templated = _both([])
    assert _flat(written) == _flat(templated)
    assert _flat(empty) == _flat(empty_templated)
    if language == "nl":
        assert "Bericht in Dutch" in written
        assert "Dutch verwijderen" in written
        assert "Afgekeurd:" in written
        assert "Nog geen taal" in empty


def test_the_direction_a_locked_text_is_shown_in_comes_from_its_language():
    rows = _rows({"Arabic": "مرحبا"}, locked=["Arabic"], base=["Arabic"])
    assert rows[0].shown == direction.TextDirection("rtl", "ar")
    written, templated = _both(rows)
    assert _flat(written) == _flat(templated)
    assert '<blockquote class="locked-content" dir="rtl" lang="ar">' in written
