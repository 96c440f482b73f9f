"""What the poller hands the search index: plain values built from CM.com's list answers.

No database here: the poller (``tracker.poller``) builds a ``Listed`` for each item of each
list it reads and ``services.index_replace`` stores them. ``normalise`` is the one rule both
sides of a match use, so what is stored and what is typed meet: case folded, ``_``, ``-``
and ``.`` read as spaces, and a phone number also kept as its digits in the ``00`` form
(``+31 6 1234`` and ``0031 6 1234`` are found by either).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import translation

from channels_api.models import (
    ApiChannelRequestBase,
    ApiKeywordClaimResponse,
    ApiPhoneNumberResponse,
    ApiWhatsAppProfileBase,
    ApiWhatsAppTemplateBaseResponse,
)
from dashboard.search import wording
from dashboard.search.models import EntryKind

# Each kind's page (route name) and its parameters besides ``account_id``.
LINKS: dict[str, str] = {
    EntryKind.TEMPLATE: "studio:edit",
    EntryKind.NUMBER: "numbers:detail",
    EntryKind.KEYWORD: "numbers:keyword_detail",
    EntryKind.CHANNEL_REQUEST: "channels:request_detail",
    EntryKind.PROFILE: "whatsapp:profile",
}

_SEPARATORS = re.compile(r"[\s_.\-]+")
_PHONE = re.compile(r"^\+?[\d\s()./-]+$")


def normalise(text: str) -> str:
    """``text`` as matched: case folded, separators one space, trimmed."""
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def phone_digits(text: str) -> str:
    """A phone number's digits in the ``00`` international form (``+31…`` → ``0031…``)."""
    digits = re.sub(r"\D", "", text)
    return f"00{digits}" if text.strip().startswith("+") else digits


def query_forms(query: str) -> list[str]:
    """What a typed query matches: its normalised text, and for something that looks like
    a phone number (digits, spaces, ``+``, brackets), its digits too."""
    forms = [normalise(query)]
    if _PHONE.match(query.strip()) and sum(c.isdigit() for c in query) >= 3:
        digits = phone_digits(query)
        if digits not in forms:
            forms.append(digits)
    return [form for form in forms if form]


@dataclass(frozen=True)
class Listed:
    """One item as a list answer named it: what a search shows and matches."""

    kind: str
    upstream_id: str
    title: str
    detail: str = ""
    numbers: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)
    status: str = ""
    """The state the list gave (``SearchEntry.status``): what the overview counts by."""
    parts: dict[str, Any] = field(default_factory=dict)
    """The key and parts of the words the dashboard adds (``wording``): said where shown."""
    also: tuple[str, ...] = ()
    """What else finds it, in words (a channel request's title in each language)."""

    @property
    def text(self) -> str:
        """What a query is matched against: the name (``normalise``), ``also`` and any phone
        numbers as digits. Not the detail: "english" or "utility" would match half the
        templates."""
        parts = [normalise(self.title), *(normalise(words) for words in self.also)]
        parts += [phone_digits(n) for n in self.numbers if n]
        return " | ".join(dict.fromkeys(p for p in parts if p))[:700]


def template(request_id: str, item: ApiWhatsAppTemplateBaseResponse) -> Listed | None:
    """A template by its name, with its languages and category."""
    if not item.id:
        return None
    languages = ", ".join(sorted(item.languages))
    category = (item.category or "").replace("_", " ").capitalize()
    return Listed(
        kind=EntryKind.TEMPLATE,
        upstream_id=item.id,
        title=item.name or item.id,
        detail=" · ".join(p for p in (category, languages) if p),
        params={"whatsapp_request_id": request_id, "template_id": item.id},
        status=str(item.status or ""),
        parts=wording.template(item.category or "", languages),
    )


def profile(request_id: str, item: ApiWhatsAppProfileBase) -> Listed | None:
    """A WhatsApp profile by its name and phone number."""
    if not item.id:
        return None
    return Listed(
        kind=EntryKind.PROFILE,
        upstream_id=item.id,
        title=item.name or item.id,
        detail=item.phone_number or "",
        numbers=(item.phone_number or "",),
        params={"whatsapp_request_id": request_id, "profile_id": item.id},
    )


def _in_every_language(words: Callable[[], str]) -> tuple[str, ...]:
    """``words`` said in each of the dashboard's languages: what the indexer (in English)
    stores for a title shown in the reader's language, so "WhatsApp channel request" and
    "WhatsApp-kanaalaanvraag" both find it, whoever searches."""
    said: dict[str, None] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            said[words()] = None
    return tuple(said)


def request_state(item: ApiChannelRequestBase) -> str:
    """``active``, ``pending`` or ``inactive``: the channel requests page's filter
    (``channels.selectors.request_status``), so a count stored by it is the rows that filter
    shows."""
    if item.is_active:
        return "active"
    if item.is_pending:
        return "pending"
    return "inactive"


def channel_request(item: ApiChannelRequestBase, type_name: str, status: str) -> Listed | None:
    """A channel request by its channel type's name ("" when unknown) and its state
    (``status``: ``wording.STATES``' key). The title is the type's name alone, so a search
    matches CM.com's name; the phrase round it is said where it is shown."""
    if not item.id:
        return None
    when = f"requested {item.created_on_utc:%d %b %Y} (UTC)" if item.created_on_utc else ""
    # ``detail`` keeps the English words, for a reader of the rows; people see ``parts``.
    state = wording.STATES.get(status, status).capitalize()
    parts = wording.channel_request(
        status, item.created_on_utc.date() if item.created_on_utc else None
    )
    return Listed(
        kind=EntryKind.CHANNEL_REQUEST,
        upstream_id=item.id,
        title=type_name,
        detail=" · ".join(p for p in (state, when) if p),
        params={"channel_request_id": item.id},
        status=request_state(item),
        parts=parts,
        also=_in_every_language(lambda: wording.compose_title(parts, type_name)),
    )


def number(item: ApiPhoneNumberResponse) -> Listed | None:
    """An owned number by its digits, with its type."""
    if not item.id or not item.number:
        return None
    kind = item.number_type
    described = (kind.description if kind else None) or ""
    country = (kind.country if kind else None) or ""
    return Listed(
        kind=EntryKind.NUMBER,
        upstream_id=str(item.id),
        title=item.number,
        detail=" · ".join(p for p in (described, country) if p),
        numbers=(item.number,),
        params={"phone_number_id": str(item.id)},
    )


def keyword(item: ApiKeywordClaimResponse) -> Listed | None:
    """A keyword claim by its keyword and the number it is on."""
    if not item.id or not item.keyword:
        return None
    on = item.phone_number or ""
    return Listed(
        kind=EntryKind.KEYWORD,
        upstream_id=item.id,
        title=item.keyword,
        detail=f"on {on}" if on else "",
        numbers=(on,),
        params={"keyword_claim_id": item.id},
        parts=wording.keyword(on),
    )
