"""A keyword claim and its verification: the issues CM.com reports, in words."""

from __future__ import annotations

from tests.dashboard.numbers.helpers import calls, url


def _claim(seed, keyword: str):
    return next(c for c in seed["claims"] if c.keyword == keyword)


def test_the_issues_the_api_reports_are_listed_in_words(marketing_client, account_a, seed, sandbox):
    claim = _claim(seed, "INFO")
    page = marketing_client.get(
        url("keyword_detail", account_a, keyword_claim_id=claim.id)
    ).content.decode()
    assert "CM.com reports 1 issue with this claim:" in page
    assert "INFO is a reserved keyword: operators answer it themselves" in page
    # The claim and its verification: one read each.
    assert len(calls(sandbox, "GET", f"/keywords/{claim.id}")) == 1
    assert len(calls(sandbox, "GET", f"/keywords/{claim.id}/verify")) == 1


def test_a_claim_without_issues_says_it_is_fine(marketing_client, account_a, seed):
    claim = _claim(seed, "TULIP")
    page = marketing_client.get(
        url("keyword_detail", account_a, keyword_claim_id=claim.id)
    ).content.decode()
    assert "No issues" in page
    assert "CM.com finds nothing wrong with this claim." in page
    assert "EUR 50.00" in page
    assert "EUR 25.00" in page


def test_a_failed_verification_shows_in_place_and_is_retried_alone(
    marketing_client, account_a, seed, sandbox
):
    claim = _claim(seed, "WIN")
    detail = url("keyword_detail", account_a, keyword_claim_id=claim.id)
    sandbox.fault(
        "GET", f"/accounts/{account_a.account_id}/keywords/{claim.id}/verify", status=502, count=10
    )
    page = marketing_client.get(detail).content.decode()
    assert '<h1 id="claim-title">WIN</h1>' in page
    assert "The verification could not be loaded from CM.com." in page
    assert f'hx-get="{detail}?part=verify"' in page
    sandbox.clear_faults()
    sandbox.clear_log()
    retry = marketing_client.get(detail, {"part": "verify"}, headers={"HX-Request": "true"})
    body = retry.content.decode()
    assert body.lstrip().startswith('<section id="claim-verify"')
    assert "CM.com finds nothing wrong with this claim." in body
    assert [c["path"].rsplit("/", 1)[-1] for c in calls(sandbox)] == ["verify"]


def test_support_may_cancel_a_claim_and_marketing_may_not(
    support_client, marketing_client, account_a, seed
):
    claim = _claim(seed, "WIN")
    detail = url("keyword_detail", account_a, keyword_claim_id=claim.id)
    cancel = url("keyword_cancel", account_a, keyword_claim_id=claim.id).encode()
    assert cancel in support_client.get(detail).content
    assert cancel not in marketing_client.get(detail).content
