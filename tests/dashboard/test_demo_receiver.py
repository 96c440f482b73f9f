"""``make run``'s webhook receiver: it answers any path with 200 and a short JSON body, ``/slow``
only after its delay, and run_dev points the demo's webhooks at it (the seed is unchanged)."""

from __future__ import annotations

import json
import urllib.request

import pytest
from django.core.exceptions import ImproperlyConfigured

from dashboard import demo_receiver
from dashboard.config import outbound_allowances
from dashboard.run_dev import point_demo_webhooks
from dashboard.upstream import client_for


@pytest.fixture
def receiver():
    server = demo_receiver.start(slow_seconds=0.2)
    yield server
    demo_receiver.stop(server)


def test_the_receiver_answers_any_path_with_200_and_json_and_keeps_what_it_got(receiver):
    request = urllib.request.Request(receiver.url("/cm/inbound"), data=b'{"test": true}')
    with urllib.request.urlopen(request, timeout=5) as answer:
        assert answer.status == 200
        assert json.loads(answer.read())["received"] is True
    (got,) = receiver.received
    assert (got.method, got.path, got.body) == ("POST", "/cm/inbound", b'{"test": true}')


def test_the_slow_path_answers_only_after_its_delay(receiver):
    with urllib.request.urlopen(receiver.url("/slow"), timeout=5) as answer:
        assert answer.status == 200


def test_run_dev_points_two_demo_webhooks_at_the_receiver(account_a, sandbox, receiver):
    base = receiver.url("").rstrip("/")
    channel_id = point_demo_webhooks(account_a.base_url, base)
    assert channel_id is not None
    with client_for(account_a) as client:
        hooks = client.configuration.get_all(channel_id).inbound.webhook.endpoints
    assert [hook.url for hook in hooks[:2]] == [f"{base}/cm/inbound", f"{base}/slow"]


def test_a_bad_allowance_stops_start_up_naming_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"^WEBHOOK_TEST_ALLOWED: 'localhost:8766'"):
        outbound_allowances({"WEBHOOK_TEST_ALLOWED": "localhost:8766"}, "WEBHOOK_TEST_ALLOWED")
    name = "WEBHOOK_TEST_ALLOWED"
    entries = {name: "127.0.0.1:8766, 10.0.0.0/8"}
    assert outbound_allowances(entries, name) == ["127.0.0.1:8766", "10.0.0.0/8"]
