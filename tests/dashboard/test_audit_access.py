"""The sign-ins and refusals page says why each event happened in the reader's language
(issue 18): a detail the dashboard worded is kept as its parts and said when read; one
stored before, as stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from dashboard import audit
from dashboard.audit.models import AccessEvent, AccessKind
from dashboard.audit.wording import say
from dashboard.people.models import User

pytestmark = pytest.mark.django_db


def _reads_dutch(person: User) -> None:
    person.language = "nl"
    person.save(update_fields=["language"])


def _access_page(client: Any) -> str:
    return client.get(reverse("audit:access")).content.decode()


def test_a_lockout_recorded_in_english_reads_in_dutch_on_the_access_page(
    client: Any, support_user: User, admin_client: Any, admin_user: User, settings: Any
) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(
            "/login/",
            {"username": "sam", "password": f"guess-{attempt}"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    lockouts = AccessEvent.objects.filter(kind=AccessKind.LOCKED_OUT)
    assert {lockout.detail for lockout in lockouts} == {"too many failed logins"}
    assert AccessEvent.objects.filter(detail="while locked out").exists()
    _reads_dutch(admin_user)

    page = _access_page(admin_client)

    assert "<td>te veel mislukte inlogpogingen</td>" in page
    assert "<td>terwijl geblokkeerd</td>" in page
    assert "too many failed logins" not in page
    assert "while locked out" not in page


def test_a_refusal_recorded_in_english_names_the_account_as_given_in_dutch(
    support_client: Any, account_b: Any, admin_client: Any, admin_user: User
) -> None:
    with translation.override("en"):
        support_client.get(f"/a/{account_b.account_id}/", HTTP_ACCEPT_LANGUAGE="en")
    _reads_dutch(admin_user)

    page = _access_page(admin_client)

    assert f"<td>account {account_b.account_id} niet aan hen toegekend</td>" in page


def test_old_access_events_keep_their_text_for_a_dutch_reader(
    admin_client: Any, admin_user: User
) -> None:
    """A row written before details kept their parts, and words given as they are, read as
    stored, whoever reads them."""
    AccessEvent.objects.create(
        kind=AccessKind.LOCKED_OUT, username="old", detail="too many failed logins"
    )
    given = audit.record_access(kind=AccessKind.FORBIDDEN, detail="a reason as given")
    assert given.detail_parts is None
    _reads_dutch(admin_user)

    page = _access_page(admin_client)

    assert "<td>too many failed logins</td>" in page
    assert "<td>a reason as given</td>" in page


def test_a_detail_said_in_english_is_stored_with_its_parts_and_its_words(db: Any) -> None:
    with translation.override("en"):
        event = audit.record_access(
            kind=AccessKind.LOGIN_FAILED,
            detail=say("company_login", reason=say("provider_answered", error="login_required")),
        )

    assert event.detail == "company login: the provider answered login_required"
    assert event.detail_parts == {
        "msg": "access.company_login",
        "reason": {"msg": "access.provider_answered", "error": "login_required"},
    }
    with translation.override("nl"):
        assert event.display_detail == "bedrijfslogin: de provider antwoordde login_required"


def test_a_wrong_password_while_replacing_a_token_reads_in_dutch_with_the_account_as_given(
    admin_client: Any, admin_user: User, account_a: Any
) -> None:
    admin_client.post(
        f"/manage/accounts/{account_a.account_id}/",
        {
            "name": account_a.name,
            "account_id": str(account_a.account_id),
            "token": "5f4e3d2c-1b0a-4987-8654-3210fedcba98",
            "base_url": account_a.base_url,
            "current_password": "not-my-password",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    refused = AccessEvent.objects.get(kind=AccessKind.REAUTH_FAILED)
    assert refused.detail == f"replacing the token of account {account_a.account_id}"
    _reads_dutch(admin_user)

    page = _access_page(admin_client)

    assert f"<td>het token van account {account_a.account_id} vervangen</td>" in page
