"""The audit trail: every write recorded with secrets masked; the admin page filters it."""

from __future__ import annotations

import pytest
from django.utils import translation

from channels_api import errors
from dashboard import audit, upstream
from dashboard.audit.models import AuditEntry
from tests.dashboard_fixtures import make_person


def test_record_is_one_line_and_masks_secrets_by_key_name(admin_user):
    entry = audit.record(
        actor=admin_user,
        account=None,
        action="thing.update",
        target="t-1",
        sent={
            "name": "x",
            "product_token": "abc",
            "nested": {"password": "p", "list": [{"otp": "123456"}, {"ok": 1}]},
            "apiKey": "k",
        },
        outcome="ok",
        upstream_status=200,
    )
    entry.refresh_from_db()
    assert entry.actor_username == admin_user.username
    assert entry.sent == {
        "name": "x",
        "product_token": "********",
        "nested": {"password": "********", "list": [{"otp": "********"}, {"ok": 1}]},
        "apiKey": "********",
    }
    assert entry.upstream_status == 200


@pytest.fixture
def trail(admin_user, support_user, account_a, account_b):
    audit.record(actor=admin_user, account=account_a, action="account.update", target="a")
    audit.record(actor=support_user, account=account_a, action="webhook.add", target="w")
    audit.record(actor=admin_user, account=account_b, action="account.update", target="b")
    return AuditEntry.objects.all()


def _actions(response):
    return [entry.action + ":" + entry.target for entry in response.context["page"].object_list]


def test_the_audit_page_lists_entries_newest_first(admin_client, trail):
    response = admin_client.get("/manage/audit/")
    assert response.status_code == 200
    assert _actions(response) == ["account.update:b", "webhook.add:w", "account.update:a"]


def test_the_audit_page_filters_by_account(admin_client, trail, account_a):
    response = admin_client.get("/manage/audit/", {"account": str(account_a.account_id)})
    assert _actions(response) == ["webhook.add:w", "account.update:a"]


def test_the_audit_page_filters_by_person(admin_client, trail, support_user):
    response = admin_client.get("/manage/audit/", {"person": support_user.pk})
    assert _actions(response) == ["webhook.add:w"]


def test_the_audit_page_filters_by_action(admin_client, trail):
    response = admin_client.get("/manage/audit/", {"action": "account.update"})
    assert _actions(response) == ["account.update:b", "account.update:a"]


def test_filtering_with_htmx_returns_only_the_results_fragment(admin_client, trail):
    response = admin_client.get(
        "/manage/audit/", {"action": "webhook.add"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="audit-results">')
    assert "<html" not in body
    assert "webhook.add" in body


def test_the_audit_page_is_paged(admin_client, admin_user):
    for i in range(55):
        audit.record(actor=admin_user, account=None, action="x.y", target=str(i))
    first = admin_client.get("/manage/audit/")
    second = admin_client.get("/manage/audit/", {"page": 2})
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize("role", ["support", "marketing"])
def test_only_admins_see_the_audit_page(role, client, db):
    client.force_login(make_person("p", role))
    assert client.get("/manage/audit/").status_code == 403


def _reads_dutch(person):
    person.language = "nl"
    person.save(update_fields=["language"])


def test_an_entry_written_in_english_reads_in_dutch_on_the_audit_page(
    admin_client, admin_user, support_user, account_a
):
    """The actor's words are kept as they said them; an admin who reads Dutch reads them in
    Dutch (issue 18)."""
    with translation.override("en"):
        failure = upstream.describe_failure(errors.Timeout("t"))
        entry = audit.record(
            actor=support_user,
            account=account_a,
            action="webhook.add",
            target="w",
            outcome="failed",
            message=failure.message,
        )
    assert entry.message == "CM.com did not answer in time — try again in a minute."
    _reads_dutch(admin_user)

    page = admin_client.get("/manage/audit/").content.decode()

    assert "CM.com antwoordde niet op tijd — probeer het over een minuut opnieuw." in page
    assert "did not answer in time" not in page


def test_old_entries_and_cm_coms_own_words_keep_their_text_in_dutch(
    admin_client, admin_user, account_a
):
    """A row written before words kept their parts, and CM.com's words (not the dashboard's),
    read as stored, whoever reads them."""
    AuditEntry.objects.create(action="webhook.add", target="old", message="Saved the webhook")
    said = audit.record(
        actor=admin_user,
        account=account_a,
        action="template.update",
        target="t",
        outcome="refused",
        message="name is already taken",
    )
    assert said.message_parts is None
    _reads_dutch(admin_user)

    page = admin_client.get("/manage/audit/").content.decode()

    assert "<small>Saved the webhook</small>" in page
    assert "<small>name is already taken</small>" in page
