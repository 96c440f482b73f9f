"""Number writes: each audited (dry runs too), each dropping the cached reads it changed."""

from __future__ import annotations

import time

from dashboard.audit.models import AuditEntry
from dashboard.numbers import selectors, services
from dashboard.upstream import WriteState
from tests.dashboard.numbers.helpers import calls


def _mobile(seed):
    return next(t for t in seed["types"] if t.country == "NL" and t.category == "MOBILE")


def test_a_dry_run_is_audited_and_changes_nothing(support_user, account_a, seed, sandbox):
    pending = selectors.RequestFilters(is_pending=True)
    before = selectors.number_requests_page(account_a, pending)
    result = services.number_request_simulate(
        actor=support_user, account=account_a, number_type_id=_mobile(seed).id
    )
    assert result.value.is_pending
    entry = AuditEntry.objects.get()
    assert entry.action == "number_request.simulate"
    assert entry.sent == {"numberTypeId": _mobile(seed).id, "simulate": True}
    assert (entry.outcome, entry.upstream_status) == ("ok", 201)
    assert entry.message.startswith("Dry run: A Dutch mobile number: EUR 25.00 start-up")
    after = selectors.number_requests_page(account_a, pending)
    assert len(after.items) == len(before.items) == 3
    # Still served from the cache: a dry run invalidates nothing.
    assert len(calls(sandbox, "GET", "/phonenumbers/requests")) == 1


def test_a_request_is_audited_with_what_was_created_and_refreshes_the_requests_list(
    support_user, account_a, seed, sandbox
):
    pending = selectors.RequestFilters(is_pending=True)
    assert len(selectors.number_requests_page(account_a, pending).items) == 3
    created = services.number_request_create(
        actor=support_user, account=account_a, number_type_id=_mobile(seed).id
    ).value
    entry = AuditEntry.objects.get(action="number_request.create")
    assert entry.sent["numberTypeId"] == _mobile(seed).id
    assert entry.sent["after"]["id"] == created.id
    assert entry.sent["after"]["isPending"] is True
    assert len(selectors.number_requests_page(account_a, pending).items) == 4


def test_a_refused_request_is_audited_as_refused_and_answered_as_such(
    support_user, account_a, seed, sandbox
):
    short_code = next(t for t in seed["types"] if t.category == "SHORTCODE")
    result = services.number_request_create(
        actor=support_user, account=account_a, number_type_id=short_code.id
    )
    assert (result.state, result.may_resend) == (WriteState.REFUSED, True)
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.upstream_status) == (
        "number_request.create",
        "refused",
        400,
    )


def test_cancelling_a_number_is_audited_with_its_state_before_and_refreshes_the_lists(
    support_user, account_a, seed, sandbox
):
    number = seed["owned"][0]
    everything = selectors.NumberFilters()
    assert number.id in [n.id for n in selectors.numbers_page(account_a, everything).items]
    services.number_cancel(actor=support_user, account=account_a, number=number)
    entry = AuditEntry.objects.get()
    assert entry.action == "number.cancel"
    assert entry.sent["phoneNumberId"] == number.id
    assert entry.sent["before"]["ownedSinceUtc"]
    assert number.id not in [n.id for n in selectors.numbers_page(account_a, everything).items]


def test_a_write_without_an_answer_still_drops_the_cache_because_it_may_have_happened(
    support_user, account_a, seed, sandbox, settings
):
    settings.UPSTREAM_TIMEOUT_SECONDS = 1
    pending = selectors.RequestFilters(is_pending=True)
    selectors.number_requests_page(account_a, pending)
    sandbox.fault("POST", f"/accounts/{account_a.account_id}/phonenumbers/requests", delay_ms=1500)
    result = services.number_request_create(
        actor=support_user, account=account_a, number_type_id=_mobile(seed).id
    )
    # The check (a second after the client gave up) finds the request the sandbox made late.
    assert result.state == WriteState.DONE_AFTER_CHECK
    assert AuditEntry.objects.get().outcome == "ok"
    sandbox.clear_log()
    selectors.number_requests_page(account_a, pending)
    assert len(calls(sandbox, "GET", "/phonenumbers/requests")) == 1
    # Let the slow request finish here, so it does not land in the next test's log.
    deadline = time.monotonic() + 5
    while not calls(sandbox, "POST") and time.monotonic() < deadline:
        time.sleep(0.05)
