"""The studio's outcomes of a push, a validation and a copy, as ``core.wording`` sentences.

A push or a copy may run on a worker (copying, imports) or be sent by a reviewer; its outcome
is read later by someone else, in their language. So the services say these sentences with
``say``: the words in the active language that keep their key and parts (namespace
"studio"), which copying, imports and reviews store. A reason from upstream is nested as its
parts, and so is a lint problem that stops a save; names are kept as given.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext_lazy

from dashboard.core import wording

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
    # "Ask for review" (``reviewing``): a copy or an import stores what it said
    "fix_errors_before_review": ngettext_lazy(
        "Fix %(count)d error before asking for review.",
        "Fix %(count)d errors before asking for review.",
        "count",
    ),
    "review_waiting": gettext_noop("Review was already asked by %(who)s; it is waiting."),
    "someone": gettext_noop("someone"),
    "review_asked": gettext_noop(
        "Review asked: nothing is sent to CM.com until another person approves."
    ),
    # the lint's problems that stop a save (``lint.check_name``, ``lint.check_fields``),
    # nested in "Not saved to CM.com: ..."
    "name_missing": gettext_noop("Enter a template name."),
    "name_too_long": gettext_noop(
        "A template name has at most %(max)d characters; this one has %(length)d."
    ),
    "name_letters": gettext_noop(
        "A template name may only contain lowercase letters, digits and underscores "
        "(for example %(example)s)."
    ),
    "field_needs_name": gettext_noop("Field %(mark)s needs a name."),
    "fields_named_alike": gettext_noop("Two fields are named %(name)s: field names must differ."),
    "no_language": gettext_noop("Add a language and write the message in it."),
}
say = wording.register(NAMESPACE, SENTENCES)
