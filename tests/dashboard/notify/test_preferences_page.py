"""/me/notifications/: each person sets their own notification preferences (issue 18): the
role's defaults until they save, urgent events never in the digest, every save audited."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from dashboard.audit.models import AuditEntry
from dashboard.notify import selectors
from dashboard.notify.models import Event, How, NotificationChoice, NotificationSettings
from dashboard.people.models import User

pytestmark = pytest.mark.django_db

PAGE = reverse("notify:preferences")
SAVE = reverse("notify:preferences_save")


def _form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {f"event_{event.value}": How.IN_APP.value for event in Event}
    data |= {"every_account": "on", "digest_hour": "7"}
    data |= changes
    return {key: value for key, value in data.items() if value is not None}


def _selected(page: str, event: Event) -> str:
    """The value selected in an event's <select>, read from the page."""
    start = page.index(f'name="event_{event.value}"')
    select = page[start : page.index("</select>", start)]
    found = re.search(r'<option value="([a-z_]+)" selected>', select)
    assert found, f"nothing selected for {event}"
    return found.group(1)


def test_a_support_person_starts_with_urgent_events_emailed_at_once(
    support_client: Any,
) -> None:
    page = support_client.get(PAGE).content.decode()

    assert _selected(page, Event.ACTION_REQUIRED) == How.EMAIL
    assert _selected(page, Event.BROKEN_TOKEN) == How.EMAIL
    assert _selected(page, Event.APPROVED) == How.IN_APP


def test_marketing_hears_of_verdicts_by_email_and_admins_read_the_rest_in_the_digest(
    marketing_user: User, admin_user: User
) -> None:
    marketing = selectors.choices_of(marketing_user)
    admin = selectors.choices_of(admin_user)

    assert (marketing[Event.APPROVED], marketing[Event.REJECTED]) == (How.EMAIL, How.EMAIL)
    assert admin[Event.BROKEN_TOKEN] == How.EMAIL
    assert admin[Event.REVIEW_WAITING] == How.DIGEST
    assert admin[Event.ACTION_REQUIRED] == How.IN_APP  # urgent: never the digest


def test_the_form_does_not_offer_the_digest_for_urgent_events_and_says_why(
    support_client: Any,
) -> None:
    page = support_client.get(PAGE).content.decode()

    broken = page[page.index('name="event_broken_token"') :]
    broken = broken[: broken.index("</select>")]
    approved = page[page.index('name="event_approved"') :]
    approved = approved[: approved.index("</select>")]
    assert 'value="digest"' not in broken
    assert 'value="digest"' in approved
    assert "never saved for the digest" in page


def test_putting_an_urgent_event_in_the_digest_is_refused_and_the_choices_are_kept(
    support_client: Any, support_user: User
) -> None:
    response = support_client.post(
        SAVE, _form(event_broken_token="digest", event_approved="off", digest_hour="18")
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Broken token is urgent: choose the app or e-mail at once, never the digest." in page
    assert _selected(page, Event.APPROVED) == How.OFF
    assert not NotificationChoice.objects.filter(person=support_user).exists()


def test_saving_stores_the_choices_and_is_audited(
    support_client: Any, support_user: User, account_a: Any
) -> None:
    response = support_client.post(
        SAVE,
        _form(
            event_approved="digest",
            event_rejected="off",
            every_account=None,
            accounts=[account_a.pk],
            digest_hour="18",
        ),
    )

    assert response.status_code == 302
    choices = selectors.choices_of(support_user)
    assert (choices[Event.APPROVED], choices[Event.REJECTED]) == (How.DIGEST, How.OFF)
    found = NotificationSettings.objects.get(person=support_user)
    assert (found.every_account, found.digest_hour) == (False, 18)
    assert list(found.accounts.all()) == [account_a]
    entry = AuditEntry.objects.get(action="notify.preferences_update")
    assert entry.actor == support_user
    assert entry.sent["choices"]["approved"] == "digest"
    assert entry.sent["accounts"] == [str(account_a.account_id)]
    assert entry.sent["digest_hour_utc"] == 18


def test_a_person_may_only_pick_accounts_they_may_see(support_client: Any, account_b: Any) -> None:
    response = support_client.post(SAVE, _form(every_account=None, accounts=[account_b.pk]))

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_hour_is_said_to_be_utc(support_client: Any) -> None:
    page = support_client.get(PAGE).content.decode()

    assert "Send the daily digest at (UTC)" in page
    assert "07:00 UTC" in page
