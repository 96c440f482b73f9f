"""One tracked item's page (GET /a/<uuid>/tracked/<id>/): what it is, when it was last read
from CM.com ("checked 3 min ago", the exact moment in the <time>'s title), its history and a
"Check now" button; for anyone who may browse the account, 404 for other accounts' items."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.core.freshness import ago, exact
from dashboard.tracker import services
from dashboard.tracker.models import StatusChange, TrackedItem
from dashboard.tracker.statuses import Kind
from tests.dashboard.tracker.factories import observation


def page_url(item: TrackedItem) -> str:
    return reverse("tracker:item", args=[item.account.account_id, item.pk])


def stored(account: CMAccount, minutes_ago: int = 3, **changes: Any) -> TrackedItem:
    """A template language the tracker stored, last read ``minutes_ago`` minutes ago."""
    seen = timezone.now() - timedelta(minutes=minutes_ago)
    services.item_observe(
        account=account, observation=observation(**changes), seen_at=seen - timedelta(hours=1)
    )
    item = TrackedItem.objects.get(account=account)
    TrackedItem.objects.filter(pk=item.pk).update(last_seen=seen)
    item.refresh_from_db()
    return item


@pytest.mark.usefixtures("still_clock")
def test_the_page_says_when_the_item_was_checked_with_the_exact_moment_in_its_title(
    support_client: Client, account_a: CMAccount
) -> None:
    item = stored(account_a, minutes_ago=3)

    page = support_client.get(page_url(item)).content.decode()

    assert item.label in page
    expected = (
        f'checked <time datetime="{item.last_seen.isoformat()}" '
        f'title="{exact(item.last_seen)}">{ago(item.last_seen)}</time>'
    )
    assert expected in page
    assert "Check now" in page


def test_the_page_lists_the_items_history(support_client: Client, account_a: CMAccount) -> None:
    item = stored(account_a, status="validation_requested")
    services.item_observe(
        account=account_a, observation=observation(status="approved"), seen_at=timezone.now()
    )

    page = support_client.get(page_url(item)).content.decode()

    assert StatusChange.objects.filter(item=item).count() == 1
    assert "Validation requested → Approved" in page


@pytest.mark.parametrize("client_name", ["admin_client", "support_client", "marketing_client"])
def test_everyone_who_may_browse_the_account_sees_the_item(
    client_name: str, request: pytest.FixtureRequest, account_a: CMAccount
) -> None:
    item = stored(account_a)

    assert request.getfixturevalue(client_name).get(page_url(item)).status_code == 200


def test_someone_not_granted_the_account_gets_404(
    outsider_client: Client, account_a: CMAccount
) -> None:
    assert outsider_client.get(page_url(stored(account_a))).status_code == 404


def test_an_item_of_another_account_is_not_found_under_this_one(
    admin_client: Client, account_a: CMAccount, account_b: CMAccount
) -> None:
    theirs = stored(account_b)

    url = reverse("tracker:item", args=[account_a.account_id, theirs.pk])

    assert admin_client.get(url).status_code == 404


def test_with_htmx_the_page_answers_with_the_check_fragment(
    support_client: Client, account_a: CMAccount
) -> None:
    item = stored(account_a)

    body = support_client.get(page_url(item), headers={"HX-Request": "true"}).content.decode()

    assert body.lstrip().startswith(f'<div id="check-{item.pk}"')
    assert item.kind == Kind.TEMPLATE


def test_each_notification_leads_to_its_items_page(
    support_client: Client, account_a: CMAccount
) -> None:
    item = stored(account_a, status="validation_requested")
    services.item_observe(
        account=account_a, observation=observation(status="approved"), seen_at=timezone.now()
    )

    page = support_client.get(reverse("tracker:notifications")).content.decode()

    assert f'href="{page_url(item)}">History and Check now' in page
