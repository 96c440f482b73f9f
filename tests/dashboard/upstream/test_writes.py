"""``upstream.write`` is the one way to write to CM.com: its states beyond a lost answer (rate
limited until a time, unavailable, a call the client repeats), the audit record it takes as a
value, and a guard that no service or view catches client errors around a write itself."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation

from channels_api import errors
from dashboard import upstream
from dashboard.accounts.crypto import TokenDecryptionError
from dashboard.audit.models import AuditEntry
from dashboard.upstream import AuditRecord, WriteState, writes
from tests.dashboard.upstream.fakes import Counter

DASHBOARD = Path(upstream.__file__).resolve().parent.parent

# Exceptions a dashboard module could catch around a client call: the client's (every
# ChannelsAPIError), an unreadable token, and the tuples apps used to define of them.
CLIENT_ERRORS = {
    name
    for name, value in inspect.getmembers(errors, inspect.isclass)
    if issubclass(value, errors.ChannelsAPIError)
} | {"CircuitOpen", "TokenDecryptionError", "UPSTREAM_ERRORS", "BROKEN_ERRORS", "_FAILURES"}

# Modules that catch client errors around reads only, each with why.
READS_ONLY = {
    "tracker/services.py": "the poller's reads of an account: a failure marks it broken",
    "manage/accounts/services.py": "testing a connection is one read, said as a diagnosis",
}


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch):
    monkeypatch.setattr(writes, "CHECK_DELAY_AFTER_TIMEOUT", 0.0)


@pytest.fixture
def recorded(account, admin_user):
    """Sends a write audited as ``webhook.add`` and answers its audit entry."""

    def send(call, **kwargs):
        record = AuditRecord(actor=admin_user, action="webhook.add", target="c1", sent={"u": 1})
        result = upstream.write(account, call, audit=record, **kwargs)
        return result, AuditEntry.objects.get(action="webhook.add")

    return send


def test_a_429_is_rate_limited_until_the_time_cm_com_asked_for(account, recorded):
    before = timezone.now()
    result, entry = recorded(Counter(error=errors.RateLimited("slow down", retry_after=120)))
    assert result.state == WriteState.RATE_LIMITED
    assert result.may_resend
    assert not result.ok
    assert (
        before + timedelta(seconds=119)
        <= result.retry_at
        <= timezone.now() + timedelta(seconds=121)
    )
    assert result.message.startswith("Too many requests to CM.com — try again at ")
    assert (entry.outcome, entry.upstream_status, entry.message) == ("refused", 429, "slow down")


def test_a_held_retry_after_is_rate_limited_until_it_ends_and_sends_nothing(account):
    until = timezone.now() + timedelta(minutes=5)
    held = upstream.CircuitOpen(until=until, reason="rate_limited")
    result = upstream.write(account, Counter(error=held))
    assert (result.state, result.retry_at) == (WriteState.RATE_LIMITED, until)
    assert result.audit_outcome == "failed"  # CM.com was not asked


def test_an_open_breaker_is_unavailable_and_says_when_to_try_again(account):
    until = timezone.now() + timedelta(minutes=1)
    result = upstream.write(account, Counter(error=upstream.CircuitOpen(until=until, reason="x")))
    assert result.state == WriteState.UNAVAILABLE
    assert result.may_resend
    assert result.retry_at is None
    assert "try again at" in result.message


def test_an_unreadable_token_is_unavailable_and_drops_no_cache(account):
    upstream.fetch(account, "webhooks.list", Counter(value=["old"]))
    result = upstream.write(
        account, Counter(error=TokenDecryptionError("no key")), invalidates=["webhooks"]
    )
    assert result.state == WriteState.UNAVAILABLE
    assert "product token cannot be decrypted" in result.message
    assert upstream.fetch(account, "webhooks.list", Counter(value=["new"])) == ["old"]


def test_a_repeatable_write_cm_com_failed_is_unavailable_and_not_checked(account, recorded):
    check = Counter(value={"id": "w1"})
    failed = errors.UpstreamError("down for maintenance", status=503)
    result, entry = recorded(Counter(error=failed), verify=check, repeatable=True)
    assert check.calls == 0
    assert result.state == WriteState.UNAVAILABLE
    assert result.may_resend
    assert result.message == "CM.com failed on its side (status 503) — try again in a few minutes."
    # As CM.com answered it: a status, and its own words.
    assert (entry.outcome, entry.upstream_status, entry.message) == (
        "refused",
        503,
        "down for maintenance",
    )


def test_a_repeatable_write_that_timed_out_drops_the_cache_and_may_say_it_may_have_happened(
    account,
):
    upstream.fetch(account, "webhooks.list", Counter(value=["old"]))
    result = upstream.write(
        account,
        Counter(error=errors.Timeout("no answer")),
        invalidates=["webhooks"],
        repeatable=True,
        may_have_happened="Look at the list first.",
    )
    assert result.state == WriteState.UNAVAILABLE
    assert result.message == (
        "CM.com did not answer in time — try again in a minute. Look at the list first."
    )
    assert upstream.fetch(account, "webhooks.list", Counter(value=["new"])) == ["new"]


def test_a_refusal_says_cm_com_words_on_their_own_too(account, recorded):
    result, entry = recorded(Counter(error=errors.BadRequest("url must be absolute", status=400)))
    assert result.state == WriteState.REFUSED
    assert result.failure.said == "url must be absolute"
    assert result.message == "CM.com refused the request: url must be absolute"
    assert (entry.outcome, entry.upstream_status, entry.message) == (
        "refused",
        400,
        "url must be absolute",
    )


def test_the_audit_record_is_a_value_that_cannot_change():
    record = AuditRecord(actor=None, action="webhook.add", target="c1", sent={"u": 1})
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.action = "webhook.delete"  # type: ignore[misc]
    assert record == AuditRecord(actor=None, action="webhook.add", target="c1", sent={"u": 1})


def test_the_audit_record_adds_the_state_left_the_status_and_words_of_a_yes(account, admin_user):
    sent = {"before": {"url": "https://a.example"}}
    record = AuditRecord(
        actor=admin_user,
        action="webhook.update",
        target="w1",
        sent=sent,
        after=lambda value: {"url": value["url"]},
        status=200,
        describe=lambda value: f"Saved {value['url']}",
    )
    upstream.write(account, Counter(value={"url": "https://b.example"}), audit=record)
    entry = AuditEntry.objects.get(action="webhook.update")
    assert entry.sent == {
        "before": {"url": "https://a.example"},
        "after": {"url": "https://b.example"},
    }
    assert (entry.outcome, entry.upstream_status, entry.message) == (
        "ok",
        200,
        "Saved https://b.example",
    )
    assert sent == {"before": {"url": "https://a.example"}}  # the caller's dict is left alone


def test_a_lost_answer_without_a_check_is_audited_as_failed(account, recorded):
    result, entry = recorded(Counter(error=errors.ConnectionFailed("reset")))
    assert result.state == WriteState.UNKNOWN
    assert entry.outcome == "failed"


def test_a_lost_answer_of_a_write_that_names_nothing_says_the_change_in_the_readers_language(
    account, recorded
):
    with translation.override("en"):
        result, entry = recorded(Counter(error=errors.ConnectionFailed("reset")))
    assert result.message == entry.message
    assert "could not check whether the change was saved" in entry.message

    with translation.override("nl"):
        shown = entry.display_message

    assert shown == (
        "De verbinding met CM.com mislukte, en het dashboard kon niet controleren of de "
        "wijziging is opgeslagen — kijk eerst voordat je het opnieuw verstuurt."
    )


def _catches_client_errors(path: Path) -> list[int]:
    """Lines of ``except`` clauses in ``path`` that name a client error."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ExceptHandler) and node.type is not None:
            names = {
                part.attr if isinstance(part, ast.Attribute) else part.id
                for part in ast.walk(node.type)
                if isinstance(part, ast.Attribute | ast.Name)
            }
            if names & CLIENT_ERRORS:
                found.append(node.lineno)
    return found


def _services_and_views() -> list[Path]:
    modules = [*DASHBOARD.rglob("services.py"), *DASHBOARD.rglob("views.py")]
    modules += [p for p in DASHBOARD.rglob("*.py") if p.parent.name == "views"]
    return sorted(p for p in modules if "upstream" not in p.relative_to(DASHBOARD).parts)


def test_no_service_or_view_catches_client_errors_every_write_goes_through_upstream_write():
    caught = {
        str(path.relative_to(DASHBOARD)): lines
        for path in _services_and_views()
        if (lines := _catches_client_errors(path))
    }
    assert {name: lines for name, lines in caught.items() if name not in READS_ONLY} == {}
    assert set(READS_ONLY) <= set(caught), "an allowed module no longer catches: drop it"


def test_the_other_ways_to_write_are_gone():
    assert not hasattr(upstream, "audited_write")
    from dashboard import audit

    assert "audited" not in audit.__all__
