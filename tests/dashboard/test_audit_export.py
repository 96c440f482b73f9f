"""Admins export the audit trail and the access events (issue 18) as CSV and JSON Lines,
filtered as the screens filter, masked as the screens mask, streamed row by row."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from channels_api import errors
from dashboard import audit, upstream
from dashboard.audit.models import AccessEvent, AccessKind, AuditEntry
from dashboard.audit.wording import say
from dashboard.people.models import User
from tests.dashboard.tracker.factories import offline_account

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
ROWS_QUERY = '"audit_auditentry"."sent"'


def _dated(entry: AuditEntry | AccessEvent, moment: datetime) -> None:
    """Put a row on a fixed day (the trail refuses changes; the test reaches past it)."""
    type(entry)._base_manager.filter(pk=entry.pk).update(created_at=moment)


def _csv(response: Any) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def _jsonl(response: Any) -> list[dict[str, Any]]:
    text = b"".join(response.streaming_content).decode()
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def trail(admin_user: User, support_user: User) -> dict[str, Any]:
    acme, globex = offline_account("Acme"), offline_account("Globex")
    first = audit.record(
        actor=support_user,
        account=acme,
        action="webhook.add",
        target="chan-1/webhook",
        sent={"url": "https://hooks.example/in", "token": "s3cret-token"},
    )
    second = audit.record(actor=admin_user, account=globex, action="account.update", target="x")
    third = audit.record(actor=support_user, account=globex, action="webhook.delete", target="y")
    _dated(first, datetime(2025, 3, 1, 12, 0, tzinfo=AMSTERDAM))
    _dated(second, datetime(2025, 3, 10, 12, 0, tzinfo=AMSTERDAM))
    _dated(third, datetime(2025, 3, 20, 12, 0, tzinfo=AMSTERDAM))
    return {"acme": acme, "globex": globex}


def test_the_csv_has_the_screens_columns_and_every_entry_newest_first(
    trail: dict[str, Any], admin_client: Any
) -> None:
    response = admin_client.get(reverse("audit:export_csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="audit-trail.csv"'
    rows = _csv(response)
    assert list(rows[0]) == [
        "When",
        "Who",
        "Account",
        "Action",
        "Target",
        "Sent",
        "Outcome",
        "CM.com status",
        "Message",
    ]
    assert [(r["Who"], r["Account"], r["Action"]) for r in rows] == [
        ("sam", "Globex", "webhook.delete"),
        ("ada", "Globex", "account.update"),
        ("sam", "Acme", "webhook.add"),
    ]
    assert rows[2]["When"] == "2025-03-01T12:00:00+01:00"
    assert rows[2]["Outcome"] == "OK"


def test_the_export_masks_secrets_as_the_screen_does_even_one_stored_unmasked(
    trail: dict[str, Any], admin_client: Any
) -> None:
    # A row written around record() (say, by a migration) with a secret in it.
    AuditEntry.objects.create(action="legacy.import", sent={"password": "hunter2", "n": 1})

    csv_text = b"".join(admin_client.get(reverse("audit:export_csv")).streaming_content)
    lines = _jsonl(admin_client.get(reverse("audit:export_jsonl")))

    assert b"s3cret-token" not in csv_text
    assert b"hunter2" not in csv_text
    sent = {line["action"]: line["sent"] for line in lines}
    assert sent["webhook.add"] == {"token": "********", "url": "https://hooks.example/in"}
    assert sent["legacy.import"] == {"n": 1, "password": "********"}


def test_json_lines_are_one_object_per_entry_with_named_keys(
    trail: dict[str, Any], admin_client: Any
) -> None:
    response = admin_client.get(reverse("audit:export_jsonl"))

    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    lines = _jsonl(response)
    assert len(lines) == 3
    assert set(lines[0]) == {
        "when",
        "who",
        "account",
        "action",
        "target",
        "sent",
        "outcome",
        "cm_status",
        "message",
    }
    assert lines[0]["action"] == "webhook.delete"


def test_the_export_follows_the_screens_filters_account_person_action_and_period(
    trail: dict[str, Any], admin_client: Any, support_user: User
) -> None:
    def actions(**query: Any) -> list[str]:
        found = _jsonl(admin_client.get(reverse("audit:export_jsonl"), query))
        return [line["action"] for line in found]

    globex = str(trail["globex"].account_id)
    assert actions(account=globex) == ["webhook.delete", "account.update"]
    assert actions(person=support_user.pk) == ["webhook.delete", "webhook.add"]
    assert actions(action="webhook.add") == ["webhook.add"]
    assert actions(since="2025-03-05", until="2025-03-10") == ["account.update"]
    assert actions(account=globex, person=support_user.pk) == ["webhook.delete"]


def test_a_period_that_ends_before_it_starts_is_refused_in_words(
    trail: dict[str, Any], admin_client: Any
) -> None:
    response = admin_client.get(
        reverse("audit:export_csv"), {"since": "2025-03-10", "until": "2025-03-01"}
    )

    assert response.status_code == 400
    assert "The period ends before it starts" in response.content.decode()


def test_the_screen_and_the_export_link_share_the_filters(
    trail: dict[str, Any], admin_client: Any
) -> None:
    page = admin_client.get(reverse("audit:list"), {"since": "2025-03-05"}).content.decode()

    assert f"{reverse('audit:export_csv')}?since=2025-03-05" in page
    assert "account.update" in page
    assert "chan-1/webhook" not in page  # the entry of 1 March


def test_access_events_export_with_what_happened_and_the_person(
    admin_client: Any, support_user: User
) -> None:
    AccessEvent.objects.create(kind=AccessKind.LOGIN, user=support_user, username="sam")
    AccessEvent.objects.create(
        kind=AccessKind.LOGIN_FAILED, username="=cmd|' /C calc'!A0", ip_address="192.0.2.7"
    )

    everything = _csv(admin_client.get(reverse("audit:access_export_csv")))
    failed = _jsonl(
        admin_client.get(reverse("audit:access_export_jsonl"), {"kind": AccessKind.LOGIN_FAILED})
    )
    sams = _jsonl(
        admin_client.get(reverse("audit:access_export_jsonl"), {"person": support_user.pk})
    )

    assert list(everything[0]) == ["When", "What", "Who", "From", "Method", "Path", "Detail"]
    # What a person typed at the login form never runs as a spreadsheet formula.
    assert everything[0]["Who"] == "'=cmd|' /C calc'!A0"
    assert (failed[0]["what"], failed[0]["from"]) == ("Login failed", "192.0.2.7")
    assert [line["who"] for line in sams] == ["sam"]


@pytest.mark.parametrize(
    "name", ["audit:export_csv", "audit:export_jsonl", "audit:access_export_csv"]
)
def test_only_admins_may_export(
    name: str, trail: dict[str, Any], support_client: Any, marketing_client: Any
) -> None:
    assert support_client.get(reverse(name)).status_code == 403
    assert marketing_client.get(reverse(name)).status_code == 403


def test_the_export_is_streamed_and_reads_the_rows_only_while_it_is_sent(
    trail: dict[str, Any], admin_client: Any
) -> None:
    with CaptureQueriesContext(connection) as before_sending:
        response = admin_client.get(reverse("audit:export_csv"))
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as while_sending:
        header = next(chunks)
        first_row = next(chunks)
        rest = list(chunks)

    assert isinstance(response, StreamingHttpResponse)
    # The rows' query (the one that reads what was sent) runs only once sending starts.
    assert not [q for q in before_sending.captured_queries if ROWS_QUERY in q["sql"]]
    assert [q for q in while_sending.captured_queries if ROWS_QUERY in q["sql"]]
    assert header.startswith(b"When,Who,")
    assert b"webhook.delete" in first_row
    assert len(rest) == 2


def test_a_dutch_admins_export_says_the_dashboards_words_in_dutch_and_others_as_stored(
    trail: dict[str, Any], admin_client: Any, admin_user: User, support_user: User
) -> None:
    with translation.override("en"):
        failure = upstream.describe_failure(errors.UpstreamError("e", status=503))
        audit.record(
            actor=support_user,
            account=trail["acme"],
            action="webhook.delete",
            target="worded",
            outcome="failed",
            message=failure.message,
        )
    # A row stored before messages kept their parts.
    AuditEntry.objects.create(action="webhook.add", target="old", message="Saved the webhook")
    admin_user.language = "nl"
    admin_user.save(update_fields=["language"])

    rows = _csv(admin_client.get(reverse("audit:export_csv")))
    lines = _jsonl(admin_client.get(reverse("audit:export_jsonl")))

    dutch = "CM.com faalde aan zijn kant (status 503) — probeer het over een paar minuten opnieuw."
    by_target = {row["Doel"]: row["Bericht"] for row in rows}
    assert by_target["worded"] == dutch
    assert by_target["old"] == "Saved the webhook"
    messages = {line["target"]: line["message"] for line in lines}
    assert messages == {**messages, "worded": dutch, "old": "Saved the webhook"}


def test_a_dutch_admins_access_export_says_the_dashboards_details_in_dutch_and_old_ones_as_stored(
    admin_client: Any, admin_user: User
) -> None:
    with translation.override("en"):
        audit.record_access(
            kind=AccessKind.LOCKED_OUT, username="sam", detail=say("too_many_failed_logins")
        )
        audit.record_access(
            kind=AccessKind.FORBIDDEN, username="mia", detail=say("needs", capability="view_audit")
        )
    # A row stored before details kept their parts.
    AccessEvent.objects.create(
        kind=AccessKind.LOCKED_OUT, username="old", detail="too many failed logins"
    )
    admin_user.language = "nl"
    admin_user.save(update_fields=["language"])

    rows = _csv(admin_client.get(reverse("audit:access_export_csv")))
    lines = _jsonl(admin_client.get(reverse("audit:access_export_jsonl")))

    expected = {
        "sam": "te veel mislukte inlogpogingen",
        "mia": "heeft view_audit nodig",
        "old": "too many failed logins",
    }
    # (The admin's own login is among them, without a detail.)
    assert {row["Wie"]: row["Detail"] for row in rows if row["Wie"] in expected} == expected
    assert {line["who"]: line["detail"] for line in lines if line["who"] in expected} == expected
