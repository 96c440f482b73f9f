"""The review board (per account and across the accounts a person sees): waiting reviews
with their age, paged, and recent decisions; and the policy page where an admin switches
review on per kind (off by default)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from dashboard.audit.models import AuditEntry
from dashboard.reviews import selectors, services
from dashboard.reviews.models import Review, ReviewKind, ReviewPolicy, ReviewState


def _review(account, target, **extra):
    return Review.objects.create(
        account=account,
        kind=ReviewKind.TEMPLATE_VALIDATION,
        target=target,
        label=f"Template {target}",
        payload={},
        **extra,
    )


def test_review_is_off_until_an_admin_switches_it_on(account_a):
    for kind in ReviewKind:
        assert services.review_required(account=account_a, kind=kind) is False


def test_an_admin_switches_review_on_per_kind_and_it_is_audited(
    admin_client, admin_user, account_a
):
    url = reverse("reviews:policy", args=[account_a.account_id])
    page = admin_client.get(url).content.decode()
    assert "Requesting template validation" in page
    response = admin_client.post(url, {"template_validation": "on", "keyword_claim": "on"})
    assert response.status_code == 302
    policy = ReviewPolicy.objects.get(account=account_a)
    assert (policy.template_validation, policy.channel_request) == (True, False)
    assert (policy.number_request, policy.keyword_claim) == (False, True)
    assert services.review_required(account=account_a, kind=ReviewKind.KEYWORD_CLAIM)
    entry = AuditEntry.objects.get(action="review.policy_update")
    assert entry.actor == admin_user
    assert entry.sent["after"]["template_validation"] is True
    assert entry.sent["before"]["template_validation"] is False


def test_only_admins_see_the_policy(marketing_client, account_a):
    url = reverse("reviews:policy", args=[account_a.account_id])
    assert marketing_client.get(url).status_code == 403
    assert marketing_client.post(url, {"template_validation": "on"}).status_code == 403
    assert not ReviewPolicy.objects.exists()


def test_the_board_shows_waiting_reviews_with_their_age(marketing_client, account_a, still_clock):
    _review(account_a, "spring_sale", created_at=timezone.now() - timedelta(hours=3))
    url = reverse("reviews:account_board", args=[account_a.account_id])
    page = marketing_client.get(url).content.decode()
    assert "Template spring_sale" in page
    assert "waiting 3\xa0hours" in page


def test_the_board_lists_recent_decisions_apart(marketing_user, account_a):
    _review(account_a, "old", state=ReviewState.SENT_BACK, decided_at=timezone.now())
    board = selectors.board(marketing_user, [account_a], {}, account=account_a)
    assert board.rows == []
    assert [row.review.label for row in board.decided] == ["Template old"]


def test_the_board_across_accounts_shows_only_the_accounts_a_person_sees(
    marketing_client, admin_client, account_a, account_b
):
    _review(account_a, "in_a")
    _review(account_b, "in_b")
    mine = marketing_client.get(reverse("reviews:board")).content.decode()
    assert "Template in_a" in mine
    assert "Template in_b" not in mine
    everything = admin_client.get(reverse("reviews:board")).content.decode()
    assert "Template in_a" in everything
    assert "Template in_b" in everything


def test_the_board_is_paged_oldest_first(marketing_client, account_a):
    now = timezone.now()
    for n in range(selectors.BOARD_PAGE_SIZE + 2):
        _review(account_a, f"t{n:03}", created_at=now - timedelta(minutes=100 - n))
    url = reverse("reviews:account_board", args=[account_a.account_id])
    first = marketing_client.get(url).content.decode()
    assert "Template t000" in first
    assert f"Template t{selectors.BOARD_PAGE_SIZE:03}" not in first
    assert "page=2" in first
    second = marketing_client.get(url + "?page=2", headers={"HX-Request": "true"})
    assert f"Template t{selectors.BOARD_PAGE_SIZE:03}" in second.content.decode()
    assert "<html" not in second.content.decode()
