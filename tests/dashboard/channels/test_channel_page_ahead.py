"""The channel's page is written in two goes (``views.configuration.detail_page``): around its
content while CM.com answers, then the content. A person sees the same page as when it was
written at once: the same HTML, the toasts of a write that just went through, and a message
still waiting when the channel turned out not to be there."""

from __future__ import annotations

import re
import uuid

from django.template.loader import render_to_string

from dashboard.channels.views.configuration import TEMPLATE, detail_context

_TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[A-Za-z0-9]+')


def _same_tokens(html: str) -> str:
    # Each rendering masks the one CSRF secret differently: equal pages differ only there.
    return _TOKEN.sub(r"\1TOKEN", html)


def test_the_page_written_in_two_goes_is_the_page_written_at_once(
    support_client, account_a, channel_url, ids, sandbox
):
    response = support_client.get(channel_url)
    assert response.status_code == 200
    # The reads are cached now: the page written at once shows the same answers.
    context = detail_context(account_a, ids.channel_id, full=True)
    at_once = render_to_string(TEMPLATE, context, request=response.wsgi_request)
    page = response.content.decode()
    assert _same_tokens(page) == _same_tokens(at_once)
    assert 'id="switch-webhook"' in page
    assert '<footer class="container site-footer">' in page
    assert page.count('<main id="main"') == 1


def test_a_write_without_javascript_says_so_on_the_channel_page(
    support_client, channel_url, sandbox
):
    url = f"{channel_url}configuration/messaging-log/set/"
    response = support_client.post(url, {"messaging-log-enabled": "false"}, follow=True)
    body = response.content.decode()
    assert '<div class="toast toast-success"' in body
    assert body.index('id="configuration"') < body.index('<div id="toasts"')


def test_a_waiting_message_is_not_lost_to_a_channel_that_is_not_there(
    support_client, base, channel_url, sandbox
):
    url = f"{channel_url}configuration/messaging-log/set/"
    support_client.post(url, {"messaging-log-enabled": "false"})
    missing = support_client.get(f"{base}/channels/{uuid.uuid4()}/")
    assert missing.status_code == 404
    shown = missing.content.decode() + support_client.get(channel_url).content.decode()
    assert shown.count('<div class="toast toast-success"') == 1
