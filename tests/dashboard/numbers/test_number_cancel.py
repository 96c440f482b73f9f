"""Cancelling ownership: the documentation's words, and the person types the number."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry
from tests.dashboard.numbers.helpers import calls, url


def _with_keyword(seed):
    """An owned SMS number that has a keyword claimed on it."""
    claimed = {c.phone_number_id for c in seed["claims"]}
    return next(n for n in seed["owned_sms"] if n.id in claimed)


def test_the_confirmation_says_what_happens_and_asks_for_the_number(
    support_client, account_a, seed, sandbox
):
    number = _with_keyword(seed)
    keywords = [c.keyword for c in seed["claims"] if c.phone_number_id == number.id]
    response = support_client.get(url("cancel", account_a, phone_number_id=number.id))
    page = response.content.decode()
    assert f"Cancel ownership of {number.number}?" in page
    assert "It is blocked at once." in page
    assert "It is billed to the end of the month." in page
    assert "you still pay for the current month" in page
    assert "Type the number to confirm" in page
    for keyword in keywords:
        assert f"<strong>{keyword}</strong>" in page
    # The number and its keywords: two reads, one per resource shown.
    assert len(calls(sandbox, "GET", f"/phonenumbers/{number.id}")) == 1
    (keyword_read,) = calls(sandbox, "GET", "/keywords")
    assert keyword_read["params"]["phoneNumber"] == [number.id]


def test_a_wrong_number_is_refused_at_the_field_with_what_was_typed_and_nothing_is_sent(
    support_client, account_a, seed, sandbox
):
    number = seed["owned"][0]
    response = support_client.post(
        url("cancel_confirm", account_a, phone_number_id=number.id), {"typed_number": "+31 6 1"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"That is not this number: type {number.number} to confirm." in page
    assert 'value="+31 6 1"' in page
    assert calls(sandbox, "DELETE") == []


def test_typing_the_number_in_any_spelling_cancels_it_once(
    support_client, account_a, seed, sandbox
):
    number = seed["owned"][0]
    spaced = "+" + number.number[2:4] + " " + number.number[4:7] + " " + number.number[7:]
    support_client.get(url("list", account_a))  # cached before the cancel
    response = support_client.post(
        url("cancel_confirm", account_a, phone_number_id=number.id), {"typed_number": spaced}
    )
    assert response.status_code == 302
    assert response["Location"] == url("list", account_a)
    (delete,) = calls(sandbox, "DELETE")
    assert delete["path"].endswith(f"/phonenumbers/{number.id}")
    assert delete["status"] == 204
    listing = support_client.get(url("list", account_a)).content.decode()
    assert (
        f"{number.number} is cancelled: it is blocked now, and billed until the end of this month."
        in listing
    )
    assert f">{number.number}</a>" not in listing
    entry = AuditEntry.objects.get(action="number.cancel")
    assert entry.outcome == "ok"
    assert entry.upstream_status == 204
    assert entry.sent["before"]["number"] == number.number


def test_a_shared_number_cannot_be_cancelled(support_client, account_a, seed, sandbox):
    number = seed["shared"][0]
    page = support_client.get(url("cancel", account_a, phone_number_id=number.id)).content
    assert b"This is a shared number: only numbers this account owns can be cancelled." in page
    support_client.post(
        url("cancel_confirm", account_a, phone_number_id=number.id),
        {"typed_number": number.number},
    )
    assert calls(sandbox, "DELETE") == []


def test_a_failed_cancel_shows_in_place_and_keeps_what_was_typed(
    support_client, account_a, seed, sandbox
):
    number = seed["owned"][0]
    sandbox.fault("DELETE", f"/accounts/{account_a.account_id}/phonenumbers/*", status=500)
    response = support_client.post(
        url("cancel_confirm", account_a, phone_number_id=number.id),
        {"typed_number": number.number},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The number was not cancelled." in page
    assert "CM.com failed on its side (status 500)" in page
    assert f'value="{number.number}"' in page


def test_marketing_cannot_cancel_a_number(marketing_client, account_a, seed, sandbox):
    number = seed["owned"][0]
    page = marketing_client.get(url("cancel", account_a, phone_number_id=number.id))
    post = marketing_client.post(
        url("cancel_confirm", account_a, phone_number_id=number.id),
        {"typed_number": number.number},
    )
    assert (page.status_code, post.status_code) == (403, 403)
    assert calls(sandbox) == []


def test_a_number_cancelled_in_english_reads_in_dutch_in_the_trail(
    support_client, admin_client, admin_user, account_a, seed, sandbox
):
    """The support person cancels in English; an admin who reads Dutch reads what was done in
    Dutch on the audit page (the number kept as given)."""
    number = seed["owned"][0]
    support_client.post(
        url("cancel_confirm", account_a, phone_number_id=number.id),
        {"typed_number": number.number},
    )
    entry = AuditEntry.objects.get(action="number.cancel")
    assert entry.message == f"Cancelled ownership of {number.number}"
    admin_user.language = "nl"
    admin_user.save(update_fields=["language"])

    page = admin_client.get("/manage/audit/").content.decode()

    assert f"Eigendom van {number.number} opgezegd" in page
    assert "Cancelled ownership" not in page
