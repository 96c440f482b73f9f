"""Money and dates written the way a template's language writes them, for the preview.

Template languages are keyed by *name* ("English (US)", "Dutch", "Portuguese (BR)"), as the API
gives them. ``babel`` is not installed, so this is a small hand-written table for the languages
people here write templates in. Each row follows the Unicode CLDR conventions of its locale for:

- the decimal and thousands separators, and whether a four-digit amount is grouped at all
  (Spanish and European Portuguese write ``1234,50`` but ``12.345,00``: CLDR's "minimum grouping
  digits" of 2);
- where the currency symbol stands and whether a (no-break) space separates it;
- the order and separators of a numeric date, and a 12- or 24-hour clock.

It is deliberately not a full CLDR: one numeric date pattern per locale (no month names), a
handful of currency symbols (EUR, USD, GBP, BRL; other currencies show their ISO code), two
decimals except for currencies that have none (JPY, KRW). A language without a row is formatted
as English (US), and ``locale_for`` says so, so the preview can tell the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: French groups thousands with it


@dataclass(frozen=True)
class LocaleFormat:
    """How one locale writes numbers, money and dates."""

    code: str
    decimal: str
    group: str
    currency: str
    """Where the symbol goes: ``{symbol}{amount}``, ``{symbol} {amount}`` or ``{amount} {symbol}``
    (a space here is written as a no-break space)."""
    date: str
    """A numeric date: ``{d}``/``{m}`` unpadded, ``{dd}``/``{mm}`` padded, ``{yyyy}``."""
    clock_12h: bool = False
    date_time_separator: str = " "
    min_grouping: int = 1
    """Group thousands only when the integer part has at least ``3 + min_grouping`` digits."""


_US = LocaleFormat("en_US", ".", ",", "{symbol}{amount}", "{m}/{d}/{yyyy}", True, ", ")

#: Language name (as the API keys template languages) → format.
FORMATS: dict[str, LocaleFormat] = {
    "English": _US,
    "English (US)": _US,
    "English (UK)": LocaleFormat(
        "en_GB", ".", ",", "{symbol}{amount}", "{dd}/{mm}/{yyyy}", False, ", "
    ),
    "Dutch": LocaleFormat("nl", ",", ".", "{symbol} {amount}", "{dd}-{mm}-{yyyy}"),
    "German": LocaleFormat("de", ",", ".", "{amount} {symbol}", "{dd}.{mm}.{yyyy}", False, ", "),
    "French": LocaleFormat("fr", ",", NNBSP, "{amount} {symbol}", "{dd}/{mm}/{yyyy}"),
    "Italian": LocaleFormat("it", ",", ".", "{amount} {symbol}", "{dd}/{mm}/{yyyy}", False, ", "),
    "Spanish": LocaleFormat("es", ",", ".", "{amount} {symbol}", "{d}/{m}/{yyyy}", False, ", ", 2),
    "Spanish (SPA)": LocaleFormat(
        "es_ES", ",", ".", "{amount} {symbol}", "{d}/{m}/{yyyy}", False, ", ", 2
    ),
    "Spanish (MEX)": LocaleFormat(
        "es_MX", ".", ",", "{symbol}{amount}", "{dd}/{mm}/{yyyy}", False, ", "
    ),
    "Spanish (ARG)": LocaleFormat(
        "es_AR", ",", ".", "{symbol} {amount}", "{d}/{m}/{yyyy}", False, ", "
    ),
    "Portuguese (BR)": LocaleFormat("pt_BR", ",", ".", "{symbol} {amount}", "{dd}/{mm}/{yyyy}"),
    "Portuguese (POR)": LocaleFormat(
        "pt_PT", ",", NBSP, "{amount} {symbol}", "{dd}/{mm}/{yyyy}", False, ", ", 2
    ),
}

DEFAULT_LANGUAGE = "English (US)"

SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "BRL": "R$"}
ZERO_DECIMALS = {"JPY", "KRW"}


def locale_for(language: str) -> tuple[LocaleFormat, bool]:
    """The format for a language name, and whether the table knows it (False: English (US))."""
    found = FORMATS.get((language or "").strip())
    if found is not None:
        return found, True
    return FORMATS[DEFAULT_LANGUAGE], False


def _group(digits: str, separator: str, min_grouping: int) -> str:
    if len(digits) < 3 + min_grouping:
        return digits
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def format_number(value: Decimal, language: str, *, decimals: int = 2) -> str:
    """``Decimal("1234.5")`` as the language writes it: ``1,234.50``, ``1.234,50``, ``1234,50``."""
    fmt, _known = locale_for(language)
    quantum = Decimal(1).scaleb(-decimals)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_EVEN)
    sign = "-" if rounded < 0 else ""
    text = f"{abs(rounded):f}"
    whole, _, fraction = text.partition(".")
    grouped = _group(whole, fmt.group, fmt.min_grouping)
    return f"{sign}{grouped}{fmt.decimal}{fraction}" if decimals else f"{sign}{grouped}"


def format_money(amount: Decimal, currency: str, language: str) -> str:
    """An amount of ``currency`` (ISO code) as the language writes it: ``€ 1.234,50`` (Dutch)."""
    fmt, _known = locale_for(language)
    code = (currency or "EUR").upper()
    decimals = 0 if code in ZERO_DECIMALS else 2
    number = format_number(abs(amount), language, decimals=decimals)
    symbol = SYMBOLS.get(code, code)
    text = fmt.currency.replace(" ", NBSP).format(symbol=symbol, amount=number)
    return f"-{text}" if amount < 0 else text


def format_datetime(value: datetime, language: str, *, with_time: bool = True) -> str:
    """A date (and time) as the language writes it: ``3/14/2026, 3:30 PM``, ``14-03-2026 15:30``."""
    fmt, _known = locale_for(language)
    date = fmt.date.format(
        d=value.day, m=value.month, dd=f"{value.day:02d}", mm=f"{value.month:02d}", yyyy=value.year
    )
    if not with_time:
        return date
    if fmt.clock_12h:
        hour = value.hour % 12 or 12
        # CLDR 42+ puts a narrow no-break space before AM/PM.
        time = f"{hour}:{value.minute:02d}{NNBSP}{'AM' if value.hour < 12 else 'PM'}"
    else:
        time = f"{value.hour:02d}:{value.minute:02d}"
    return f"{date}{fmt.date_time_separator}{time}"
