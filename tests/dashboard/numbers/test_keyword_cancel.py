"""Cancelling a keyword claim: the documentation's words, then one DELETE."""

from __future__ import annotations

from dashboard.audit.models import AuditEntry
from tests.dashboard.numbers.helpers import calls, url


def _claim(seed, keyword: str):
    return next(c for c in seed["claims"] if c.keyword == keyword)


def test_the_confirmation_says_it_is_blocked_at_once_and_billed_to_the_end_of_the_month(
    support_client, account_a, seed, sandbox
):
    claim = _claim(seed, "TULIP")
    page = support_client.get(
        url("keyword_cancel", account_a, keyword_claim_id=claim.id)
    ).content.decode()
    assert "Cancel the keyword TULIP on 3010?" in page
    assert "It is blocked at once." in page
    assert "CM.com blocks it right away and does not wait for the end of your monthly" in page
    assert "It is billed to the end of the month." in page
    assert calls(sandbox, "DELETE") == []


def test_confirming_cancels_the_claim_once_and_the_list_no_longer_shows_it(
    support_client, account_a, seed, sandbox
):
    claim = _claim(seed, "TULIP")
    support_client.get(url("keywords", account_a))  # cached before the cancel
    response = support_client.post(
        url("keyword_cancel_confirm", account_a, keyword_claim_id=claim.id), {"keyword": "TULIP"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("keywords", account_a)
    (delete,) = calls(sandbox, "DELETE")
    assert delete["path"].endswith(f"/keywords/{claim.id}")
    listing = support_client.get(url("keywords", account_a)).content.decode()
    assert (
        "TULIP on 3010 is cancelled: it is blocked now, and billed until the end of this month."
        in listing
    )
    assert ">TULIP<span" not in listing
    entry = AuditEntry.objects.get(action="keyword_claim.cancel")
    assert (entry.outcome, entry.upstream_status) == ("ok", 204)
    assert entry.sent["before"]["keyword"] == "TULIP"


def test_a_post_without_the_pages_confirmation_sends_nothing(
    support_client, account_a, seed, sandbox
):
    claim = _claim(seed, "TULIP")
    response = support_client.post(
        url("keyword_cancel_confirm", account_a, keyword_claim_id=claim.id), {"keyword": "WIN"}
    )
    assert response.status_code == 200
    assert b"Confirm with the button on this page to cancel the claim." in response.content
    assert calls(sandbox, "DELETE") == []


def test_a_failed_cancel_shows_in_place(support_client, account_a, seed, sandbox):
    claim = _claim(seed, "TULIP")
    sandbox.fault("DELETE", f"/accounts/{account_a.account_id}/keywords/*", status=503, count=10)
    response = support_client.post(
        url("keyword_cancel_confirm", account_a, keyword_claim_id=claim.id), {"keyword": "TULIP"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The claim was not cancelled." in page
    assert "CM.com failed on its side (status 503)" in page
    entry = AuditEntry.objects.get(action="keyword_claim.cancel")
    assert (entry.outcome, entry.upstream_status) == ("refused", 503)


def test_marketing_cannot_cancel_a_claim(marketing_client, account_a, seed, sandbox):
    claim = _claim(seed, "TULIP")
    page = marketing_client.get(url("keyword_cancel", account_a, keyword_claim_id=claim.id))
    post = marketing_client.post(
        url("keyword_cancel_confirm", account_a, keyword_claim_id=claim.id), {"keyword": "TULIP"}
    )
    assert (page.status_code, post.status_code) == (403, 403)
    assert calls(sandbox) == []
