"""What a write of the channels app is about, as ``core.wording`` sentences (namespace
"channels").

A lost answer's words name what was written ("…a check shows the channel request was not
saved"); a reviewer's approval sends the channel request, and the review's outcome holding
those words is read later by its author, in the author's language. So ``what=`` is said with
``say``: the words now, with their key and parts kept for whoever stores them.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from dashboard.core import wording

NAMESPACE = "channels"

SENTENCES: dict[str, wording.Sentence] = {
    "the_channel_request": gettext_noop("the channel request"),
    "the_messaging_log_setting": gettext_noop("the messaging log setting"),
    "the_customer_contact_endpoint": gettext_noop("the customer contact endpoint"),
    "the_email_address": gettext_noop("the e-mail address"),
    "the_webhook": gettext_noop("the webhook"),
    "the_event_webhook": gettext_noop("the event webhook"),
}
say = wording.register(NAMESPACE, SENTENCES)
