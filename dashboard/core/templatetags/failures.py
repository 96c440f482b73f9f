"""``{% if part|failed %}``: whether a read came back as a failure (a builtin, in every template).

``{% if part.is_failure %}`` says the same, but on anything that is not a failure (an API
model, a list, None) Django's variable lookup tries ``part["is_failure"]``, the attribute,
``dir(part)`` and an index before it gives up: a few tenths of a millisecond per test, up to
a millisecond a page (issue 19). A failure says so by its class (``is_failure = True``, as
``upstream.UpstreamFailure`` does); core does not import upstream.
"""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def failed(value: object) -> bool:
    """Whether ``value`` is a failure (something whose ``is_failure`` is True)."""
    return getattr(value, "is_failure", False) is True
