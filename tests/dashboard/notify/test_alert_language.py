"""An alert is read in the reader's language (issue 18): the poller that finds a broken token
runs on a worker, in English, so the alert keeps its sentence's key and parts, and the bell's
list and each recipient's e-mail say it in the reader's language. Alerts stored before parts
are shown as stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dashboard.accounts.models import CMAccount
from dashboard.notify import services as notify_services
from dashboard.notify.models import Alert, AlertNotification, Event
from dashboard.people.models import User
from dashboard.tracker import services
from dashboard.tracker.tasks import poll_account
from tests.dashboard.security.faults import plain, text_of
from tests.dashboard.tracker.conftest import Finished

NOTIFICATIONS = reverse("tracker:notifications")
REFUSED = "00000000-0000-4000-8000-000000000000"
TOKEN_REFUSED_EN = "CM.com refused this account's product token — an admin should update it."
TOKEN_REFUSED_NL = (
    "CM.com weigerde het producttoken van dit account — een beheerder moet het bijwerken."
)
OLDER = "Written by an older version."


def _reads(person: User, language: str, email: str = "") -> User:
    person.language = language
    person.email = email or person.email
    person.save(update_fields=["language", "email"])
    return person


def _refuse_token(account: CMAccount) -> None:
    account.set_token(REFUSED)
    account.save()


@pytest.mark.celery
def test_a_broken_token_found_by_a_poll_on_a_worker_is_emailed_to_a_dutch_recipient_in_dutch(
    celery_worker: Finished,
    sandbox: Any,
    account_a: CMAccount,
    support_user: User,
    admin_user: User,
) -> None:
    # Both choose a broken token by e-mail at once (their role's default).
    _reads(support_user, "nl", "sam@example.com")
    _reads(admin_user, "en", "ada@example.com")
    _refuse_token(account_a)

    poll_account.delay(account_a.pk, "beat:1")
    celery_worker.wait("tracker.poll_account", 1)
    celery_worker.wait("notify.email_alert", 1)

    (alert,) = Alert.objects.all()
    assert alert.text == TOKEN_REFUSED_EN  # said on the worker, in English
    by_person = {message.to[0]: message for message in mail.outbox}
    dutch, english = by_person["sam@example.com"], by_person["ada@example.com"]
    assert TOKEN_REFUSED_NL in dutch.body
    assert TOKEN_REFUSED_EN not in dutch.body
    assert dutch.subject.startswith("Account A: Ongeldig token")
    assert TOKEN_REFUSED_EN in english.body


@pytest.mark.django_db
def test_a_broken_token_raised_by_an_english_poll_reads_in_dutch_under_the_bell(
    support_client: Client, support_user: User, account_a: CMAccount, sandbox: Any
) -> None:
    _refuse_token(account_a)
    with translation.override("en"):
        services.account_poll(account=account_a, run_key="beat:1")
    _reads(support_user, "nl")

    page = plain(text_of(support_client.get(NOTIFICATIONS)))

    assert TOKEN_REFUSED_NL in page
    assert "refused this account" not in page


@pytest.mark.django_db
def test_an_alert_stored_before_parts_still_shows_its_text_under_the_bell_and_by_email(
    support_client: Client, support_user: User, account_a: CMAccount, sandbox: Any
) -> None:
    _reads(support_user, "nl", "sam@example.com")
    alert = Alert.objects.create(account=account_a, event=Event.BROKEN_TOKEN, text=OLDER)
    AlertNotification.objects.create(person=support_user, alert=alert)

    page = plain(text_of(support_client.get(NOTIFICATIONS)))
    sent = notify_services.alert_email_send(alert_id=alert.pk)

    assert OLDER in page
    assert sent == 1
    (message,) = mail.outbox
    assert OLDER in message.body


@pytest.mark.django_db
def test_words_nobody_worded_are_kept_as_given(account_a: CMAccount, sandbox: Any) -> None:
    """CM.com's own words (a plain string) are stored and shown as they came."""
    alert = notify_services.alert_raise(
        account=account_a, event=Event.BROKEN_TOKEN, text="Token revoked by CM.com."
    )

    with translation.override("nl"):
        shown = Alert.objects.get(pk=alert.pk).display_text

    assert shown == "Token revoked by CM.com."
    assert alert.text_parts == {}
