"""Every operation of the channels and configuration groups of endpoints.tsv (22 of them) is
reachable from the pages: walking them as support sends each one to the sandbox."""

from __future__ import annotations

import re

from channels_api.resources._base import OPERATIONS


def _operation_names(sandbox) -> set[str]:
    """The documented operation each logged request was: the most literal matching template."""
    candidates = [
        (
            op.path.count("{"),
            op.method,
            re.compile("^/channels/v1" + re.sub(r"\{[^}]+\}", "[^/]+", op.path) + "$"),
            name,
        )
        for name, (op, _method) in OPERATIONS.items()
        if op.group in ("channels", "configuration")
    ]
    found = set()
    for entry in sandbox.log():
        matches = sorted(
            (placeholders, name)
            for placeholders, method, pattern, name in candidates
            if method == entry["method"] and pattern.match(entry["path"])
        )
        if matches:
            found.add(matches[0][1])
    return found


def test_every_channels_and_configuration_operation_is_reachable_from_the_pages(
    support_client, base, channel_url, ids, sandbox
):
    config = f"{channel_url}configuration"
    element = f"{config}/elements/webhook/{ids.configuration_ids['webhook']}/"
    endpoint = {"url": "https://walk.example.com/in", "method": "POST", "type": "Json"}
    gets = [
        f"{base}/channels/",
        channel_url,
        element,
        f"{base}/requests/",
        f"{base}/requests/{ids.pending_whatsapp_request_id}/",
        f"{base}/channel-types/",
        f"{base}/channel-types/{ids.sms_type_id}/",
    ]
    posts = [
        (f"{element}enabled/", {"enabled": "true"}),
        (f"{config}/messaging-log/set/", {"messaging-log-enabled": "true"}),
        (
            f"{config}/customer-contact/set/",
            {f"customer-contact-{k}": v for k, v in endpoint.items()},
        ),
        (f"{config}/emails/add/", {"email-add-address": "walk@example.com"}),
        (
            f"{config}/emails/{ids.address_id}/update/",
            {f"email-{ids.address_id}-address": "w2@example.com"},
        ),
        (f"{config}/emails/{ids.address_id}/delete/", {"confirm": "yes"}),
        (f"{config}/webhooks/add/", {f"webhook-add-{k}": v for k, v in endpoint.items()}),
        (
            f"{config}/webhooks/{ids.webhook_id}/update/",
            {f"webhook-{ids.webhook_id}-{k}": v for k, v in endpoint.items()},
        ),
        (f"{config}/webhooks/{ids.webhook_id}/delete/", {"confirm": "yes"}),
        (
            f"{config}/event-webhook/{ids.event_webhook_id}/update/",
            {f"event-webhook-{ids.event_webhook_id}-{k}": v for k, v in endpoint.items()},
        ),
        (f"{config}/event-webhook/{ids.event_webhook_id}/delete/", {"confirm": "yes"}),
        (
            f"{config}/event-webhook/add/",
            {f"event-webhook-add-{k}": v for k, v in endpoint.items()},
        ),
        (f"{base}/channel-types/{ids.sms_type_id}/request/create/", {"confirm": "yes"}),
    ]
    for url in gets:
        assert support_client.get(url).status_code == 200, url
    for url, data in posts:
        assert support_client.post(url, data).status_code == 302, url
    expected = {
        name
        for name, (op, _method) in OPERATIONS.items()
        if op.group in ("channels", "configuration")
    }
    assert len(expected) == 22
    assert _operation_names(sandbox) == expected
