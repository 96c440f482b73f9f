""" "Send a test event" to a webhook, the event webhook or the customer contact endpoint.

The URL and method are the ones CM.com lists for the endpoint (a cached read of the channel's
configuration), never what the browser sends: the form only says ``send=yes``. The dashboard
sends the test itself (``channels.probing``); the result shows in place with htmx
(``channels/probe.html#probe-result``), with the endpoint's last tests. Without htmx a test
that was sent redirects to the channel's page with the result as a message; a form without
``send=yes`` or a test over the rate limit answers the probe page with why (nothing sent).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from dashboard import upstream
from dashboard.accounts.models import CMAccount
from dashboard.channels import probing, selectors
from dashboard.channels.forms import SendTestForm
from dashboard.channels.models import EndpointKind, EndpointTest
from dashboard.core import notfound
from dashboard.core.htmx import is_htmx, render_page
from dashboard.people.access import Capability, get_account_or_404

TEMPLATE = "channels/probe.html"
NOUNS = {
    EndpointKind.WEBHOOK: gettext_lazy("webhook"),
    EndpointKind.EVENT_WEBHOOK: gettext_lazy("event webhook"),
    EndpointKind.CUSTOMER_CONTACT: gettext_lazy("customer contact endpoint"),
}


def _detail_url(account: CMAccount, channel_id: str) -> str:
    return reverse(
        "channels:detail", kwargs={"account_id": account.account_id, "channel_id": channel_id}
    )


def _endpoint(
    account: CMAccount, channel_id: str, kind: str, endpoint_id: str | None
) -> probing.Endpoint | upstream.UpstreamFailure:
    """The endpoint as CM.com lists it; 404 when the channel or the endpoint is not there."""
    back = (_detail_url(account, channel_id), "the channel")
    channels = reverse("channels:list", kwargs={"account_id": account.account_id})
    found = selectors.configuration(account, channel_id)
    notfound.found_or_404(found, "channel", back=(channels, "the channels"))
    if upstream.is_failure(found):
        return found
    inbound = found.inbound
    item: Any = None
    if kind == EndpointKind.WEBHOOK and inbound is not None and inbound.webhook is not None:
        item = next((e for e in inbound.webhook.endpoints if e.id == endpoint_id), None)
    elif kind == EndpointKind.EVENT_WEBHOOK and inbound is not None and inbound.event_webhook:
        endpoint = inbound.event_webhook.endpoint
        item = endpoint if endpoint is not None and endpoint.id == endpoint_id else None
    elif kind == EndpointKind.CUSTOMER_CONTACT and inbound is not None:
        contact = inbound.customer_contact
        item = contact.endpoints[0] if contact is not None and contact.endpoints else None
    if item is None or not item.url:
        raise notfound.NotAtCM(NOUNS[kind], back=back)
    return probing.Endpoint(kind, str(item.id), item.url, item.method or "POST")


def _answer(
    request: HttpRequest,
    account: CMAccount,
    channel_id: str,
    endpoint: probing.Endpoint | upstream.UpstreamFailure,
    *,
    kind: str,
    endpoint_id: str,
    error: str = "",
    test: EndpointTest | None = None,
) -> HttpResponse:
    """The result in place (htmx) or the probe page: the error or the test, and the history."""
    failed = upstream.is_failure(endpoint)
    context = {
        "account": account,
        "channel_id": channel_id,
        "kind": kind,
        "noun": NOUNS[kind],
        "endpoint_id": endpoint_id,
        "endpoint": None if failed else endpoint,
        "failure": endpoint if failed else None,
        "error": error,
        "test": test,
        "tests": probing.history(account, channel_id, kind, endpoint_id),
    }
    return render_page(request, TEMPLATE, context, fragment="probe-result")


def _send(
    request: HttpRequest, account: CMAccount, channel_id: uuid.UUID, kind: str, item: str | None
) -> HttpResponse:
    """What the three views share once the person may test: find, check, send, answer."""
    cid = str(channel_id)
    endpoint = _endpoint(account, cid, kind, item)
    shown_id = item or (endpoint.endpoint_id if isinstance(endpoint, probing.Endpoint) else "")
    again = {"kind": kind, "endpoint_id": shown_id}
    form = SendTestForm(request.POST)
    if not form.is_valid():
        return _answer(request, account, cid, endpoint, error=form.errors["send"][0], **again)
    if not isinstance(endpoint, probing.Endpoint):
        return _answer(request, account, cid, endpoint, **again)  # says why, in place
    limited = probing.rate_limited(request.user, account, cid, endpoint)
    if limited:
        return _answer(request, account, cid, endpoint, error=limited, **again)
    test = probing.endpoint_test(
        actor=request.user, account=account, channel_id=cid, endpoint=endpoint
    )
    if is_htmx(request):
        return _answer(request, account, cid, endpoint, test=test, **again)
    said = messages.success if test.answered else messages.warning
    said(request, _in_words(test))
    return redirect(f"{_detail_url(account, cid)}#probe-{kind}-{shown_id}")


def _in_words(test: EndpointTest) -> str:
    if test.answered:
        return f"Test event to {test.url}: answered {test.status} in {test.elapsed_ms} ms."
    return f"Test event to {test.url}: {test.failure}"


@require_POST
def webhook_test(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID, webhook_id: uuid.UUID
) -> HttpResponse:
    """Send a test event to a webhook."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    return _send(request, account, channel_id, EndpointKind.WEBHOOK, str(webhook_id))


@require_POST
def event_webhook_test(
    request: HttpRequest,
    account_id: uuid.UUID,
    channel_id: uuid.UUID,
    event_webhook_id: uuid.UUID,
) -> HttpResponse:
    """Send a test event to the event webhook."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    item = str(event_webhook_id)
    return _send(request, account, channel_id, EndpointKind.EVENT_WEBHOOK, item)


@require_POST
def customer_contact_test(
    request: HttpRequest, account_id: uuid.UUID, channel_id: uuid.UUID
) -> HttpResponse:
    """Send a test event to the customer contact endpoint."""
    account = get_account_or_404(request, account_id, need=Capability.EDIT_CONFIGURATION)
    return _send(request, account, channel_id, EndpointKind.CUSTOMER_CONTACT, None)
