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

from django.utils.translation import gettext, gettext_noop

from dashboard.core import wording
from dashboard.core.wording import Parts, Said, compose

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


# --- outcomes: what sending an approved review did, or why nothing was sent ------------------
# Worded when the reviewer decides, in the reviewer's language, and read later by the author,
# on the review page and in e-mails, in theirs: ``Review.outcome_parts`` keeps the key and
# parts (``core.wording``), ``Review.outcome`` the words as first said. A string part is kept
# as given: CM.com's words; what upstream or the owning app's service said is nested as its
# parts (a ``Said``), so it is said in the reader's language too. Keys are stored namespaced
# ("reviews.costs_changed"); rows stored before namespaces hold the bare key.
OUTCOMES: dict[str, str] = {
    "cost_words": gettext_noop("%(startup)s start-up, %(monthly)s a month"),
    "costs_changed": gettext_noop(
        "Nothing was sent: the costs changed since review was asked (%(then)s then, "
        "%(now)s now). Ask for review again at the new costs."
    ),
    "cost_changed": gettext_noop(
        "Nothing was sent: the cost changed since review was asked (%(then)s then, %(now)s "
        "now). Ask for review again at the new cost."
    ),
    "type_unread": gettext_noop(
        "Nothing was sent: the channel type's costs could not be read. %(detail)s"
    ),
    "cost_unchecked": gettext_noop(
        "Nothing was sent: the cost could not be checked again. %(detail)s"
    ),
    "claim_unchecked": gettext_noop(
        "Nothing was sent: the claim could not be checked again. %(detail)s"
    ),
    "channel_request_not_sent": gettext_noop("The channel request was not sent. %(detail)s"),
    "channel_maybe_requested": gettext_noop(
        "The channel may have been requested: look at the channel requests before asking "
        "again. %(detail)s"
    ),
    "number_request_not_sent": gettext_noop("The number request was not sent. %(detail)s"),
    "number_request_maybe_made": gettext_noop(
        "The number request may have been made: look at the list before asking again. %(detail)s"
    ),
    "claim_not_sent": gettext_noop("The claim of %(keyword)s was not sent. %(detail)s"),
    "claim_maybe_made": gettext_noop(
        "The claim of %(keyword)s may have been made: look at the list before asking again. "
        "%(detail)s"
    ),
    "channel_requested": gettext_noop("Requested: a %(what)s channel."),
    "new_channel_requested": gettext_noop("Requested: a new channel."),
    "number_requested": gettext_noop("Requested: %(what)s."),
    "a_number_requested": gettext_noop("Requested: a number."),
    "keyword_claimed": gettext_noop("%(keyword)s is claimed on %(number)s."),
    "template_changed": gettext_noop("The template changed after review was asked: ask again."),
    "template_gone": gettext_noop("The template's draft is no longer in the dashboard: ask again."),
    "dashboard_error": gettext_noop("Sending failed because of an error in the dashboard."),
    # Why a person may not decide a review: shown to them, and kept in the access event an
    # admin reads later.
    "cannot_decide_here": gettext_noop("This kind of review cannot be decided here."),
    "only_who_may_do_it": gettext_noop("Only someone who may do this themselves can review it."),
    "author_cannot_decide": gettext_noop(
        "You asked for this review: another person has to decide it."
    ),
}


NAMESPACE = "reviews"
wording.register(NAMESPACE, OUTCOMES)


def outcome(key: str, **parts: Any) -> Said:
    """The outcome ``key`` with ``parts`` (strings kept as given, or a ``Said``)."""
    return wording.say(NAMESPACE, key, **parts)


def outcome_after(first: str, then: Said) -> Said:
    """``first`` (a check's result: a ``Said``, or words kept as given; may be "") and then
    ``then``."""
    return Said([wording.part(first), then.parts] if first else then.parts)


def cost_outcome(cost: dict[str, str]) -> Said:
    """The money of ``spending.cost_parts``, in a sentence."""
    return outcome("cost_words", startup=cost["startup"], monthly=cost["monthly"])


# What a place that stores an outcome keeps (``Review.outcome_parts``).
parts_of = wording.parts_of


def compose_outcome(parts: Parts | None, stored: str) -> str:
    """The outcome ``parts`` describe, in the active language; ``stored`` when there are none."""
    return compose(OUTCOMES, parts, stored)
