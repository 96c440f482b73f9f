"""Template helpers of the channel pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def endpoint_tests(
    histories: dict[str, list[Any]] | None, kind: str, endpoint_id: Any
) -> list[Any]:
    """An endpoint's last tests from ``probing.histories`` (none when the page has none)."""
    return (histories or {}).get(f"{kind}:{endpoint_id}", [])
