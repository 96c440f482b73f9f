"""What a write of the numbers app is about, what a cancel whose answer was lost may have
done, and what a write did (its audit entry), as ``core.wording`` sentences (namespace
"numbers").

A reviewer's approval sends a number request or a keyword claim, and the review's outcome
holding upstream's words about it is read later by its author, in the author's language. So
``what=`` and ``may_have_happened=`` are said with ``say``: the words now, with their key and
parts kept for whoever stores them (a keyword is kept as given). The audit entry's message
(``describe=``) is read later by an admin, in theirs (a number, a keyword, an amount with its
currency are kept as given).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

from dashboard.core import wording

NAMESPACE = "numbers"

SENTENCES: dict[str, wording.Sentence] = {
    "the_number_request": gettext_noop("the number request"),
    "the_claim": gettext_noop("the claim of %(keyword)s"),
    "cancel_may_have_happened": gettext_noop(
        "CM.com may have received it: look at the list before trying again."
    ),
    # what a write did, in its audit entry (``describe=``)
    "dry_run": gettext_noop("Dry run: %(what)s"),
    "request_of": gettext_noop("request %(id)s"),
    "request_costs": ngettext_lazy(
        "%(kind)s: %(startup)s start-up, %(monthly)s a month, %(days)s processing day",
        "%(kind)s: %(startup)s start-up, %(monthly)s a month, %(days)s processing days",
        "days",
    ),
    "request_costs_no_days": gettext_noop("%(kind)s: %(startup)s start-up, %(monthly)s a month"),
    "claim_costs": gettext_noop(
        "%(keyword)s on %(number)s: %(startup)s start-up, %(monthly)s a month"
    ),
    "number_cancelled": gettext_noop("Cancelled ownership of %(number)s"),
    "claim_cancelled": gettext_noop("Cancelled %(keyword)s on %(number)s"),
}
say = wording.register(NAMESPACE, SENTENCES)
