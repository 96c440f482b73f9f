"""Text from CM.com is shown as inert text: markup, htmx attributes and template syntax in
channel type and category names, coming-soon names, channel type descriptions and error messages
appear on the overview (as the poller stored them) and the channels page (as CM.com answers) as
the characters they are, never as elements, attributes or code."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from dashboard import upstream
from dashboard.tracker import services
from tests.dashboard.security.helpers import api_prefix, overview_url
from tests.dashboard.security.inert import ATTRIBUTE, IMAGE, SCRIPT, TEMPLATE
from tests.dashboard.security.inert import assert_inert as _assert_inert


@pytest.fixture
def hostile_channels(account_a, sandbox):
    body = {
        "available": {SCRIPT: {ATTRIBUTE: [{"channelID": "c1", "isPending": False}]}},
        "comingSoon": [TEMPLATE, IMAGE],
    }
    sandbox.fault("GET", f"{api_prefix(account_a)}/channels", status=200, body=body)


@pytest.fixture
def hostile_type_names(account_a, sandbox):
    with upstream.client_for(account_a) as client:
        types = client.channels.list_types()
    body = [
        {"id": t.id, "description": f"{SCRIPT}{ATTRIBUTE}{TEMPLATE}", "categories": []}
        for t in types
    ]
    sandbox.fault("GET", f"{api_prefix(account_a)}/channels/types", status=200, body=body)


def _polled(account):
    """The account as the poller leaves it: what the overview shows is what it stored."""
    services.account_poll(account=account, run_key="test:hostile")


def test_names_of_channel_types_and_categories_show_as_text(
    support_client, account_a, hostile_channels
):
    _polled(account_a)
    page = support_client.get(overview_url(account_a)).content.decode()
    _assert_inert(page)
    assert "&lt;script&gt;alert(&#x27;cm&#x27;)&lt;/script&gt;" in page
    assert "&quot; hx-get=&quot;/logout/&quot; hx-trigger=&quot;load&quot;" in page


def test_template_syntax_from_cm_com_is_not_evaluated(support_client, account_a, hostile_channels):
    _polled(account_a)
    page = support_client.get(overview_url(account_a)).content.decode()
    assert "{{ request.user.password }}{% debug %}" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    _assert_inert(page)


def test_channel_type_descriptions_on_pending_requests_show_as_text(
    support_client, account_a, hostile_type_names
):
    # The overview names pending requests as the poller listed them (by their type's name).
    services.account_poll(account=account_a, run_key="test:hostile")
    page = support_client.get(overview_url(account_a)).content.decode()
    assert "&lt;script&gt;" in page
    assert "{{ request.user.password }}" in page
    _assert_inert(page)


def test_an_error_message_from_cm_com_shows_as_text(support_client, account_a, sandbox):
    sandbox.fault(
        "GET",
        f"{api_prefix(account_a)}/channels",
        status=400,
        body={"message": f"{SCRIPT}{ATTRIBUTE}{TEMPLATE}"},
    )
    page = support_client.get(f"/a/{account_a.account_id}/channels/").content.decode()
    assert "CM.com refused the request: &lt;script&gt;" in page
    _assert_inert(page)


def test_the_htmx_fragment_is_as_inert_as_the_page(support_client, account_a, sandbox):
    channel = {"channelID": f"{SCRIPT}{ATTRIBUTE}", "isPending": False, "name": SCRIPT}
    body = {"available": {"sms": {"keywords": [channel]}}, "comingSoon": []}
    sandbox.fault("GET", f"{api_prefix(account_a)}/channels", status=200, body=body)
    group = urlencode({"group": "sms:keywords", "page": "1"})
    page = support_client.get(
        f"/a/{account_a.account_id}/channels/?{group}", headers={"HX-Request": "true"}
    ).content.decode()
    assert page.lstrip().startswith('<div id="group-sms-keywords"')
    _assert_inert(page)
    assert "&lt;script&gt;" in page
