"""Why an access event happened (its ``detail``), as ``core.wording`` sentences (namespace
"access").

An event is written at the door, in the language of whoever knocked (or English, for a
provider's server), and read later by an admin in theirs (issue 18). So a detail is said with
``say`` and ``record_access`` keeps its key and parts (``AccessEvent.detail_parts``) next to
the words. What the dashboard does not word is kept as given inside our sentence: the
OpenID Connect library's or provider's reason, a status, a capability's name, an account id.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from dashboard.core import wording

NAMESPACE = "access"

SENTENCES: dict[str, wording.Sentence] = {
    # password logins (audit.signals)
    "while_locked_out": gettext_noop("while locked out"),
    "too_many_failed_logins": gettext_noop("too many failed logins"),
    # refusals of the access rules (people.access); capability: its name, as in the code
    "needs": gettext_noop("needs %(capability)s"),
    "account_not_granted": gettext_noop("account %(account)s not granted to them"),
    "account_does_not_exist": gettext_noop("account %(account)s does not exist"),
    # a password check that failed (manage.accounts.views)
    "replacing_token": gettext_noop("replacing the token of account %(account)s"),
    # company login (sso); reason: one of the sentences below
    "company_login": gettext_noop("company login: %(reason)s"),
    # error: the library's own words about the answer, kept as given
    "answer_did_not_verify": gettext_noop("the answer did not verify (%(error)s)"),
    "provider_refused_code": gettext_noop("the provider refused the code (status %(status)s)"),
    # error: the provider's error code (an OAuth "error" such as login_required), as given
    "provider_answered": gettext_noop("the provider answered %(error)s"),
    "not_accepted": gettext_noop("not accepted"),
    "no_group_gives_access": gettext_noop(
        "none of your company groups gives access to the dashboard"
    ),
    "groups_no_longer_map": gettext_noop("company groups no longer map to any access"),
    "backchannel_logout": gettext_noop("company logout (back channel)"),
}
say = wording.register(NAMESPACE, SENTENCES)
