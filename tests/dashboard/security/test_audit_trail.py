"""The audit trail cannot be edited or deleted from the application, and it holds what a
security review needs: login failures and lockouts, logins and logouts, refused requests (403
for a role, 404 for an account that is not theirs) and product token changes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import URLPattern, get_resolver

from dashboard import audit
from dashboard.audit.models import AccessEvent, AppendOnlyError, AuditEntry
from dashboard.manage.accounts.services import account_update
from tests.dashboard.security.helpers import overview_url
from tests.dashboard_fixtures import PASSWORD


@pytest.fixture
def entry(admin_user, account_a):
    return audit.record(actor=admin_user, account=account_a, action="webhook.add", target="c1")


@pytest.fixture
def event(support_user):
    return audit.record_access(kind="login", user=support_user)


@pytest.mark.parametrize("kind", ["entry", "event"])
def test_a_stored_row_cannot_be_changed(kind, request):
    row = request.getfixturevalue(kind)
    model = type(row)
    row.target = row.username = "changed"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).update(created_at=None)
    with pytest.raises(AppendOnlyError):
        model.objects.bulk_update([row], ["created_at"])
    fresh = model.objects.get(pk=row.pk)
    assert getattr(fresh, "target", getattr(fresh, "username", None)) != "changed"


@pytest.mark.parametrize("kind", ["entry", "event"])
def test_a_stored_row_cannot_be_deleted(kind, request):
    row = request.getfixturevalue(kind)
    model = type(row)
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    assert model.objects.filter(pk=row.pk).exists()


def test_no_page_changes_the_trail(admin_client, entry):
    resolver = next(
        p for p in get_resolver().url_patterns if getattr(p, "app_name", None) == "audit"
    )
    routes = resolver.url_patterns
    assert {p.name for p in routes if isinstance(p, URLPattern)} == {
        "list",
        "access",
        # the exports (issue 18): read-only too
        "export_csv",
        "export_jsonl",
        "access_export_csv",
        "access_export_jsonl",
    }
    for url in (
        "/manage/audit/",
        "/manage/audit/access/",
        "/manage/audit/export.csv",
        "/manage/audit/export.jsonl",
        "/manage/audit/access/export.csv",
        "/manage/audit/access/export.jsonl",
    ):
        assert admin_client.post(url, {"id": entry.pk}).status_code == 405
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_deleting_a_person_keeps_their_entries_with_their_name(admin_user, support_user, account_a):
    audit.record(actor=support_user, account=account_a, action="webhook.add")
    support_user.delete()
    row = AuditEntry.objects.get(action="webhook.add")
    assert row.actor is None
    assert row.actor_username == "sam"


def test_a_failed_login_is_recorded_without_the_password(client, support_user):
    client.post("/login/", {"username": "sam", "password": "guess-1"})
    event = AccessEvent.objects.get(kind="login_failed")
    assert (event.username, event.ip_address, event.path) == ("sam", "127.0.0.1", "/login/")
    everything = " ".join(str(v) for v in AccessEvent.objects.values_list())
    assert "guess-1" not in everything


def test_a_failed_login_for_a_name_nobody_has_is_recorded_too(client, db):
    client.post("/login/", {"username": "root", "password": "toor"})
    assert AccessEvent.objects.get(kind="login_failed").username == "root"


def test_a_lockout_is_recorded(client, support_user, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "sam", "password": f"guess-{attempt}"})
    assert AccessEvent.objects.filter(kind="locked_out", username="sam").count() == 1
    assert AccessEvent.objects.filter(kind="login_failed").count() == settings.AXES_FAILURE_LIMIT


def test_logging_in_and_out_is_recorded(client, support_user):
    client.post("/login/", {"username": "sam", "password": PASSWORD})
    client.post("/logout/")
    assert list(AccessEvent.objects.order_by("id").values_list("kind", "username")) == [
        ("login", "sam"),
        ("logout", "sam"),
    ]


def test_a_request_refused_for_the_role_is_recorded(marketing_client, marketing_user):
    assert marketing_client.get("/manage/people/").status_code == 403
    event = AccessEvent.objects.get(kind="forbidden")
    assert (event.user, event.method, event.path) == (marketing_user, "GET", "/manage/people/")
    assert event.detail == "needs manage_people"


def test_asking_for_another_accounts_page_is_recorded(support_client, account_b):
    assert support_client.get(overview_url(account_b)).status_code == 404
    event = AccessEvent.objects.get(kind="not_granted")
    assert event.username == "sam"
    assert event.detail == f"account {account_b.account_id} not granted to them"


def test_guessing_an_account_id_is_recorded(support_client, db):
    url = "/a/00000000-0000-4000-8000-000000000000/"
    assert support_client.get(url).status_code == 404
    assert AccessEvent.objects.get(kind="not_granted").detail.endswith("does not exist")


def test_a_token_change_is_in_the_trail_without_the_token(admin_user, account_a):
    account_update(
        actor=admin_user, account=account_a, token="0f1e2d3c-4b5a-4697-8877-665544332211"
    )
    row = AuditEntry.objects.get(action="account.update")
    assert row.sent == {"token": "********"}
    assert row.actor_username == "ada"
    assert "0f1e2d3c" not in row.sent_text + row.message


def test_re_encrypting_every_token_is_in_the_trail(account_a, account_b):
    call_command("rotate_token_keys", stdout=io.StringIO())
    assert AuditEntry.objects.get(action="accounts.rotate_token_keys").sent == {"re_encrypted": 2}


def test_an_admin_reads_sign_ins_and_refusals_and_they_show_as_text(admin_client, client, db):
    client.post("/login/", {"username": "<script>x</script>", "password": "p"})
    page = admin_client.get("/manage/audit/access/").content.decode()
    assert "Login failed" in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x</script>" not in page
    filtered = admin_client.get("/manage/audit/access/?kind=login").content.decode()
    assert "&lt;script&gt;x" not in filtered


def test_only_admins_read_sign_ins_and_refusals(support_client, db):
    assert support_client.get("/manage/audit/access/").status_code == 403
