"""Template filters for numbers and keywords: money with its currency, number categories."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from dashboard.numbers.selectors import category_label

register = template.Library()


@register.filter
def money(amount: Any, currency: str | None = "") -> str:
    """``Decimal("1500")|money:"EUR"`` → ``EUR 1,500.00``; unknown amounts → ``—``."""
    if amount is None or amount == "":
        return "—"
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return "—"
    return f"{currency or ''} {value:,.2f}".strip()


@register.filter
def category(value: str | None) -> str:
    """``SHORTCODE`` → ``short code``."""
    return category_label(value)


@register.filter
def days(value: int | None) -> str:
    """``1`` → ``1 day``, ``5`` → ``5 days``; unknown → ``—``."""
    if value is None:
        return "—"
    return f"{value} day" if value == 1 else f"{value} days"
