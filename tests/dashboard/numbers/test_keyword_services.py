"""Keyword writes: each audited (dry runs too), each dropping the cached reads it changed."""

from __future__ import annotations

from django.utils import translation

from dashboard.audit.models import AuditEntry
from dashboard.core.selectors import CHANNELS
from dashboard.numbers import selectors, services
from dashboard.upstream import WriteState, fetch
from tests.dashboard.numbers.helpers import calls


def _shortcode(seed):
    return next(n for n in seed["shared"] if n.number == "3010")


def test_a_dry_run_is_audited_and_claims_nothing(support_user, account_a, seed, sandbox):
    claim = services.keyword_claim_simulate(
        actor=support_user, account=account_a, phone_number_id=_shortcode(seed).id, keyword="NEW"
    )
    assert claim.value.keyword == "NEW"
    entry = AuditEntry.objects.get()
    assert entry.action == "keyword_claim.simulate"
    assert entry.sent == {"phoneNumberId": _shortcode(seed).id, "keyword": "NEW", "simulate": True}
    assert entry.message == "Dry run: NEW on 3010: EUR 50.00 start-up, EUR 25.00 a month"
    page = selectors.keywords_page(account_a, selectors.KeywordFilters(keyword="NEW"))
    assert page.items == []


def test_a_dry_run_audited_in_english_reads_in_dutch_with_keyword_number_and_money_as_given(
    support_user, account_a, seed, sandbox
):
    with translation.override("en"):
        services.keyword_claim_simulate(
            actor=support_user,
            account=account_a,
            phone_number_id=_shortcode(seed).id,
            keyword="NEW",
        )
    entry = AuditEntry.objects.get()

    with translation.override("nl"):
        shown = entry.display_message

    assert shown == "Proefrun: NEW op 3010: EUR 50.00 opstartkosten, EUR 25.00 per maand"


def test_a_claim_is_audited_with_what_was_created_and_refreshes_lists_and_channels(
    support_user, account_a, seed, sandbox
):
    filters = selectors.KeywordFilters(keyword="NEW")
    assert selectors.keywords_page(account_a, filters).items == []
    channels = fetch(account_a, CHANNELS, lambda c: c.channels.list())
    claim = services.keyword_claim_create(
        actor=support_user, account=account_a, phone_number_id=_shortcode(seed).id, keyword="NEW"
    ).value
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.upstream_status) == (
        "keyword_claim.create",
        "ok",
        201,
    )
    assert entry.sent["after"]["id"] == claim.id
    assert [k.id for k in selectors.keywords_page(account_a, filters).items] == [claim.id]
    # A claim is a channel too: the overview's cached channels are dropped.
    assert fetch(account_a, CHANNELS, lambda c: c.channels.list()) != channels


def test_a_conflicting_claim_is_audited_as_refused_and_drops_nothing(
    support_user, account_a, seed, sandbox
):
    selectors.keywords_page(account_a, selectors.KeywordFilters())
    result = services.keyword_claim_create(
        actor=support_user,
        account=account_a,
        phone_number_id=_shortcode(seed).id,
        keyword="WIN",
    )
    assert (result.state, result.status) == (WriteState.REFUSED, 409)
    assert AuditEntry.objects.get().outcome == "refused"
    selectors.keywords_page(account_a, selectors.KeywordFilters())
    assert len(calls(sandbox, "GET", "/keywords")) == 1


def test_cancelling_a_claim_is_audited_with_its_state_before(
    support_user, account_a, seed, sandbox
):
    claim = next(c for c in seed["claims"] if c.keyword == "QUIZ")
    assert selectors.keyword_claim(account_a, claim.id).keyword == "QUIZ"
    services.keyword_claim_cancel(actor=support_user, account=account_a, claim=claim)
    entry = AuditEntry.objects.get()
    assert entry.action == "keyword_claim.cancel"
    assert entry.sent["before"]["keyword"] == "QUIZ"
    assert entry.sent["before"]["phoneNumber"] == "60777"
    assert selectors.keyword_claim(account_a, claim.id).kind == "not_found"
