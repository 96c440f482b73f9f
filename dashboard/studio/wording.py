"""The studio's outcomes of a push, a validation and a copy, as ``core.wording`` sentences.

A push or a copy may run on a worker (copying, imports) or be sent by a reviewer; its outcome
is read later by someone else, in their language. So the services say these sentences with
``say``: the words in the active language that keep their key and parts (namespace
"studio"), which copying, imports and reviews store. A reason from upstream is nested as its
parts; a lint problem's words and names are kept as given.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop, ngettext_lazy

from dashboard.core import wording
from dashboard.core.wording import Said

NAMESPACE = "studio"

SENTENCES: dict[str, wording.Sentence] = {
    "not_saved": gettext_noop("Not saved to CM.com: %(reason)s"),
    "saved": gettext_noop("Saved to CM.com."),
    "nothing_to_save": gettext_noop("Nothing to save: CM.com already has this."),
    "fix_errors": ngettext_lazy(
        "Fix %(count)d error before requesting validation.",
        "Fix %(count)d errors before requesting validation.",
        "count",
    ),
    "all_approved": gettext_noop("Nothing to submit: every language of this template is approved."),
    "validation_not_requested": gettext_noop("Validation was not requested: %(reason)s"),
    "validation_requested": gettext_noop(
        "Validation requested: WhatsApp reviews the template; its status shows here."
    ),
    "copy_not_made": gettext_noop("The copy was not made: %(reason)s"),
    # what a lost answer's check looked for (upstream's ``what``)
    "the_template": gettext_noop("the template %(name)s"),
    "the_field": gettext_noop("the field %(name)s"),
    "the_validation_request": gettext_noop("the request for validation"),
}
wording.register(NAMESPACE, SENTENCES)


def say(key: str, **parts: Any) -> Said:
    """The studio's sentence ``key`` with ``parts``, in the active language."""
    return wording.say(NAMESPACE, key, **parts)
