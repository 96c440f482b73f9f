"""``{{ value|label:"template_category" }}``: an API value in words (``dashboard.core.labels``)."""

from __future__ import annotations

from django import template

from dashboard.core import labels

register = template.Library()


@register.filter(name="label")
def label_filter(value: object, vocabulary: str) -> str:
    """The words for ``value`` in ``vocabulary``; the value itself when unknown (logged once)."""
    return labels.label(vocabulary, value)
