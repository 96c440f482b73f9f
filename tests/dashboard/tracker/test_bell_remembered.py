"""The bell's count is remembered per person (``notify.bell``) and still right at once: a page
after the first asks the database nothing for it, and whatever changes the count (a poll's
change, an alert, reading them, an account taken away) shows on the very next bell."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.notify import bell
from dashboard.notify import services as notify_services
from dashboard.notify.models import Event
from dashboard.people.models import Role, User
from dashboard.tracker import services
from tests.dashboard.tracker.factories import observation
from tests.dashboard.tracker.test_notifications_view import notify

BELL = reverse("tracker:bell")
HX = {"HX-Request": "true"}


def _count(client: Client) -> str:
    """The number the bell shows ("" for none)."""
    fragment = client.get(BELL, headers=HX).content.decode()
    if 'class="bell-count">' not in fragment:
        return ""
    return fragment.split('class="bell-count">', 1)[1].split("<", 1)[0]


def test_a_second_page_shows_the_count_without_counting_again(
    support_client: Client, support_user: User, account_a: CMAccount, monkeypatch: Any
) -> None:
    # As once the few seconds after a new notification (counted on every page) have passed.
    monkeypatch.setattr(bell, "RECOUNT_SECONDS", 0)
    notify(support_user, account_a, "one")
    url = reverse("overview:account", args=[account_a.account_id])
    support_client.get(url)

    with CaptureQueriesContext(connection) as captured:
        page = support_client.get(url).content.decode()

    assert 'class="bell-count">1<' in page
    assert not [q for q in captured.captured_queries if "tracker_notification" in q["sql"]]


def test_a_change_a_poll_records_shows_under_the_bell_at_once(
    support_client: Client, account_a: CMAccount
) -> None:
    assert _count(support_client) == ""  # counted, and remembered
    now = timezone.now()
    for minutes, status in ((0, "validation_requested"), (1, "approved")):
        services.item_observe(
            account=account_a,
            observation=observation(status=status),
            seen_at=now + timedelta(minutes=minutes),
        )

    assert _count(support_client) == "1"


def test_a_broken_token_alert_shows_under_the_bell_at_once(
    support_client: Client, account_a: CMAccount
) -> None:
    assert _count(support_client) == ""
    notify_services.alert_raise(account=account_a, event=Event.BROKEN_TOKEN, text="Refused.")

    assert _count(support_client) == "1"


def test_mark_all_read_empties_the_bell_at_once(
    support_client: Client, support_user: User, account_a: CMAccount
) -> None:
    notify(support_user, account_a, "one")
    assert _count(support_client) == "1"

    support_client.post(reverse("tracker:mark_read"))

    assert _count(support_client) == ""


def test_an_account_taken_away_leaves_the_bell_at_once(
    support_client: Client, support_user: User, account_a: CMAccount
) -> None:
    notify(support_user, account_a, "one")
    assert _count(support_client) == "1"

    account_a.users.remove(support_user)

    assert _count(support_client) == ""


def test_an_account_removed_leaves_every_bell_at_once(
    admin_client: Client, admin_user: User, account_a: CMAccount
) -> None:
    notify(admin_user, account_a, "one")
    assert _count(admin_client) == "1"

    account_a.delete()

    assert _count(admin_client) == ""


def test_a_page_right_after_logging_in_again_shows_the_remembered_count(
    support_client: Client, support_user: User, account_a: CMAccount, monkeypatch: Any
) -> None:
    # As once the few seconds after a new notification (counted on every page) have passed.
    recount = bell.RECOUNT_SECONDS
    monkeypatch.setattr(bell, "RECOUNT_SECONDS", 0)
    notify(support_user, account_a, "one")
    monkeypatch.setattr(bell, "RECOUNT_SECONDS", recount)
    assert _count(support_client) == "1"  # counted, and remembered
    again = Client()
    again.force_login(support_user)  # saves last_login: no change to what the bell counts

    with CaptureQueriesContext(connection) as captured:
        shown = _count(again)

    assert shown == "1"
    assert not [q for q in captured.captured_queries if "tracker_notification" in q["sql"]]


def test_a_person_made_admin_sees_another_accounts_notification_at_once(
    support_client: Client, support_user: User, account_b: CMAccount
) -> None:
    notify(support_user, account_b, "one")  # an account support was not granted
    assert _count(support_client) == ""

    support_user.role = Role.ADMIN
    support_user.save(update_fields=["role"])

    assert _count(support_client) == "1"


def test_a_new_persons_second_page_shows_the_count_without_counting_again(
    outsider: User,
) -> None:
    client = Client()
    client.force_login(outsider)
    assert _count(client) == ""  # counted, and remembered

    with CaptureQueriesContext(connection) as captured:
        assert _count(client) == ""

    assert not [q for q in captured.captured_queries if "tracker_notification" in q["sql"]]
