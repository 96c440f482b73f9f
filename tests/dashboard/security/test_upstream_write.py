"""``upstream.write``: a write is sent once; when its answer is lost (timeout, 5xx, unreadable),
one read finds out what happened before the page may offer to send it again. Proven on a tiny
fake (the write and the check are plain functions) and end to end against the sandbox."""

from __future__ import annotations

import uuid

import pytest
from django.template.loader import render_to_string

from channels_api import errors
from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AuditEntry
from dashboard.upstream import WriteState, writes
from tests.dashboard.security.helpers import api_prefix, calls_for


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch, request):
    """The fakes answer at once: no need for the second the real check waits after a timeout
    (the end-to-end tests below keep it: the sandbox is still working during it)."""
    if "sandbox" not in request.fixturenames:
        monkeypatch.setattr(writes, "CHECK_DELAY_AFTER_TIMEOUT", 0.0)


@pytest.fixture
def account(db):
    account = CMAccount(name="Fake", account_id=uuid.uuid4(), base_url="http://127.0.0.1:9/v1")
    account.set_token(str(uuid.uuid4()))
    account.save()
    return account


class Fake:
    """A write or a check that counts its calls and answers or raises as told."""

    def __init__(self, answer=None, error=None):
        self.calls = 0
        self.answer = answer
        self.error = error

    def __call__(self, client):
        self.calls += 1
        if self.error is not None:
            raise self.error
        return self.answer


LOST = [
    errors.Timeout("no answer within 10 s", method="POST", path="/x"),
    errors.ConnectionFailed("connection reset", method="POST", path="/x"),
    errors.UpstreamError("bad gateway", method="POST", path="/x", status=502),
    errors.MalformedResponse("truncated", method="POST", path="/x", status=201),
]


@pytest.mark.parametrize("error", LOST, ids=["timeout", "reset", "5xx", "unreadable"])
def test_a_lost_answer_is_checked_and_a_write_that_happened_is_not_offered_again(account, error):
    send, check = Fake(error=error), Fake(answer={"id": "w1"})
    result = upstream.write(account, send, verify=check, what="the webhook")
    assert (send.calls, check.calls) == (1, 1)
    assert result.state == WriteState.DONE_AFTER_CHECK
    assert result.ok
    assert not result.may_resend
    assert result.value == {"id": "w1"}
    assert result.message.endswith("but a check shows the webhook was saved.")


def test_a_5xx_whose_write_did_not_happen_may_be_sent_again(account):
    """A 5xx is an answer: CM.com has finished with the request, so "not there" is final."""
    send, check = Fake(error=LOST[2]), Fake(answer=None)
    result = upstream.write(account, send, verify=check, what="the webhook")
    assert result.state == WriteState.NOT_DONE
    assert result.may_resend
    assert not result.ok
    assert result.message == (
        "CM.com failed on its side (status 502), and a check shows the webhook was not saved — "
        "you can send it again."
    )
    assert send.calls == 1  # sent once: the page offers, the person decides


def test_a_timed_out_write_the_check_does_not_see_yet_is_not_offered_again(account):
    send, check = Fake(error=LOST[0]), Fake(answer=None)
    result = upstream.write(account, send, verify=check, what="the webhook")
    assert result.state == WriteState.UNKNOWN
    assert not result.may_resend
    assert result.message == (
        "CM.com did not answer in time, and a check does not show the webhook yet — CM.com may "
        "still be working on it; look again in a minute before sending it again."
    )


def test_when_the_check_fails_too_the_page_says_to_look_before_sending_again(account):
    send = Fake(error=LOST[0])
    check = Fake(error=errors.Timeout("no answer", method="GET", path="/y"))
    result = upstream.write(account, send, verify=check, what="the webhook")
    assert result.state == WriteState.UNKNOWN
    assert not result.may_resend
    assert "could not check whether the webhook was saved — look before sending it again" in (
        result.message
    )


def test_without_a_check_a_lost_answer_is_unknown(account):
    result = upstream.write(account, Fake(error=LOST[0]))
    assert result.state == WriteState.UNKNOWN
    assert not result.may_resend


def test_a_refusal_is_not_checked_and_says_what_cm_com_said(account):
    send = Fake(error=errors.BadRequest("url must be absolute", status=400))
    check = Fake(answer={"id": "x"})
    result = upstream.write(account, send, verify=check)
    assert result.state == WriteState.REFUSED
    assert check.calls == 0
    assert result.may_resend
    assert result.message == "CM.com refused the request: url must be absolute"
    assert result.audit_outcome == "refused"


def test_a_success_is_not_checked(account):
    send, check = Fake(answer={"id": "w1"}), Fake(answer={"id": "w1"})
    result = upstream.write(account, send, verify=check)
    assert result.state == WriteState.DONE
    assert result.value == {"id": "w1"}
    assert check.calls == 0
    assert result.message == ""


def test_an_open_breaker_sends_nothing_and_says_when_to_try_again(account_a, sandbox):
    for _ in range(5):
        upstream.Breaker(account_a.pk).after("GET", "/x", LOST[2])
    result = upstream.write(account_a, lambda c: c.channels.request(str(uuid.uuid4())))
    assert result.state == WriteState.UNAVAILABLE
    assert result.may_resend
    assert "try again at" in result.message
    assert calls_for(sandbox, account_a) == []


def test_what_may_have_changed_is_dropped_from_the_cache(account):
    upstream.fetch(account, "webhooks.list", Fake(answer=["old"]))
    upstream.fetch(account, "numbers.list", Fake(answer=["kept"]))
    upstream.write(
        account, Fake(error=LOST[0]), verify=Fake(answer={"id": 1}), invalidates=["webhooks"]
    )
    assert upstream.fetch(account, "webhooks.list", Fake(answer=["new"])) == ["new"]
    assert upstream.fetch(account, "numbers.list", Fake(answer=["changed"])) == ["kept"]


def test_a_write_that_surely_did_not_happen_keeps_the_cache(account):
    upstream.fetch(account, "webhooks.list", Fake(answer=["old"]))
    upstream.write(account, Fake(error=LOST[2]), verify=Fake(answer=None), invalidates=["webhooks"])
    assert upstream.fetch(account, "webhooks.list", Fake(answer=["new"])) == ["old"]


def test_the_write_is_audited_with_what_the_check_found(account, admin_user):
    upstream.write(
        account,
        Fake(error=LOST[2]),
        verify=Fake(answer=None),
        what="the webhook",
        audit=upstream.AuditRecord(
            actor=admin_user, action="webhook.add", target="c1", sent={"url": "u"}
        ),
    )
    entry = AuditEntry.objects.get(action="webhook.add")
    assert (entry.outcome, entry.upstream_status, entry.target) == ("failed", 502, "c1")
    assert "a check shows the webhook was not saved" in entry.message
    assert entry.sent == {"url": "u"}


def test_the_outcome_partial_offers_to_send_again_only_when_it_surely_did_not_happen(account):
    lost = upstream.write(account, Fake(error=LOST[0]), verify=Fake(error=LOST[0]))
    not_done = upstream.write(account, Fake(error=LOST[2]), verify=Fake(answer=None))
    unknown_html = render_to_string("partials/write_outcome.html", {"result": lost})
    not_done_html = render_to_string(
        "partials/write_outcome.html", {"result": not_done, "resend_label": "Add it again"}
    )
    assert "could not check" in unknown_html
    assert "Add it again" not in unknown_html
    assert "Add it again" in not_done_html


# --- end to end: the sandbox carries out a write whose answer the dashboard never gets --------


def _whatsapp_type(account):
    with upstream.client_for(account) as client:
        return next(t.id for t in client.channels.list_types() if t.description == "WhatsApp")


def _request_ids(client):
    return {request.id for request in client.channels.list_requests(take=500)}


def test_a_post_that_timed_out_but_happened_is_found_by_the_check_and_sent_once(
    account_a, sandbox, settings
):
    settings.UPSTREAM_TIMEOUT_SECONDS = 1
    type_id = _whatsapp_type(account_a)
    with upstream.client_for(account_a) as client:
        before = _request_ids(client)
    path = f"{api_prefix(account_a)}/channels/requests"
    sandbox.fault("POST", path, delay_ms=1500)  # carried out, but after the client gave up
    sandbox.clear_log()

    result = upstream.write(
        account_a,
        lambda c: c.channels.request(type_id),
        verify=lambda c: (_request_ids(c) - before) or None,
        what="the channel request",
    )

    assert result.state == WriteState.DONE_AFTER_CHECK
    assert len(result.value) == 1
    posts = [e for e in calls_for(sandbox, account_a) if e["method"] == "POST"]
    assert len(posts) == 1


def test_a_post_answered_503_is_sent_once_and_found_not_done(account_a, sandbox):
    type_id = _whatsapp_type(account_a)
    with upstream.client_for(account_a) as client:
        before = _request_ids(client)
    sandbox.fault("POST", f"{api_prefix(account_a)}/channels/requests", status=503)
    sandbox.clear_log()

    result = upstream.write(
        account_a,
        lambda c: c.channels.request(type_id),
        verify=lambda c: (_request_ids(c) - before) or None,
        what="the channel request",
    )

    assert result.state == WriteState.NOT_DONE
    assert result.may_resend
    posts = [e for e in calls_for(sandbox, account_a) if e["method"] == "POST"]
    assert len(posts) == 1
