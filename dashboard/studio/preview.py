"""The live preview: a language's content with each placeholder ``{{i+1}}`` replaced by the
sample of field ``i``, formatted for that language, as a phone would show the message.

Samples are what the person typed per field; an empty or unreadable sample falls back to a
default by type (the field's name for text, EUR 1234.50 for currency, 14 March 2026 15:30 for a
date and time). WhatsApp's own markup (``*bold*``, ``_italic_``, ``~strike~``) is shown as such.

Right-to-left messages (issue 18): every sample and dangling placeholder is a bidi isolate
(``<bdi>``, ``dir="ltr"``), and so are URLs and numbers written in groups (``+31 20 123 4567``)
in the text; without that, a Hebrew or Arabic sentence pulls a sample's neutral characters
(``€``, ``+``, spaces, braces) to the wrong side, and a phone number's groups come out in
reverse order. The bubble itself gets the language's direction from the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from channels_api.template_rules import PLACEHOLDER
from dashboard.core.escaping import escape
from dashboard.studio import locales

DEFAULT_CURRENCY = "EUR"
DEFAULT_AMOUNT = Decimal("1234.50")
# A wall-clock sample: what the message would say, so no time zone.
DEFAULT_DATETIME = datetime(2026, 3, 14, 15, 30)

MONEY_HELP = _("An amount like 1234.50, with a currency code if not euro: USD 1234.50")
DATETIME_HELP = _("A date and time like 2026-03-14 15:30")


def _money_error() -> str:
    """What to type for a currency sample, in the reader's language."""
    return gettext("Enter an amount like 1234.50, with a currency code if not euro: USD 1234.50.")


_MONEY = re.compile(
    r"^\s*(?:(?P<before>[A-Za-z]{3})\s*)?(?P<amount>-?\d+(?:[.,]\d{1,2})?)"
    r"(?:\s*(?P<after>[A-Za-z]{3}))?\s*$"
)
_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")
# Runs that must keep left-to-right order inside right-to-left text: URLs (without the
# punctuation that ends a sentence), and numbers in groups or with a leading +. A plain number
# needs nothing: its digits stay in order anyway.
_LTR_RUN = re.compile(
    r"(?:https?://|www\.)\S*[^\s.,;:!?)\]'\"*_~]"
    r"|\+?\d+(?:[ \u00a0\-]\d+)+"
    r"|\+\d+"
)
# The private-use plane the stand-ins for the isolated runs are taken from (``_text_html``).
_FIRST_PLANE = re.compile("[\U000f0000-\U000fffff]")
_MARKUP = [
    (re.compile(r"\*(?=\S)([^*\n]*?\S)\*"), "strong"),
    (re.compile(r"(?<![\w])_(?=\S)([^_\n]*?\S)_(?![\w])"), "em"),
    (re.compile(r"~(?=\S)([^~\n]*?\S)~"), "s"),
]


class SampleError(ValueError):
    """A sample that cannot be read for its field's type; the message says what to type."""


def parse_money(text: str) -> tuple[str, Decimal]:
    """``"USD 12.5"`` → ``("USD", Decimal("12.5"))``; the currency defaults to EUR."""
    match = _MONEY.match(text or "")
    if match is None or (match["before"] and match["after"]):
        raise SampleError(_money_error())
    try:
        amount = Decimal(match["amount"].replace(",", "."))
    except InvalidOperation:  # the pattern admits only digits; kept for safety
        raise SampleError(_money_error()) from None
    currency = (match["before"] or match["after"] or DEFAULT_CURRENCY).upper()
    return currency, amount


def parse_datetime(text: str) -> datetime:
    """``"2026-03-14 15:30"`` (or the ``datetime-local`` form, or a bare date) → datetime."""
    value = (text or "").strip()
    for pattern in _DATETIME_FORMATS:
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    raise SampleError(gettext("Enter a date and time like 2026-03-14 15:30."))


def sample_error(field_type: str, sample: str) -> str | None:
    """Why ``sample`` cannot stand for a field of ``field_type``; None when it can (or is empty)."""
    if not (sample or "").strip():
        return None
    try:
        if field_type == "currency":
            parse_money(sample)
        elif field_type == "datetime":
            parse_datetime(sample)
    except SampleError as error:
        return str(error)
    return None


def sample_value(field_type: str, name: str, sample: str, language: str) -> str:
    """The text the preview shows for a field: its sample (or default) formatted for language."""
    typed = (sample or "").strip()
    if field_type == "currency":
        try:
            currency, amount = parse_money(typed) if typed else (DEFAULT_CURRENCY, DEFAULT_AMOUNT)
        except SampleError:
            currency, amount = DEFAULT_CURRENCY, DEFAULT_AMOUNT
        return locales.format_money(amount, currency, language)
    if field_type == "datetime":
        try:
            moment = parse_datetime(typed) if typed else DEFAULT_DATETIME
        except SampleError:
            moment = DEFAULT_DATETIME
        date_only = bool(typed) and len(typed) == len("2026-03-14")
        return locales.format_datetime(moment, language, with_time=not date_only)
    return typed or name


@dataclass(frozen=True)
class PreviewField:
    """What the preview needs of a replacement field."""

    name: str
    type: str
    sample: str = ""


@dataclass(frozen=True)
class Segment:
    """A run of the previewed message: plain text, a field's sample, or a dangling placeholder."""

    kind: str  # "text", "sample" or "missing"
    text: str
    field: str = ""


def segments(content: str, fields: list[PreviewField], language: str) -> list[Segment]:
    """The message cut at its placeholders, each replaced by its field's formatted sample."""
    text = (content or "").replace("\r\n", "\n")
    result: list[Segment] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            result.append(Segment("text", text[position : match.start()]))
        index = int(match.group(1)) - 1
        if 0 <= index < len(fields):
            field = fields[index]
            value = sample_value(field.type, field.name, field.sample, language)
            result.append(Segment("sample", value, field.name))
        else:
            result.append(Segment("missing", match.group(0)))
        position = match.end()
    if position < len(text):
        result.append(Segment("text", text[position:]))
    return result


def _text_html(text: str) -> str:
    """A text run as HTML: escaped, its URLs and grouped numbers isolated, WhatsApp markup.

    Each isolated run stands in for one private-use character while the markup is applied, so
    ``*call +31 20 123 4567*`` is bold around the whole isolate and a tag never crosses it."""
    runs: list[str] = []
    # Stand-ins from a private-use plane the text does not use (it cannot use both).
    base = 0x100000 if _FIRST_PLANE.search(text) else 0xF0000

    def stand_in(match: re.Match[str]) -> str:
        runs.append(match.group(0))
        return chr(base + len(runs) - 1)

    escaped = escape(_LTR_RUN.sub(stand_in, text))
    for pattern, tag in _MARKUP:
        escaped = pattern.sub(rf"<{tag}>\1</{tag}>", escaped)
    for index, run in enumerate(runs):
        escaped = escaped.replace(chr(base + index), f'<bdi dir="ltr">{escape(run)}</bdi>', 1)
    return escaped.replace("\n", "<br>")


def render_bubble(parts: list[Segment]) -> SafeString:
    """The segments as HTML for the bubble: every piece escaped, then WhatsApp markup applied
    to the text runs only (a sample is data, never markup). Written with ``core.escaping``
    (``format_html``'s output, without its lazy-text wrappers: the preview is on every view)."""
    html = []
    for part in parts:
        if part.kind == "text":
            html.append(_text_html(part.text))
        elif part.kind == "sample":
            sample = escape(part.text).replace("\n", "<br>")
            html.append(f'<bdi class="sample" title="{escape(part.field)}">{sample}</bdi>')
        else:
            missing = gettext("No replacement field for %(placeholder)s") % {
                "placeholder": part.text
            }
            html.append(
                f'<mark class="missing" dir="ltr" title="{escape(missing)}">'
                f"{escape(part.text)}</mark>"
            )
    # Every piece above is escaped; only the tags this module writes remain.
    return mark_safe("".join(html))  # noqa: S308


def is_known_language(language: str) -> bool:
    """Whether money and dates are formatted for this language (else as English (US))."""
    return locales.locale_for(language)[1]
