""" "Check now" (POST /a/<uuid>/tracked/<id>/check/): without htmx back to the item's page with
the outcome as a message; with htmx the item's check fragment (its root carries the id the
button targets) with the outcome in words, the new history when it moved, and the board's
event. Anyone who may browse the account may press it; other accounts' items are 404."""

from __future__ import annotations

import html
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AuditEntry
from dashboard.tracker import services
from dashboard.tracker.models import StatusChange, TrackedItem
from dashboard.tracker.statuses import Kind
from tests.dashboard.security.faults import (
    READ_FAULTS,
    fast_upstream,  # noqa: F401  (a fixture)
)
from tests.dashboard.security.helpers import api_prefix

HTMX = {"HX-Request": "true"}


@pytest.fixture
def template(account_a: CMAccount, sandbox: Any) -> TrackedItem:
    """A template language waiting for validation, as a poll of account A stored it."""
    services.account_poll(account=account_a, run_key="manual:1")
    sandbox.clear_log()
    return TrackedItem.objects.filter(
        account=account_a, kind=Kind.TEMPLATE, status="validation_requested"
    ).order_by("pk")[0]


def check_url(item: TrackedItem) -> str:
    return reverse("tracker:item_check", args=[item.account.account_id, item.pk])


def page_url(item: TrackedItem) -> str:
    return reverse("tracker:item", args=[item.account.account_id, item.pk])


def test_without_htmx_a_check_goes_back_to_the_page_with_what_it_found(
    support_client: Client, template: TrackedItem
) -> None:
    response = support_client.post(check_url(template))

    assert response.status_code == 302
    assert response.headers["Location"] == page_url(template)
    page = support_client.get(page_url(template)).content.decode()
    assert "Checked with CM.com: still Validation requested." in page


def test_with_htmx_a_change_found_comes_back_in_place_with_its_history_and_the_event(
    marketing_client: Client, template: TrackedItem, sandbox: Any
) -> None:
    sandbox.advance(120)

    response = marketing_client.post(check_url(template), headers=HTMX)

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<div id="check-{template.pk}"')
    template.refresh_from_db()
    assert f"now {template.status_label} (was Validation requested)" in body
    assert 'id="item-history"' in body
    assert 'hx-swap-oob="true"' in body
    assert f"Validation requested → {template.status_label}" in body
    assert "tracker-changed" in json.loads(response.headers["HX-Trigger"])
    assert StatusChange.objects.filter(item=template).count() == 1


def test_pressing_again_within_ten_seconds_says_when_it_can_be_pressed_again(
    support_client: Client, admin_client: Client, template: TrackedItem, sandbox: Any
) -> None:
    support_client.post(check_url(template), headers=HTMX)
    sandbox.clear_log()

    body = admin_client.post(check_url(template), headers=HTMX).content.decode()

    assert "was checked less than 10 seconds ago — you can check it again in " in body
    assert sandbox.log() == []


@pytest.mark.parametrize("name", ["timeout", "503", "429", "403"])
def test_a_failure_of_cm_com_shows_in_place_in_words(
    name: str,
    support_client: Client,
    template: TrackedItem,
    sandbox: Any,
    fast_upstream: None,  # noqa: F811
) -> None:
    meta = template.meta
    path = f"{api_prefix(template.account)}/whatsapp/{meta['request_id']}/templates/"
    fault = READ_FAULTS[name]
    fault.arm(sandbox, "GET", path + str(meta["template_id"]))

    response = support_client.post(check_url(template), headers=HTMX)
    sandbox.settle()

    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert f"{template.label} could not be checked: " in body
    assert any(words in body for words in fault.words())
    assert 'role="alert"' in body


@pytest.mark.parametrize("client_name", ["admin_client", "support_client", "marketing_client"])
def test_anyone_who_may_browse_the_account_may_check_and_it_is_audited(
    client_name: str, request: pytest.FixtureRequest, template: TrackedItem
) -> None:
    client = request.getfixturevalue(client_name)

    assert client.post(check_url(template)).status_code == 302
    assert AuditEntry.objects.filter(action="tracker.item_check").count() == 1


def test_someone_not_granted_the_account_gets_404_and_nothing_is_sent(
    outsider_client: Client, template: TrackedItem, sandbox: Any
) -> None:
    assert outsider_client.post(check_url(template)).status_code == 404
    assert sandbox.log() == []
    assert not AuditEntry.objects.filter(action="tracker.item_check").exists()


def test_an_item_of_another_account_cannot_be_checked_through_this_one(
    support_client: Client, template: TrackedItem, account_b: CMAccount, sandbox: Any
) -> None:
    url = reverse("tracker:item_check", args=[account_b.account_id, template.pk])

    assert support_client.post(url).status_code == 404
    assert sandbox.log() == []
