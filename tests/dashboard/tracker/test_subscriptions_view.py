"""E-mail subscriptions (/notifications/subscriptions/): a box per account a person may see and
kind of item; saved and audited; a refused choice is named at the field with the boxes kept."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AuditEntry
from dashboard.people.models import User
from dashboard.tracker.models import Subscription
from dashboard.tracker.statuses import Kind

PAGE = reverse("tracker:subscriptions")
SAVE = reverse("tracker:subscriptions_save")


def value(account: CMAccount, kind: str) -> str:
    return f"{account.account_id}:{kind}"


def test_the_page_offers_only_the_accounts_a_person_may_see(
    marketing_client: Client, account_a: CMAccount, account_b: CMAccount
) -> None:
    page = marketing_client.get(PAGE).content.decode()

    assert f'value="{value(account_a, Kind.TEMPLATE)}"' in page
    assert str(account_b.account_id) not in page
    assert 'aria-label="Account A: WhatsApp templates"' in page


def test_saving_subscribes_and_unsubscribes_and_is_audited(
    marketing_client: Client, marketing_user: User, account_a: CMAccount
) -> None:
    Subscription.objects.create(person=marketing_user, account=account_a, kind=Kind.PROFILE)

    response = marketing_client.post(
        SAVE,
        {
            "subscriptions": [
                value(account_a, Kind.TEMPLATE),
                value(account_a, Kind.CHANNEL_REQUEST),
            ]
        },
    )

    assert (response.status_code, response.headers["Location"]) == (302, PAGE)
    assert set(
        Subscription.objects.filter(person=marketing_user).values_list("kind", flat=True)
    ) == {Kind.TEMPLATE, Kind.CHANNEL_REQUEST}
    entry = AuditEntry.objects.get(action="tracker.subscriptions_update")
    assert entry.message == "2 added, 1 removed"
    page = marketing_client.get(PAGE).content.decode()
    assert "Subscriptions saved (2 added, 1 removed)." in page
    assert f'value="{value(account_a, Kind.TEMPLATE)}" id="sub-1-3" aria-label' in page
    checked = page.split(f'value="{value(account_a, Kind.TEMPLATE)}"')[1].split(">")[0]
    assert "checked" in checked


def test_an_account_not_granted_is_refused_at_the_field_and_the_boxes_stay_ticked(
    support_client: Client, support_user: User, account_a: CMAccount, account_b: CMAccount
) -> None:
    response = support_client.post(
        SAVE,
        {"subscriptions": [value(account_a, Kind.NUMBER_REQUEST), value(account_b, Kind.TEMPLATE)]},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 400
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<form id="subscriptions-form"')
    assert (
        f"{account_b.account_id}:template is not an account and kind you can subscribe to."
        in fragment
    )
    ticked = fragment.split(f'value="{value(account_a, Kind.NUMBER_REQUEST)}"')[1].split(">")[0]
    assert "checked" in ticked
    assert 'aria-describedby="subscriptions-errors"' in ticked
    assert not Subscription.objects.exists()


def test_a_person_without_an_email_address_is_told_no_mail_can_reach_them(
    support_client: Client, account_a: CMAccount
) -> None:
    page = support_client.get(PAGE).content.decode()

    assert "You have no e-mail address" in page
