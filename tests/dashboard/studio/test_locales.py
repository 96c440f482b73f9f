"""Money and dates in the preview are written the way the template's language writes them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from dashboard.studio.locales import (
    NBSP,
    NNBSP,
    format_datetime,
    format_money,
    format_number,
    locale_for,
)

AMOUNT = Decimal("1234.5")
MOMENT = datetime(2026, 3, 14, 15, 30)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("English (US)", "€1,234.50"),
        ("English (UK)", "€1,234.50"),
        ("Dutch", f"€{NBSP}1.234,50"),
        ("German", f"1.234,50{NBSP}€"),
        ("French", f"1{NNBSP}234,50{NBSP}€"),
        ("Italian", f"1.234,50{NBSP}€"),
        ("Portuguese (BR)", f"€{NBSP}1.234,50"),
        ("Spanish", f"1234,50{NBSP}€"),
    ],
)
def test_an_amount_in_euro_is_written_as_each_language_writes_it(language, expected):
    assert format_money(AMOUNT, "EUR", language) == expected


def test_spanish_and_european_portuguese_group_thousands_only_from_five_digits():
    assert format_number(Decimal("1234.5"), "Spanish") == "1234,50"
    assert format_number(Decimal("12345.5"), "Spanish") == "12.345,50"
    assert format_number(Decimal("1234567"), "Portuguese (POR)") == f"1{NBSP}234{NBSP}567,00"


def test_the_currency_symbol_follows_the_currency_and_unknown_codes_show_as_codes():
    assert format_money(Decimal("9.99"), "USD", "English (US)") == "$9.99"
    assert format_money(Decimal("9.99"), "GBP", "English (UK)") == "£9.99"
    assert format_money(Decimal("10"), "BRL", "Portuguese (BR)") == f"R${NBSP}10,00"
    assert format_money(Decimal("10"), "CHF", "German") == f"10,00{NBSP}CHF"


def test_a_currency_without_decimals_is_shown_without_them():
    assert format_money(Decimal("1500"), "JPY", "English (US)") == "JPY1,500"


def test_a_negative_amount_keeps_its_sign_in_front():
    assert format_money(Decimal("-5"), "EUR", "German") == f"-5,00{NBSP}€"


def test_amounts_are_rounded_half_to_even_not_truncated():
    assert format_number(Decimal("0.125"), "English (US)") == "0.12"
    assert format_number(Decimal("0.135"), "English (US)") == "0.14"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("English (US)", f"3/14/2026, 3:30{NNBSP}PM"),
        ("English (UK)", "14/03/2026, 15:30"),
        ("Dutch", "14-03-2026 15:30"),
        ("German", "14.03.2026, 15:30"),
        ("French", "14/03/2026 15:30"),
        ("Portuguese (BR)", "14/03/2026 15:30"),
        ("Spanish", "14/3/2026, 15:30"),
    ],
)
def test_a_date_and_time_is_written_in_each_languages_order_and_clock(language, expected):
    assert format_datetime(MOMENT, language) == expected


def test_midnight_and_noon_on_a_twelve_hour_clock():
    assert format_datetime(datetime(2026, 1, 2, 0, 5), "English (US)").endswith(f"12:05{NNBSP}AM")
    assert format_datetime(datetime(2026, 1, 2, 12, 0), "English (US)").endswith(f"12:00{NNBSP}PM")


def test_a_language_without_a_format_falls_back_to_english_us_and_says_so():
    fmt, known = locale_for("Japanese")
    assert not known
    assert fmt is locale_for("English (US)")[0]
    assert format_money(AMOUNT, "EUR", "Japanese") == "€1,234.50"
    assert locale_for("Dutch")[1]
