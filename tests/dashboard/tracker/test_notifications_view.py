"""The bell (/notifications/bell/), the notifications page and "Mark all as read": each person
sees their own notifications, of the accounts they may still see."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.people.models import User
from dashboard.tracker.models import Notification, StatusChange
from tests.dashboard.tracker.factories import item

BELL = reverse("tracker:bell")
NOTIFICATIONS = reverse("tracker:notifications")
MARK_READ = reverse("tracker:mark_read")


def notify(person: User, account: CMAccount, label: str, read: bool = False) -> Notification:
    tracked = item(account, label=label)
    change = StatusChange.objects.create(
        item=tracked,
        from_status="validation_requested",
        to_status="approved",
        at=timezone.now(),
        notifies=True,
    )
    return Notification.objects.create(
        person=person, change=change, read_at=timezone.now() if read else None
    )


def test_the_bell_counts_unread_notifications(
    support_client: Client, support_user: User, account_a: CMAccount
) -> None:
    notify(support_user, account_a, "one")
    notify(support_user, account_a, "two")
    notify(support_user, account_a, "old", read=True)

    fragment = support_client.get(BELL, headers={"HX-Request": "true"}).content.decode()

    assert fragment.lstrip().startswith('<a id="bell"')
    assert '<span class="bell-count">2<span class="visually-hidden"> unread</span>' in fragment


def test_the_bell_comes_counted_with_the_page_and_keeps_polling_without_loading_at_once(
    support_client: Client, support_user: User, account_a: CMAccount
) -> None:
    notify(support_user, account_a, "one")
    page = support_client.get(NOTIFICATIONS).content.decode()
    fragment = support_client.get(BELL, headers={"HX-Request": "true"}).content.decode()

    # Counted on the server: the page's bell says it without JavaScript, and asks no more.
    assert 'class="bell-count">1<span class="visually-hidden"> unread' in page
    assert "load, every 30s" not in page
    assert 'hx-trigger="every 30s, tracker-changed from:body"' in page
    assert 'hx-trigger="every 30s, tracker-changed from:body"' in fragment
    assert f'href="{NOTIFICATIONS}"' in fragment


def test_the_bell_without_htmx_is_a_page_saying_how_many(
    support_client: Client, support_user: User, account_a: CMAccount
) -> None:
    notify(support_user, account_a, "one")

    page = support_client.get(BELL).content.decode()

    assert "You have 1 unread notification." in page


def test_notifications_of_an_account_no_longer_granted_are_not_shown(
    support_client: Client, support_user: User, account_a: CMAccount, account_b: CMAccount
) -> None:
    notify(support_user, account_a, "still_mine · Dutch")
    notify(support_user, account_b, "taken_away · Dutch")

    page = support_client.get(NOTIFICATIONS).content.decode()
    bell = support_client.get(BELL, headers={"HX-Request": "true"}).content.decode()

    assert "still_mine · Dutch" in page
    assert "taken_away" not in page
    assert '<span class="bell-count">1<' in bell


def test_each_person_sees_only_their_own_notifications(
    marketing_client: Client, support_user: User, account_a: CMAccount
) -> None:
    notify(support_user, account_a, "for_sam · Dutch")

    page = marketing_client.get(NOTIFICATIONS).content.decode()

    assert "for_sam" not in page
    assert "No notifications yet." in page


def test_the_page_shows_what_changed(
    support_client: Client, support_user: User, account_a: CMAccount
) -> None:
    notify(support_user, account_a, "order_update · Dutch")

    page = support_client.get(NOTIFICATIONS).content.decode()

    assert "order_update · Dutch: Validation requested → <strong>Approved</strong>" in page
    assert "Mark all 1 as read" in page


def test_mark_all_read_with_htmx_clears_the_list_and_refreshes_the_bell(
    support_client: Client, support_user: User, account_a: CMAccount
) -> None:
    first = notify(support_user, account_a, "one")
    notify(support_user, account_a, "two")

    response = support_client.post(MARK_READ, headers={"HX-Request": "true"})

    assert response.content.decode().lstrip().startswith('<div id="notification-list"')
    assert "Mark all" not in response.content.decode()
    assert "tracker-changed" in json.loads(response.headers["HX-Trigger"])
    first.refresh_from_db()
    assert first.read_at is not None
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_mark_all_read_without_htmx_goes_back_to_the_list(
    support_client: Client, support_user: User, account_a: CMAccount, marketing_user: User
) -> None:
    notify(support_user, account_a, "mine")
    theirs = notify(marketing_user, account_a, "theirs")

    response = support_client.post(MARK_READ)

    assert (response.status_code, response.headers["Location"]) == (302, NOTIFICATIONS)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notifications_are_paged(
    support_client: Client, support_user: User, account_a: CMAccount
) -> None:
    for number in range(27):
        notify(support_user, account_a, f"template_{number:02d} · Dutch")

    first = support_client.get(NOTIFICATIONS).content.decode()
    second = support_client.get(NOTIFICATIONS + "?page=2").content.decode()

    assert "Page 1 of 2" in first
    assert first.count('<li class="notification') == 25
    assert second.count('<li class="notification') == 2
    assert "template_00" in second
