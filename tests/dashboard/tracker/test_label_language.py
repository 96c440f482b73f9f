"""Labels and details the poller words itself ("WhatsApp channel request") are shown in the reader's
language (issue 18): the poll runs in English, in Celery, so it stores CM.com's part and the
phrase, and the words are put together where a person reads them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from dashboard.accounts.models import CMAccount
from dashboard.people.models import User
from dashboard.tracker import services
from dashboard.tracker.models import Notification, TrackedItem
from dashboard.tracker.statuses import Kind
from tests.dashboard_fixtures import logged_in

pytestmark = pytest.mark.django_db


def poll(account: CMAccount, run_key: str) -> None:
    """One poll, in English, as the Celery worker runs it."""
    with translation.override("en"):
        services.account_poll(account=account, run_key=run_key)


@pytest.fixture
def dutch(support_user: User) -> User:
    """Sam, who reads the dashboard in Dutch (and may see account A)."""
    support_user.language = "nl"
    support_user.save(update_fields=["language"])
    return support_user


def test_a_dutch_reader_sees_a_polled_channel_request_labelled_in_dutch_on_the_board(
    account_a: CMAccount, sandbox: Any, dutch: User
) -> None:
    poll(account_a, "manual:1")

    page = logged_in(dutch).get(reverse("tracker:account_board", args=[account_a.account_id]))

    text = page.content.decode()
    assert "WhatsApp-kanaalaanvraag" in text
    assert "WhatsApp-bedrijfsaccount" in text
    assert "channel request" not in text
    assert "business account" not in text


def test_an_english_reader_sees_the_same_item_in_english(
    account_a: CMAccount, sandbox: Any, marketing_user: User
) -> None:
    poll(account_a, "manual:1")

    page = logged_in(marketing_user).get(
        reverse("tracker:account_board", args=[account_a.account_id])
    )

    assert "WhatsApp channel request" in page.content.decode()


def test_a_dutch_reader_is_notified_of_a_fulfilled_request_in_dutch(
    account_a: CMAccount, sandbox: Any, dutch: User
) -> None:
    poll(account_a, "manual:1")
    sandbox.advance(120)  # what account A has pending is done by now
    poll(account_a, "manual:2")
    told = Notification.objects.filter(
        person=dutch, change__item__kind=Kind.CHANNEL_REQUEST
    ).select_related("change__item")
    assert told, "the fulfilled channel request notifies"
    name = told[0].change.item.label  # CM.com's name for the channel type

    page = logged_in(dutch).get(reverse("tracker:notifications"))

    text = page.content.decode()
    assert f"{name}-kanaalaanvraag" in text
    assert "channel request" not in text
    # The detail the poller worded (when it was fulfilled) is said in Dutch too.
    assert told[0].change.detail.startswith("Fulfilled ")
    assert "Afgehandeld op " in text
    assert "Fulfilled" not in text


def test_labels_stored_in_english_before_are_shown_in_dutch_after_the_migration(
    account_a: CMAccount,
) -> None:
    """Rows the poller wrote before the change held the English sentence; the data migration
    keeps CM.com's part and the phrase."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("dashboard.tracker.migrations.0003_compose_labels_where_shown")
    now = "2026-03-02T10:00:00Z"
    made = {
        label: TrackedItem.objects.create(
            account=account_a,
            kind=kind,
            upstream_id=label,
            label=label,
            status="pending",
            first_seen=now,
            last_seen=now,
            last_change=now,
        )
        for kind, label in [
            (Kind.CHANNEL_REQUEST, "SMS channel request"),
            (Kind.CHANNEL_REQUEST, "Channel channel request"),
            (Kind.BUSINESS_ACCOUNT, "WhatsApp business account"),
            (Kind.NUMBER_REQUEST, "Phone number (NL)"),
            (Kind.NUMBER_REQUEST, "A Dutch mobile number (NL)"),
        ]
    }

    migration.forwards(apps, None)

    with translation.override("nl"):
        shown = {
            label: TrackedItem.objects.get(pk=item.pk).display_label for label, item in made.items()
        }
    assert shown == {
        "SMS channel request": "SMS-kanaalaanvraag",
        "Channel channel request": "Kanaalaanvraag",
        "WhatsApp business account": "WhatsApp-bedrijfsaccount",
        "Phone number (NL)": "Telefoonnummer (NL)",
        "A Dutch mobile number (NL)": "A Dutch mobile number (NL)",  # CM.com's own words
    }
