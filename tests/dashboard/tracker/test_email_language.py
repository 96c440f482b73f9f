"""E-mails are written in the language each person reads (issue 18): the one they chose, else
the site's. One change, mailed to two people, is two e-mails in two languages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from dashboard.people.models import Role
from dashboard.tracker import services
from dashboard.tracker.models import StatusChange, Subscription
from dashboard.tracker.statuses import Kind
from tests.dashboard.tracker.factories import rejected_template_change
from tests.dashboard_fixtures import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def change() -> StatusChange:
    return rejected_template_change()


def subscribe(change: StatusChange, username: str, **extra: Any) -> None:
    person = make_person(username, Role.MARKETING, email=f"{username}@example.com", **extra)
    change.item.account.users.add(person)
    Subscription.objects.create(person=person, account=change.item.account, kind=Kind.TEMPLATE)


def test_each_person_reads_the_change_email_in_their_own_language(change: StatusChange) -> None:
    subscribe(change, "mia")
    subscribe(change, "sem", language="nl")

    assert services.change_email_send(change_id=change.pk) == 2

    by_person = {message.to[0]: message for message in mail.outbox}
    english, dutch = by_person["mia@example.com"], by_person["sem@example.com"]
    assert english.subject == "Acme: order_update · Dutch — Rejected"
    assert "Validation requested → Rejected" in english.body
    assert "Everything pending in Acme:" in english.body
    with translation.override("nl"):  # the catalogue's word for the status, whichever it is
        rejected = gettext("Rejected")
    assert rejected != "Rejected"
    assert dutch.subject == f"Acme: order_update · Dutch — {rejected}"
    assert f"Validatie aangevraagd → {rejected}" in dutch.body
    assert "Alles wat loopt in Acme:" in dutch.body
