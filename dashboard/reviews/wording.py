"""A review's label, put together where it is shown (issue 18).

The label ("Template spring_sale", "Request a WhatsApp channel (…)") is worded when the
author asks, in the author's language, and read later by the reviewer, under the bell and in
e-mails, in theirs. So ``Review.label_parts`` keeps the label's key and its parts (names and
amounts as CM.com or the author gave them) and ``compose_label`` says it in the language
active when it is read, as the tracker does (``tracker/wording.py``). ``Review.label`` keeps
the words as first written: shown for reviews asked before keys, and what the audit trail
and the admin read.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

# Label keys (``label_parts["msg"]``) and the parts each takes.
TEMPLATE = "template"  # name: the template's name (or id)
CHANNEL_REQUEST = "channel_request"  # what: the type's description or "", id: its id; cost
NUMBER_REQUEST = "number_request"  # what: the type's description or "", id: its id; cost
KEYWORD_CLAIM = "keyword_claim"  # keyword, number: as CM.com spells them; cost
# The cost parts of the last three: ``startup`` and ``monthly``, amounts already written as
# money ("EUR 1,250.00", see ``spending.money``): figures and a currency code, no words.


def template(name: str) -> dict[str, Any]:
    """The parts of a template validation's label."""
    return {"msg": TEMPLATE, "name": name}


def spending_label(key: str, money: dict[str, str], **parts: str) -> dict[str, Any]:
    """The parts of a spending review's label: ``key``, its ``parts`` and ``money``
    (``startup`` and ``monthly``, as ``spending.cost_parts`` gives them)."""
    return {"msg": key, **parts, "startup": money["startup"], "monthly": money["monthly"]}


def cost_words(startup: str, monthly: str) -> str:
    """The money in a sentence, in the active language."""
    return gettext("%(startup)s start-up, %(monthly)s a month") % {
        "startup": startup,
        "monthly": monthly,
    }


def compose_label(parts: dict[str, Any] | None, stored: str) -> str:
    """The label ``parts`` describe, in the active language; ``stored`` (the words written
    when review was asked) when there are none, or their key is unknown."""
    parts = parts or {}
    msg = parts.get("msg")
    if msg == TEMPLATE:
        return gettext("Template %(name)s") % {"name": parts.get("name", "")}
    if msg not in (CHANNEL_REQUEST, NUMBER_REQUEST, KEYWORD_CLAIM):
        return stored
    money = cost_words(str(parts.get("startup", "—")), str(parts.get("monthly", "—")))
    if msg == CHANNEL_REQUEST:
        what = parts.get("what") or gettext("channel type %(id)s") % {"id": parts.get("id", "")}
        return gettext("Request a %(what)s channel (%(cost_words)s)") % {
            "what": what,
            "cost_words": money,
        }
    if msg == NUMBER_REQUEST:
        what = parts.get("what") or gettext("number type %(id)s") % {"id": parts.get("id", "")}
        return gettext("Request %(what)s (%(cost_words)s)") % {"what": what, "cost_words": money}
    return gettext("Claim %(keyword)s on %(number)s (%(cost_words)s)") % {
        "keyword": parts.get("keyword", ""),
        "number": parts.get("number", ""),
        "cost_words": money,
    }
