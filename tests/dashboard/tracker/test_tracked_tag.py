"""``{% tracked_check %}``: the page of a channel request or a profile the tracker follows says
when the tracker last read it from CM.com and offers "Check now"; a page of something it does
not follow shows no such part."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from dashboard.accounts.models import CMAccount
from dashboard.core.templatetags.freshness import fresh
from dashboard.tracker import checking, services
from dashboard.tracker.models import TrackedItem
from dashboard.tracker.statuses import Kind
from tests.dashboard.matrix.whatsapp import samples


@pytest.fixture
def polled(account_a: CMAccount, sandbox: Any) -> CMAccount:
    services.account_poll(account=account_a, run_key="manual:1")
    return account_a


def page_of(item: TrackedItem) -> str:
    account = item.account.account_id
    if item.kind == Kind.PROFILE:
        args = [account, item.meta["request_id"], item.upstream_id]
        return reverse("whatsapp:profile", args=args)
    if item.kind == Kind.TEMPLATE:
        args = [account, item.meta["request_id"], item.meta["template_id"]]
        return reverse("studio:edit", args=args)
    if item.kind == Kind.BUSINESS_ACCOUNT:
        return reverse("whatsapp:home", args=[account, item.meta["request_id"]])
    return reverse("channels:request_detail", args=[account, item.upstream_id])


@pytest.mark.usefixtures("still_clock")
@pytest.mark.parametrize(
    "kind", [Kind.CHANNEL_REQUEST, Kind.PROFILE, Kind.TEMPLATE, Kind.BUSINESS_ACCOUNT]
)
def test_the_page_of_a_followed_item_says_when_it_was_checked_and_offers_check_now(
    kind: str, polled: CMAccount, support_client: Client
) -> None:
    item = TrackedItem.objects.filter(account=polled, kind=kind).order_by("pk")[0]

    page = support_client.get(page_of(item)).content.decode()

    assert f'<div id="check-{item.pk}" class="item-check">' in page
    assert fresh(item.last_seen, "checked") in page
    assert reverse("tracker:item_check", args=[polled.account_id, item.pk]) in page
    assert reverse("tracker:item", args=[polled.account_id, item.pk]) in page


@pytest.mark.usefixtures("still_clock")
def test_a_templates_page_lists_each_language_the_tracker_follows_with_its_check(
    polled: CMAccount, support_client: Client
) -> None:
    item = TrackedItem.objects.filter(account=polled, kind=Kind.TEMPLATE).order_by("pk")[0]
    languages = TrackedItem.objects.filter(
        account=polled, kind=Kind.TEMPLATE, meta__template_id=item.meta["template_id"]
    )

    page = support_client.get(page_of(item)).content.decode()

    assert page.count('class="item-check"') == languages.count()
    for language in languages:
        assert f">{language.meta['language']}</a>" in page
        assert f'<div id="check-{language.pk}" class="item-check">' in page


def test_a_page_of_something_the_tracker_does_not_follow_has_no_tracker_part(
    account_a: CMAccount, sandbox: Any, support_client: Client
) -> None:
    request_id = samples(account_a)["whatsapp_request_id"]
    url = reverse("channels:request_detail", args=[account_a.account_id, request_id])

    page = support_client.get(url).content.decode()

    assert "Check now" not in page
    assert 'class="item-check"' not in page


@pytest.mark.usefixtures("still_clock")
def test_another_accounts_item_with_the_same_id_is_not_this_pages(
    polled: CMAccount, account_b: CMAccount, support_client: Client
) -> None:
    item = TrackedItem.objects.filter(account=polled, kind=Kind.CHANNEL_REQUEST).order_by("pk")[0]
    url = page_of(item)
    TrackedItem.objects.filter(pk=item.pk).update(account=account_b)  # now account B's

    page = support_client.get(url).content.decode()

    assert 'class="item-check"' not in page


@pytest.mark.usefixtures("still_clock")
@pytest.mark.parametrize("demo", [False, True])
def test_the_tracker_part_holds_the_check_the_items_own_page_writes(
    demo: bool, polled: CMAccount
) -> None:
    # The tag writes the part in Python: its check must stay the partial's, which the item's
    # page and the answer to "Check now" still render (they swap one for the other).
    item = TrackedItem.objects.filter(account=polled, kind=Kind.CHANNEL_REQUEST).order_by("pk")[0]
    item.label = 'Ann & <b>"Bo"</b>'
    item.meta = {**(item.meta or {}), "demo": demo}
    item.save()
    item.account = polled
    values = {"account": polled, "id": item.upstream_id, "csrf_token": "a-token"}

    part = Template('{% load tracked %}{% tracked_check account "channel_request" id %}').render(
        Context(values)
    )

    check = render_to_string("tracker/_item_check.html", {"item": item, "csrf_token": "a-token"})
    assert check in part
    assert part.startswith(f'<section class="part tracked-item" aria-labelledby="tracked-{item.pk}')
    assert "Ann &amp; &lt;b&gt;&quot;Bo&quot;&lt;/b&gt;" in part or demo
    assert ("a-token" in part) is not demo


def test_a_read_made_ahead_is_taken_only_for_the_thing_it_was_made_for(
    polled: CMAccount,
) -> None:
    item = TrackedItem.objects.filter(account=polled, kind=Kind.CHANNEL_REQUEST).order_by("pk")[0]
    page = Template('{% load tracked %}{% tracked_check account "channel_request" id read=read %}')
    ahead_for_another = checking.tracked_read(polled, Kind.CHANNEL_REQUEST, "another-id")
    ahead_for_this = checking.tracked_read(polled, Kind.CHANNEL_REQUEST, item.upstream_id)
    TrackedItem.objects.filter(pk=item.pk).delete()  # what the read ahead saw stays

    for_another = page.render(
        Context({"account": polled, "id": item.upstream_id, "read": ahead_for_another})
    )
    for_this = page.render(
        Context({"account": polled, "id": item.upstream_id, "read": ahead_for_this})
    )

    assert 'class="item-check"' not in for_another  # read again: the item is gone
    assert f'<div id="check-{item.pk}" class="item-check">' in for_this


def test_a_channel_request_page_reads_its_tracker_item_while_cm_com_is_asked(
    polled: CMAccount, sandbox: Any, support_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    item = TrackedItem.objects.filter(account=polled, kind=Kind.CHANNEL_REQUEST).order_by("pk")[0]
    read_at: list[float] = []
    plain = checking.tracked

    def timed(*args: Any) -> TrackedItem | None:
        read_at.append(time.monotonic())
        return plain(*args)

    monkeypatch.setattr(checking, "tracked", timed)
    sandbox.settings(latency_ms=400)
    started = time.monotonic()

    page = support_client.get(page_of(item)).content.decode()

    assert f'<div id="check-{item.pk}" class="item-check">' in page
    assert len(read_at) == 1  # the tag took the view's read
    assert read_at[0] - started < 0.4  # before CM.com's first answer could have come
