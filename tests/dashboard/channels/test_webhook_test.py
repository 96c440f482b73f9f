""" "Send a test event" to a webhook, the event webhook and the customer contact endpoint: the
dashboard sends it to the URL CM.com lists (never one the browser sends), shows the result in
place with the last tests, keeps 20 per endpoint, audits each, and limits each person to 5 a
minute per endpoint. Marketing may not (the access matrix proves the statuses)."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache

from dashboard.audit.models import AuditEntry
from dashboard.channels.models import EndpointTest
from dashboard.upstream import client_for
from tests.dashboard.channels.helpers import htmx
from tests.dashboard.core.outbound_servers import running

SEND = {"send": "yes"}


@pytest.fixture
def receiver(settings):
    with running(slow_seconds=3) as server:
        settings.WEBHOOK_TEST_ALLOWED = [f"127.0.0.1:{server.server_address[1]}"]
        settings.WEBHOOK_TEST_TIMEOUT_SECONDS = 1
        yield server


@pytest.fixture
def pointed(account_a, ids, receiver):
    """The seeded webhook, event webhook and customer contact endpoint, pointed at the
    receiver (``/slow`` for the event webhook)."""
    with client_for(account_a) as client:
        client.configuration.update_webhook(
            ids.channel_id, ids.webhook_id, url=receiver.url("/cm/inbound"), method="PUT"
        )
        client.configuration.update_event_webhook(
            ids.channel_id, ids.event_webhook_id, url=receiver.url("/slow")
        )
        client.configuration.set_customer_contact(ids.channel_id, url=receiver.url("/crm"))
    return receiver


@pytest.fixture
def urls(channel_url, ids):
    config = f"{channel_url}configuration/"
    return {
        "webhook": f"{config}webhooks/{ids.webhook_id}/test/",
        "event": f"{config}event-webhook/{ids.event_webhook_id}/test/",
        "contact": f"{config}customer-contact/test/",
    }


def test_a_webhook_that_answers_shows_the_status_and_the_answer_in_place(
    support_client, support_user, urls, pointed, ids
):
    response = support_client.post(urls["webhook"], SEND, headers=htmx())
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith(f'<div id="probe-webhook-{ids.webhook_id}"')
    assert "Answered 200" in page
    assert "the demo webhook receiver" in page
    (got,) = pointed.received
    assert (got.method, got.path) == ("PUT", "/cm/inbound")
    assert json.loads(got.body)["test"] is True
    (test,) = EndpointTest.objects.all()
    assert (test.kind, test.endpoint_id, test.status) == ("webhook", ids.webhook_id, 200)
    assert test.actor_username == support_user.username
    assert f"<td>{support_user.username}</td>" in page  # the history says who ran it


def test_an_event_webhook_that_does_not_answer_in_time_says_timeout(
    support_client, urls, pointed, ids
):
    response = support_client.post(urls["event"], SEND, headers=htmx())
    page = response.content.decode()
    assert "No answer within 1 s (timeout)" in page
    assert EndpointTest.objects.get().outcome == "timeout"


def test_the_customer_contact_endpoint_can_be_tested(support_client, urls, pointed):
    response = support_client.post(urls["contact"], SEND, headers=htmx())
    assert "Answered 200" in response.content.decode()
    assert [r.path for r in pointed.received] == ["/crm"]


def test_without_htmx_a_test_redirects_to_the_channel_with_the_result(
    support_client, urls, pointed, ids, channel_url
):
    response = support_client.post(urls["webhook"], SEND, follow=True)
    assert response.redirect_chain[-1][0] == f"{channel_url}#probe-webhook-{ids.webhook_id}"
    assert "answered 200 in" in response.content.decode()


def test_the_url_comes_from_cm_com_and_a_refused_address_sends_nothing(
    support_client, urls, ids, account_a, settings, receiver
):
    settings.WEBHOOK_TEST_ALLOWED = []
    with client_for(account_a) as client:
        client.configuration.update_webhook(
            ids.channel_id, ids.webhook_id, url="http://169.254.169.254/latest/meta-data/"
        )
    response = support_client.post(
        urls["webhook"], {**SEND, "url": receiver.url("/")}, headers=htmx()
    )
    page = response.content.decode()
    assert "Not sent: 169.254.169.254 is not allowed: it is a link-local address." in page
    assert receiver.connections == 0
    entry = AuditEntry.objects.get(action="webhook.test")
    assert entry.outcome == "refused"
    assert entry.target == f"{ids.channel_id}/webhook/{ids.webhook_id}"


def test_a_post_without_send_yes_sends_nothing(support_client, urls, pointed):
    response = support_client.post(urls["webhook"], {}, headers=htmx())
    assert "nothing was sent" in response.content.decode()
    assert pointed.received == []
    assert not EndpointTest.objects.exists()


def test_the_sixth_test_in_a_minute_is_refused_with_words(support_client, urls, pointed):
    for _ in range(5):
        support_client.post(urls["webhook"], SEND, headers=htmx())
    sixth = support_client.post(urls["webhook"], SEND, headers=htmx()).content.decode()
    assert "Not sent: you sent 5 test events to this endpoint in the last minute" in sixth
    assert len(pointed.received) == 5
    # Another person, or another endpoint, has a limit of its own.
    other = support_client.post(urls["contact"], SEND, headers=htmx()).content.decode()
    assert "Answered 200" in other


def test_only_the_last_20_tests_of_an_endpoint_are_kept(support_client, urls, pointed, settings):
    settings.WEBHOOK_TEST_PER_MINUTE = 100
    for _ in range(22):
        support_client.post(urls["webhook"], SEND, headers=htmx())
    assert EndpointTest.objects.count() == 20


def _box(page: str, dom_id: str) -> str:
    """The endpoint's result box on the channel's page (it holds no other <div>)."""
    start = page.index(f'id="{dom_id}"')
    return page[start : page.index("</div>", start)]


def test_the_channel_page_lists_each_endpoints_last_tests_and_who_ran_them(
    support_client, support_user, admin_client, admin_user, urls, pointed, channel_url, ids
):
    support_client.post(urls["webhook"], SEND, headers=htmx())
    support_client.post(urls["event"], SEND, headers=htmx())
    admin_client.post(urls["webhook"], SEND, headers=htmx())
    page = support_client.get(channel_url).content.decode()
    webhook = _box(page, f"probe-webhook-{ids.webhook_id}")
    assert "Last 2 tests of this webhook" in webhook
    # Newest first, each with who ran it and what came back.
    assert webhook.index(f"<td>{admin_user.username}</td>") < webhook.index(
        f"<td>{support_user.username}</td>"
    )
    assert webhook.count("Answered 200 in ") == 2
    event = _box(page, f"probe-event-webhook-{ids.event_webhook_id}")
    assert "Last 1 test of this event webhook" in event
    assert "No answer within 1 s (timeout)" in event
    # An endpoint nobody tested lists nothing.
    assert "Last " not in page[page.index('id="probe-customer-contact-') :].split("</div>")[0]


def test_the_tests_list_is_named_for_screen_readers_in_the_readers_language(
    support_client, support_user, urls, pointed, channel_url, ids
):
    support_client.post(urls["event"], SEND, headers=htmx())
    support_user.language = "nl"
    support_user.save(update_fields=["language"])
    page = support_client.get(channel_url).content.decode()
    event = _box(page, f"probe-event-webhook-{ids.event_webhook_id}")
    assert 'aria-label="Laatste tests van dit event-webhook"' in event


def test_marketing_may_not_send_a_test_event(marketing_client, urls, pointed):
    assert marketing_client.post(urls["webhook"], SEND, headers=htmx()).status_code == 403
    assert pointed.received == []


def test_an_endpoint_the_channel_does_not_list_is_404(support_client, channel_url, pointed):
    missing = f"{channel_url}configuration/webhooks/00000000-0000-4000-8000-000000000000/test/"
    assert support_client.post(missing, SEND, headers=htmx()).status_code == 404
    assert pointed.received == []


def test_the_channel_page_offers_the_test_to_support_and_not_to_marketing(
    support_client, marketing_client, channel_url
):
    assert "Send a test event" in support_client.get(channel_url).content.decode()
    assert "Send a test event" not in marketing_client.get(channel_url).content.decode()


def test_when_cm_com_cannot_give_the_configuration_nothing_is_sent_and_it_says_why(
    support_client, urls, pointed, sandbox, account_a, ids
):
    cache.clear()
    path = f"/channels/v1/accounts/{account_a.account_id}/channels/{ids.channel_id}/configuration"
    sandbox.fault("GET", path, count=10, status=503)
    page = support_client.post(urls["webhook"], SEND, headers=htmx()).content.decode()
    assert "Nothing was sent: the endpoint's address is not known." in page
    assert pointed.received == []
    assert not EndpointTest.objects.exists()
