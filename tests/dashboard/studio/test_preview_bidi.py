"""The preview keeps left-to-right pieces in order inside right-to-left text: each sample and
dangling placeholder, each URL and each number in groups is a bidi isolate."""

from __future__ import annotations

from dashboard.studio.preview import PreviewField, render_bubble, segments

NAME = [PreviewField("customer_name", "text", "Ada")]


def _html(content: str, fields=(), language: str = "Arabic") -> str:
    return str(render_bubble(segments(content, list(fields), language)))


def test_a_sample_is_an_isolate_that_takes_the_direction_of_its_own_text():
    assert '<bdi class="sample" title="customer_name">Ada</bdi>' in _html("مرحبا {{1}} شكرا", NAME)


def test_a_placeholder_without_a_field_is_isolated_left_to_right():
    assert '<mark class="missing" dir="ltr"' in _html("مرحبا {{1}} و {{2}} شكرا", NAME)


def test_a_phone_number_in_groups_and_a_url_are_isolated_left_to_right():
    html = _html("اتصل بنا على +31 20 123 4567 أو زر https://example.com/a?b=1.")
    assert '<bdi dir="ltr">+31 20 123 4567</bdi>' in html
    # The full stop ends the sentence, not the URL.
    assert '<bdi dir="ltr">https://example.com/a?b=1</bdi>.' in html


def test_a_plain_number_needs_no_isolate():
    assert "<bdi" not in _html("طلبك رقم 12345 جاهز")


def test_whatsapp_markup_around_an_isolated_run_still_applies_and_nests():
    html = _html("*اتصل +31 20 123 4567* الآن")
    assert html.startswith('<strong>اتصل <bdi dir="ltr">+31 20 123 4567</bdi></strong>')


def test_an_isolated_run_is_escaped_too():
    html = _html('زر https://example.com/?q=<b>&x="1" الآن')
    assert "<b>" not in html
    assert "&lt;b&gt;" in html
