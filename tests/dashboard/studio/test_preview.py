"""The preview shows the message as a phone would: each placeholder replaced by its field's
sample, formatted for the language, and nothing typed can inject markup."""

from __future__ import annotations

import pytest

from dashboard.studio.locales import NBSP
from dashboard.studio.preview import (
    PreviewField,
    parse_money,
    render_bubble,
    sample_error,
    segments,
)

FIELDS = [
    PreviewField("customer_name", "text", "Ada"),
    PreviewField("total", "currency", "1234.5"),
    PreviewField("delivery", "datetime", "2026-03-14 15:30"),
]


def _text(content, fields, language):
    return "".join(part.text for part in segments(content, fields, language))


def test_each_placeholder_becomes_its_fields_sample_formatted_for_the_language():
    content = "Hoi {{1}}, je totaal is {{2}}, bezorgd op {{3}}."
    assert _text(content, FIELDS, "Dutch") == (
        f"Hoi Ada, je totaal is €{NBSP}1.234,50, bezorgd op 14-03-2026 15:30."
    )
    assert _text(content, FIELDS, "German") == (
        f"Hoi Ada, je totaal is 1.234,50{NBSP}€, bezorgd op 14.03.2026, 15:30."
    )


def test_a_field_without_a_sample_shows_a_default_by_type():
    fields = [
        PreviewField("customer_name", "text"),
        PreviewField("total", "currency"),
        PreviewField("when", "datetime"),
    ]
    assert _text("Hi {{1}}: {{2}} on {{3}}.", fields, "English (UK)") == (
        "Hi customer_name: €1,234.50 on 14/03/2026, 15:30."
    )


def test_a_sample_that_cannot_be_read_falls_back_to_the_default_and_the_form_says_why():
    fields = [PreviewField("total", "currency", "lots")]
    assert _text("Pay {{1}} now", fields, "English (US)") == "Pay €1,234.50 now"
    assert "amount like 1234.50" in sample_error("currency", "lots")
    assert "2026-03-14 15:30" in sample_error("datetime", "tomorrow")
    assert sample_error("currency", "USD 12,5") is None
    assert sample_error("text", "anything at all") is None


def test_a_currency_sample_may_name_its_currency_before_or_after_the_amount():
    assert parse_money("USD 12.5") == ("USD", parse_money("12.5 usd")[1])
    assert parse_money("12,5")[0] == "EUR"
    assert _text("Pay {{1}}", [PreviewField("t", "currency", "USD 12.5")], "English (US)") == (
        "Pay $12.50"
    )


def test_a_date_only_sample_is_shown_without_a_time():
    fields = [PreviewField("day", "datetime", "2026-12-24")]
    assert _text("See you {{1}}!", fields, "Dutch") == "See you 24-12-2026!"


def test_a_placeholder_without_a_field_is_marked_in_the_bubble():
    html = render_bubble(segments("Hi {{1}} and {{4}}", FIELDS[:1], "English (US)"))
    assert '<bdi class="sample" title="customer_name">Ada</bdi>' in html
    assert (
        '<mark class="missing" dir="ltr" title="No replacement field for {{4}}">{{4}}</mark>'
        in html
    )


@pytest.mark.parametrize("evil", ["<script>alert(1)</script>", '<img src=x onerror="x">'])
def test_content_and_samples_are_escaped_not_rendered(evil):
    html = render_bubble(
        segments(f"{evil} {{{{1}}}} end", [PreviewField("f", "text", evil)], "Dutch")
    )
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;" in html


def test_whatsapp_markup_and_new_lines_show_as_they_would_on_the_phone():
    html = render_bubble(segments("*Big* news,\n_today_ only ~not~", [], "English (US)"))
    assert html == "<strong>Big</strong> news,<br><em>today</em> only <s>not</s>"
    # A sample is data: an asterisk in it is not markup.
    html = render_bubble(segments("Code {{1}} ok", [PreviewField("c", "text", "*x*")], "Dutch"))
    assert "<strong>" not in html
