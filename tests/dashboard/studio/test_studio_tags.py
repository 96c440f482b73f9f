"""The template list's rows written in Python (``studio_tags.template_rows``): each row as
``template_row`` writes it, one a line, every value escaped in every row."""

from __future__ import annotations

from django.template import Context, Template
from django.utils.safestring import mark_safe

from dashboard.studio.selectors import LanguageBadge, TemplateRow
from dashboard.studio.templatetags.studio_tags import template_row


def _row(name: str, category_label: str, label: str = "Approved") -> TemplateRow:
    return TemplateRow(
        id=f"id-{name}",
        name=name,
        category="MARKETING",
        status="approved",
        label=label,
        languages=[
            LanguageBadge("English (US)", "approved", "Approved"),
            LanguageBadge("Dutch", "rejected", "Rejected", "No"),
        ],
        category_label=category_label,
    )


def _rows(rows: list[TemplateRow]) -> str:
    return Template("{% load studio_tags %}{% template_rows rows %}").render(
        Context({"rows": rows})
    )


def test_the_rows_are_each_row_as_the_row_tag_writes_it_one_a_line():
    rows = [_row("order_<b>", "Marketing & more"), _row("renewal", "Marketing & more")]
    context = Context({})
    assert _rows(rows) == "".join(f"{template_row(context, row)}\n" for row in rows)


def test_a_value_repeated_across_rows_is_escaped_in_every_row():
    body = _rows([_row("a", "A & B"), _row("b", "A & B")])
    assert body.count("<td>A &amp; B") == 2
    assert body.count('<span class="status-rejected">Dutch: Rejected</span>') == 2


def test_html_and_the_same_text_as_plain_text_are_each_written_their_own_way():
    # The first row's label is HTML (kept), the second's the same characters as text (escaped).
    body = _rows([_row("a", "x", label=mark_safe("<i>On</i>")), _row("b", "x", label="<i>On</i>")])
    assert '<span class="status-approved"><i>On</i></span>' in body
    assert '<span class="status-approved">&lt;i&gt;On&lt;/i&gt;</span>' in body


def test_no_rows_write_nothing():
    assert _rows([]) == ""
