"""What a write of the numbers app is about, and what a cancel whose answer was lost may have
done, as ``core.wording`` sentences (namespace "numbers").

A reviewer's approval sends a number request or a keyword claim, and the review's outcome
holding upstream's words about it is read later by its author, in the author's language. So
``what=`` and ``may_have_happened=`` are said with ``say``: the words now, with their key and
parts kept for whoever stores them (a keyword is kept as given).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from dashboard.core import wording

NAMESPACE = "numbers"

SENTENCES: dict[str, wording.Sentence] = {
    "the_number_request": gettext_noop("the number request"),
    "the_claim": gettext_noop("the claim of %(keyword)s"),
    "cancel_may_have_happened": gettext_noop(
        "CM.com may have received it: look at the list before trying again."
    ),
}
say = wording.register(NAMESPACE, SENTENCES)
