"""``manage.py seed_demo`` creates the demo people and the sandbox account, idempotently."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.people.models import User
from dashboard.reviews.models import Review, ReviewState
from dashboard.studio import reviewing, versions
from dashboard.studio.models import TemplateVersion
from dashboard.tracker import selectors as tracker_selectors
from dashboard.tracker import stats_selectors
from dashboard.tracker.models import TrackedItem
from dashboard.tracker.statuses import Kind
from dashboard.upstream import client_for


@pytest.mark.django_db
def test_seed_demo_creates_people_and_the_demo_account_and_prints_the_logins(rf):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())  # a second run changes nothing
    assert sorted(User.objects.values_list("username", "role")) == [
        ("admin", "admin"),
        ("marketing", "marketing"),
        ("support", "support"),
    ]
    account = CMAccount.objects.get()
    assert str(account.account_id) == "8d5c1a6e-3b1f-4c2a-9e57-2f6b1d0c9a11"
    assert account.base_url == "http://127.0.0.1:8765/channels/v1"
    assert sorted(u.username for u in account.users.all()) == ["marketing", "support"]
    for name in ("admin", "support", "marketing"):
        assert authenticate(rf.post("/login/"), username=name, password=f"{name}-demo")
        assert f"{name} / {name}-demo" in out.getvalue()


@pytest.mark.django_db
def test_seed_demo_takes_another_base_url_and_account():
    call_command(
        "seed_demo",
        "--base-url",
        "http://127.0.0.1:9999/channels/v1",
        "--account-id",
        "5b0a3c1d-7e2f-4a9b-8c6d-1e2f3a4b5c6d",
        "--token",
        "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a",
        stdout=StringIO(),
    )
    account = CMAccount.objects.get()
    assert account.base_url == "http://127.0.0.1:9999/channels/v1"
    assert account.token.reveal() == "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a"


@pytest.mark.django_db
def test_seed_demo_gives_one_template_three_versions_ending_as_cm_com_has_it(sandbox):
    account_id, token = sandbox.accounts[0]
    arguments = ["--base-url", sandbox.base_url, "--account-id", account_id, "--token", token]
    out = StringIO()
    call_command("seed_demo", *arguments, stdout=out)
    call_command("seed_demo", *arguments, stdout=StringIO())  # a second run adds none
    assert "order_confirmation has a demo history of 3 versions." in out.getvalue()
    found = list(TemplateVersion.objects.order_by("number"))
    assert [(v.number, v.reason) for v in found] == [
        (1, "submitted"),
        (2, "saved"),
        (3, "submitted"),
    ]
    assert {v.name for v in found} == {"order_confirmation"}
    account = CMAccount.objects.get()
    with client_for(account) as client:
        on_cm = client.templates.get(found[-1].request_id, found[-1].template_id)
    assert found[-1].contents == {lang: item.content for lang, item in on_cm.languages.items()}
    assert [f["name"] for f in found[-1].fields] == [f.name for f in on_cm.replacement_fields]
    last = versions.last_approved(
        account=account, request_id=found[-1].request_id, template_id=found[-1].template_id
    )
    assert last == found[-1]
    writes = [entry for entry in sandbox.log() if entry["method"] != "GET"]
    assert writes == []


@pytest.mark.django_db
def test_seed_demo_leaves_one_review_waiting_and_sends_nothing(sandbox):
    account_id, token = sandbox.accounts[0]
    arguments = ["--base-url", sandbox.base_url, "--account-id", account_id, "--token", token]
    out = StringIO()
    call_command("seed_demo", *arguments, stdout=out)
    call_command("seed_demo", *arguments, stdout=StringIO())  # a second run asks no more
    assert "Review waiting: Template spring_sale" in out.getvalue()
    waiting = Review.objects.filter(state=ReviewState.WAITING)
    assert [(r.label, r.author.username) for r in waiting] == [
        ("Template spring_sale", "marketing")
    ]
    assert reviewing.void_reason(waiting.get()) == ""
    assert [entry for entry in sandbox.log() if entry["method"] != "GET"] == []


@pytest.mark.django_db
def test_seed_demo_goes_on_without_a_sandbox_and_says_so():
    out = StringIO()
    call_command("seed_demo", "--base-url", "http://127.0.0.1:9/channels/v1", stdout=out)
    assert "No demo template history: the sandbox could not be read" in out.getvalue()
    assert not TemplateVersion.objects.exists()
    assert "No demo review: the sandbox is down." in out.getvalue()
    assert not Review.objects.exists()


@pytest.mark.django_db
def test_seed_demo_gives_the_demo_account_a_year_of_approvals_marked_demo_once():
    out = StringIO()
    call_command("seed_demo", "--base-url", "http://127.0.0.1:9/channels/v1", stdout=out)
    call_command("seed_demo", "--base-url", "http://127.0.0.1:9/channels/v1", stdout=StringIO())
    assert "Demo tracker history: 60 template validations" in out.getvalue()
    account = CMAccount.objects.get()
    items = TrackedItem.objects.filter(account=account)
    assert items.count() == 60 + 6 + 6 + 2  # the second run added none
    assert all(item.meta.get("demo") and "(demo)" in item.label for item in items)
    now = timezone.now()
    times = stats_selectors.approval_times(account, days=365, now=now)
    templates = next(row for row in times.totals if row.kind == Kind.TEMPLATE)
    assert templates.done_summary.count + templates.rejected_summary.count == 60
    assert templates.rejected_summary.count > 0
    assert templates.waiting == 2
    assert {row.kind for row in times.totals} == {
        Kind.TEMPLATE,
        Kind.CHANNEL_REQUEST,
        Kind.NUMBER_REQUEST,
    }
    assert len({d for d in templates.done}) > 30  # varied durations, not one value
    recent = stats_selectors.approval_times(account, days=90, now=now)
    assert sum(w.count for w in recent.weeks) >= 10  # the default period's trend has points
    board = tracker_selectors.board(CMAccount.objects.filter(pk=account.pk))
    flags = [row.flag for group in board.groups for row in group.rows if row.flag]
    assert len(flags) == 1  # the slow one of the two waiting; the board says by which rule
    assert flags[0].startswith(
        "waited longer than 90% of this account's approved Utility templates in English (US)"
    )
