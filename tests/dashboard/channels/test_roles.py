"""Who may do what on the channels pages: support and admin may write configurations;
marketing may read every page, and every write URL answers 403 to them, sending nothing."""

from __future__ import annotations

import pytest
from django.urls import get_resolver, reverse

from tests.dashboard.matrix.channels import FORM_ROUTES, READ_ROUTES, WRITE_ROUTES, samples


def _url(name, account):
    """The route ``channels:<name>`` for account's seeded channel, request and type."""
    (pattern,) = [
        inner
        for entry in get_resolver().url_patterns
        if getattr(entry, "namespace", None) == "channels"
        for inner in entry.url_patterns
        if inner.name == name
    ]
    wanted = set(pattern.pattern.converters)
    kwargs = {k: v for k, v in samples(account).items() if k in wanted}
    return reverse(f"channels:{name}", kwargs={**kwargs, "account_id": account.account_id})


def _writes(sandbox):
    return [e for e in sandbox.log() if e["method"] != "GET"]


def test_marketing_reads_every_page(marketing_client, account_a, ids, sandbox):
    for name in READ_ROUTES:
        assert marketing_client.get(_url(name, account_a)).status_code == 200, name


def test_every_write_url_answers_403_to_marketing_and_sends_nothing(
    marketing_client, account_a, ids, sandbox
):
    for name in WRITE_ROUTES:
        response = marketing_client.post(_url(name, account_a), {"confirm": "yes"})
        assert response.status_code == 403, name
    for name in FORM_ROUTES:
        assert marketing_client.get(_url(name, account_a)).status_code == 403, name
    assert _writes(sandbox) == []


@pytest.mark.parametrize("who", ["admin_client", "support_client"])
def test_support_and_admin_may_write_configurations(request, who, account_a, ids, sandbox):
    client = request.getfixturevalue(who)
    response = client.post(
        _url("email_add", account_a), {"email-add-address": f"{who}@example.com"}
    )
    assert response.status_code == 302
    (write,) = _writes(sandbox)
    assert write["body"] == {"email": {"address": f"{who}@example.com"}}
    for name in FORM_ROUTES:
        assert client.get(_url(name, account_a)).status_code == 200, name
