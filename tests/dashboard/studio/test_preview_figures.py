"""The editor's preview written in Python (``studio_tags.preview_figures``): the same HTML as
the template's loop it replaced, whitespace aside, for every kind of language (empty text,
unknown formats, right to left), every value escaped, and in the reader's language."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from dashboard.studio.models import TemplateDraft
from dashboard.studio.selectors import _previews

# The loop as edit.html wrote it before the tag (the reference the tag must match).
TEMPLATE_LOOP = """{% load i18n %}
  {% for item in previews %}
  <figure class="phone">
    <figcaption>{{ item.language }}</figcaption>
    <div class="phone-screen">
      <div class="bubble" data-language="{{ item.language }}"{% if not item.empty %} dir="{{ item.shown.dir }}"{% if item.shown.lang %} lang="{{ item.shown.lang }}"{% endif %}{% endif %}>{% if item.empty %}<span class="muted">{% translate "No text yet." %}</span>{% else %}{{ item.bubble }}{% endif %}</div>
    </div>
    {% if not item.known %}<small class="muted">{% blocktranslate trimmed with language=item.language %}No money and date format is known for {{ language }}: shown as in English (US).{% endblocktranslate %}</small>{% endif %}
  </figure>
  {% empty %}
  <p>{% translate "Add a language to see the message." %}</p>
  {% endfor %}
"""  # noqa: E501  (the template's lines, as they were)
TAG = "{% load studio_tags %}{% preview_figures previews %}"
HOSTILE = '"><script>alert(1)</script>&amp;'


def _flat(html: str) -> str:
    """Whitespace aside: runs of it as one space, none between tags."""
    return re.sub(r">\s+<", "><", " ".join(html.split()))


def _every_kind() -> list:
    draft = TemplateDraft(
        contents={
            "English (US)": "Hi {{1}}, *your* total is {{2}}.\nCall +31 20 123 4567.",
            "Dutch": "",
            "Arabic": "مرحبا {{1}}",
            f"Klingon {HOSTILE}": f"text {HOSTILE} {{{{1}}}} {{{{7}}}}",
        },
        fields=[
            {"key": "a", "name": f"name {HOSTILE}", "type": "text"},
            {"key": "b", "name": "total", "type": "currency"},
        ],
        samples={"a": f"<b>{HOSTILE}</b>", "b": "12.50"},
    )
    codes = {"English (US)": "en_US", "Dutch": "nl", "Arabic": "ar"}
    return _previews(draft, samples=True, codes=codes)


def _both(previews: list) -> tuple[str, str]:
    context = {"previews": previews}
    return Template(TAG).render(Context(context)), Template(TEMPLATE_LOOP).render(Context(context))


def test_every_kind_of_language_is_previewed_as_the_template_wrote_it():
    written, templated = _both(_every_kind())
    assert _flat(written) == _flat(templated)
    # What the comparison covers: each branch of the loop is in it.
    assert 'data-language="Dutch"><span class="muted">No text yet.</span>' in written
    assert 'dir="rtl" lang="ar"' in written
    assert "<strong>your</strong>" in written  # the bubble is HTML, kept as it is
    assert "No money and date format is known for Klingon" in written
    assert "No money and date format is known for English" not in written


def test_no_language_is_previewed_as_the_template_wrote_it():
    written, templated = _both([])
    assert _flat(written) == _flat(templated)
    assert "Add a language to see the message." in written


def test_hostile_languages_texts_and_samples_are_escaped():
    written, _templated = _both(_every_kind())
    assert "<script>" not in written
    assert "<b>" not in written
    assert (
        'data-language="Klingon &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;"'
        in written
    )
    assert "known for Klingon &quot;&gt;&lt;script&gt;" in written


@pytest.mark.parametrize("language", ["nl", "de"])
def test_the_words_are_the_readers_language_as_the_template_had_them(language):
    with translation.override(language):
        written, templated = _both(_every_kind())
        empty, empty_templated = _both([])
    assert _flat(written) == _flat(templated)
    assert _flat(empty) == _flat(empty_templated)
    if language == "nl":
        assert "Nog geen tekst." in written
