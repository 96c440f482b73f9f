"""E-mail addresses of a channel: add, edit and delete inline, a valid address required, and
CM.com's refusals (a duplicate, a failure) shown at the form with what was typed."""

from __future__ import annotations

import json

import pytest

from tests.dashboard.channels.helpers import htmx


@pytest.fixture
def urls(channel_url, ids):
    one = f"{channel_url}configuration/emails/{ids.address_id}/"
    return {
        "add": f"{channel_url}configuration/emails/add/",
        "edit": f"{one}edit/",
        "update": f"{one}update/",
        "confirm": f"{one}confirm-delete/",
        "delete": f"{one}delete/",
    }


def _writes(sandbox):
    return [e for e in sandbox.log() if e["method"] in ("POST", "PUT", "DELETE")]


def test_support_adds_an_email_address(support_client, urls, ids, sandbox):
    response = support_client.post(
        urls["add"], {"email-add-address": "helpdesk@example.com"}, headers=htmx()
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="email-items"')
    assert "helpdesk@example.com" in body
    (write,) = _writes(sandbox)
    assert write["path"].endswith(f"/channel/{ids.channel_id}/configuration/email")
    assert write["body"] == {"email": {"address": "helpdesk@example.com"}}
    assert "email-changed" in json.loads(response.headers["HX-Trigger"])


@pytest.mark.parametrize("typed", ["helpdesk", "helpdesk@", "two words@example.com", ""])
def test_an_invalid_address_is_refused_at_the_field_and_nothing_is_sent(
    support_client, urls, sandbox, typed
):
    response = support_client.post(urls["add"], {"email-add-address": typed}, headers=htmx())
    body = response.content.decode()
    expected = "This field is required." if not typed else "Enter a valid e-mail address"
    assert expected in body
    assert 'id="id_email-add-address_error"' in body
    if typed:
        assert f'value="{typed}"' in body
    assert 'type="email"' in body
    assert _writes(sandbox) == []


def test_a_duplicate_address_shows_cm_refusal_and_keeps_what_was_typed(
    support_client, urls, ids, sandbox
):
    response = support_client.post(urls["add"], {"email-add-address": ids.address}, headers=htmx())
    body = response.content.decode()
    assert "The e-mail address was not added. CM.com said this conflicts:" in body
    assert f'value="{ids.address}"' in body


def test_editing_an_address_swaps_the_row(support_client, urls, ids, sandbox):
    form = support_client.get(urls["edit"], headers=htmx()).content.decode()
    assert f'value="{ids.address}"' in form
    response = support_client.post(
        urls["update"], {f"email-{ids.address_id}-address": "ops@example.com"}, headers=htmx()
    )
    body = response.content.decode()
    assert body.lstrip().startswith(f'<li id="email-{ids.address_id}"')
    assert "ops@example.com" in body
    assert ids.address not in body
    (write,) = _writes(sandbox)
    assert (write["method"], write["body"]) == ("PUT", {"email": {"address": "ops@example.com"}})
    assert write["path"].endswith(
        f"/channels/{ids.channel_id}/configuration/email/{ids.address_id}"
    )


def test_deleting_an_address_asks_first_then_removes_it(support_client, urls, ids, sandbox):
    question = support_client.get(urls["confirm"], headers=htmx()).content.decode()
    assert f"Delete <strong>{ids.address}</strong>?" in question
    assert _writes(sandbox) == []
    response = support_client.post(urls["delete"], {"confirm": "yes"}, headers=htmx())
    assert response.content.decode().strip() == ""
    (write,) = _writes(sandbox)
    assert write["method"] == "DELETE"
    assert write["path"].endswith(f"/channel/{ids.channel_id}/configuration/email/{ids.address_id}")


def test_deleting_an_address_that_is_already_gone_is_a_404_that_says_so(
    support_client, urls, ids, sandbox
):
    support_client.post(urls["delete"], {"confirm": "yes"}, headers=htmx())
    response = support_client.post(urls["delete"], {"confirm": "yes"}, headers=htmx())
    assert response.status_code == 404
    assert response.headers["HX-Reswap"] == "none"
    assert "CM.com has no such e-mail address" in response.headers["HX-Trigger"]
    assert len(_writes(sandbox)) == 1


def test_marketing_cannot_change_email_addresses(marketing_client, urls, sandbox):
    for name in ("add", "update", "delete"):
        assert marketing_client.post(urls[name], {"confirm": "yes"}).status_code == 403
    assert marketing_client.get(urls["edit"]).status_code == 403
    assert _writes(sandbox) == []
