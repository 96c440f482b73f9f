"""What a WhatsApp write is about, and what a code whose sending may have happened means, as
``core.wording`` sentences (namespace "whatsapp").

A write's words (``upstream.write``'s ``what=`` and ``may_have_happened=``) end up in its
audit entry's message, read later by an admin in their language (issue 18). So they are said
with ``say``: the words now, with their key and parts kept for whoever stores them (a
language's name is kept as the page gave it).
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from dashboard.core import wording

NAMESPACE = "whatsapp"

SENTENCES: dict[str, wording.Sentence] = {
    "the_activation_of": gettext_noop("the activation of %(language)s"),
    "the_activation": gettext_noop("the activation"),
    "the_phone_number": gettext_noop("the phone number"),
    "the_code": gettext_noop("the code"),
    "the_verification": gettext_noop("the verification"),
    # After a lost answer to starting OTP, unless a read shows no code went out.
    "code_maybe_sent": gettext_noop(
        "so a code may have been sent: wait for it before asking for a new one."
    ),
}
say = wording.register(NAMESPACE, SENTENCES)
