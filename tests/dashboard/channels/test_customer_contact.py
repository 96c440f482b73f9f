"""The customer contact endpoint: set it (method POST only; type Xml or Json; an absolute
http(s) URL), inline, with the form filled with the current one."""

from __future__ import annotations

import json

import pytest

from tests.dashboard.channels.helpers import htmx


def _writes(sandbox):
    return [e for e in sandbox.log() if e["method"] in ("POST", "PUT", "DELETE")]


def _fields(url, method="POST", type_="Xml"):
    return {
        "customer-contact-url": url,
        "customer-contact-method": method,
        "customer-contact-type": type_,
    }


def test_the_form_is_filled_with_the_current_endpoint(support_client, channel_url, sandbox):
    page = support_client.get(channel_url)
    current = page.context["inbound"].customer_contact.endpoints
    body = support_client.get(
        f"{channel_url}configuration/customer-contact/edit/", headers=htmx()
    ).content.decode()
    assert body.lstrip().startswith('<div id="customer-contact"')
    if current:
        assert f'value="{current[0].url}"' in body
    assert "Save customer contact endpoint" in body


def test_support_sets_the_customer_contact_endpoint(support_client, channel_url, ids, sandbox):
    response = support_client.post(
        f"{channel_url}configuration/customer-contact/set/",
        _fields("https://crm.example.com/contact", type_="Json"),
        headers=htmx(),
    )
    body = response.content.decode()
    assert "https://crm.example.com/contact" in body
    assert "Change <span" in body
    (write,) = _writes(sandbox)
    assert write["path"].endswith(f"/channel/{ids.channel_id}/configuration/customercontact")
    assert write["body"] == {
        "endpoint": {"method": "POST", "url": "https://crm.example.com/contact", "type": "Json"}
    }
    assert "customer-contact-changed" in json.loads(response.headers["HX-Trigger"])


@pytest.mark.parametrize(
    ("field", "value"),
    [("method", "GET"), ("type", "Custom"), ("url", "mailto:crm@example.com"), ("url", "")],
)
def test_values_outside_the_documented_sets_are_refused_at_the_field(
    support_client, channel_url, sandbox, field, value
):
    data = {"url": "https://crm.example.com/contact", "method": "POST", "type": "Xml", field: value}
    response = support_client.post(
        f"{channel_url}configuration/customer-contact/set/",
        {f"customer-contact-{k}": v for k, v in data.items()},
        headers=htmx(),
    )
    body = response.content.decode()
    assert f'id="id_customer-contact-{field}_error"' in body
    assert _writes(sandbox) == []


def test_a_failure_keeps_what_was_typed(support_client, channel_url, sandbox):
    sandbox.fault("POST", "/accounts/*", status=429, retry_after="30")
    response = support_client.post(
        f"{channel_url}configuration/customer-contact/set/",
        _fields("https://crm.example.com/typed"),
        headers=htmx(),
    )
    body = response.content.decode()
    assert "The customer contact endpoint was not saved. Too many requests to CM.com" in body
    assert 'value="https://crm.example.com/typed"' in body


def test_marketing_cannot_set_the_customer_contact_endpoint(marketing_client, channel_url, sandbox):
    url = f"{channel_url}configuration/customer-contact/set/"
    assert marketing_client.post(url, _fields("https://crm.example.com/x")).status_code == 403
    assert _writes(sandbox) == []
