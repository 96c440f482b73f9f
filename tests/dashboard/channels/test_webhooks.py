"""Webhook endpoints of a channel: add, edit and delete inline against the sandbox, with the
values checked before anything is sent (absolute http(s) URL; method POST, GET, PUT or
UNKNOWN; type Json, Xml or Custom) and CM.com's refusals shown at the form."""

from __future__ import annotations

import json

import pytest

from tests.dashboard.channels.helpers import htmx


@pytest.fixture
def urls(channel_url, ids):
    config = f"{channel_url}configuration/webhooks/"
    one = f"{config}{ids.webhook_id}/"
    return {
        "add": f"{config}add/",
        "show": one,
        "edit": f"{one}edit/",
        "update": f"{one}update/",
        "confirm": f"{one}confirm-delete/",
        "delete": f"{one}delete/",
    }


def _writes(sandbox):
    return [e for e in sandbox.log() if e["method"] in ("POST", "PUT", "DELETE")]


def test_support_adds_a_webhook_and_the_list_shows_it(support_client, urls, ids, sandbox):
    response = support_client.post(
        urls["add"],
        {
            "webhook-add-url": "https://hooks.example.com/cm",
            "webhook-add-method": "PUT",
            "webhook-add-type": "Xml",
        },
        headers=htmx(),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="webhook-items"')
    assert "https://hooks.example.com/cm" in body
    assert ids.webhook_url in body  # the others are still listed
    (write,) = _writes(sandbox)
    assert write["path"].endswith(f"/channel/{ids.channel_id}/configuration/webhook")
    assert write["body"] == {
        "endpoint": {"method": "PUT", "url": "https://hooks.example.com/cm", "type": "Xml"}
    }
    events = json.loads(response.headers["HX-Trigger"])
    assert "webhook-changed" in events
    assert events["toast"]["items"][0]["message"] == "Webhook added: https://hooks.example.com/cm"


def test_without_htmx_adding_redirects_to_the_channel_which_shows_the_new_webhook(
    support_client, urls, channel_url, sandbox
):
    response = support_client.post(
        urls["add"],
        {
            "webhook-add-url": "http://intranet.example/in",
            "webhook-add-method": "POST",
            "webhook-add-type": "Json",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#element-webhook")
    assert "http://intranet.example/in" in support_client.get(channel_url).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "url",
            "hooks.example.com/cm",
            "Enter an absolute URL that starts with http:// or https://.",
        ),
        ("url", "ftp://files.example.com/in", "Enter an absolute URL that starts with http://"),
        ("url", "", "This field is required."),
        ("method", "DELETE", "Select a valid choice. DELETE is not one of the available choices."),
        ("type", "Html", "Select a valid choice. Html is not one of the available choices."),
    ],
)
def test_an_invalid_webhook_comes_back_with_the_message_at_the_field_and_nothing_is_sent(
    support_client, urls, sandbox, field, value, message
):
    data = {"url": "https://hooks.example.com/cm", "method": "POST", "type": "Json", field: value}
    response = support_client.post(
        urls["add"], {f"webhook-add-{k}": v for k, v in data.items()}, headers=htmx()
    )
    assert response.status_code == 200
    body = response.content.decode()
    # The message is in the error list tied to the input.
    _, tied = body.split(f'<ul class="errorlist" id="id_webhook-add-{field}_error">', 1)
    assert message in tied.split("</ul>", 1)[0]
    if field == "url" and value:
        assert f'value="{value}"' in body  # what was typed is still there
    assert _writes(sandbox) == []


def test_the_edit_form_swaps_into_the_row_filled_with_the_webhook(
    support_client, urls, ids, sandbox
):
    response = support_client.get(urls["edit"], headers=htmx())
    body = response.content.decode()
    assert body.lstrip().startswith(f'<li id="webhook-{ids.webhook_id}"')
    assert f'value="{ids.webhook_url}"' in body
    assert "Save webhook" in body
    assert "Cancel" in body


def test_editing_a_webhook_url_swaps_the_row_in_place(support_client, urls, ids, sandbox):
    response = support_client.post(
        urls["update"],
        {
            f"webhook-{ids.webhook_id}-url": "https://new.example.com/inbound",
            f"webhook-{ids.webhook_id}-method": "POST",
            f"webhook-{ids.webhook_id}-type": "Json",
        },
        headers=htmx(),
    )
    body = response.content.decode()
    assert body.lstrip().startswith(f'<li id="webhook-{ids.webhook_id}"')
    assert "https://new.example.com/inbound" in body
    assert "Save webhook" not in body  # back to showing the row
    (write,) = _writes(sandbox)
    assert write["method"] == "PUT"
    assert write["path"].endswith(
        f"/channels/{ids.channel_id}/configuration/webhook/{ids.webhook_id}"
    )
    assert "webhook-changed" in json.loads(response.headers["HX-Trigger"])


def test_an_invalid_edit_keeps_the_row_in_edit_mode_with_what_was_typed(
    support_client, urls, ids, sandbox
):
    response = support_client.post(
        urls["update"],
        {
            f"webhook-{ids.webhook_id}-url": "not a url",
            f"webhook-{ids.webhook_id}-method": "POST",
            f"webhook-{ids.webhook_id}-type": "Json",
        },
        headers=htmx(),
    )
    body = response.content.decode()
    assert 'value="not a url"' in body
    assert "Enter an absolute URL" in body
    assert 'aria-invalid="true"' in body
    assert _writes(sandbox) == []


def test_an_upstream_503_on_save_shows_the_message_and_keeps_the_form(
    support_client, urls, ids, sandbox
):
    sandbox.fault("PUT", "/accounts/*", status=503, count=10)
    typed = "https://typed.example.com/keep-me"
    response = support_client.post(
        urls["update"],
        {
            f"webhook-{ids.webhook_id}-url": typed,
            f"webhook-{ids.webhook_id}-method": "GET",
            f"webhook-{ids.webhook_id}-type": "Custom",
        },
        headers=htmx(),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The webhook was not saved. CM.com failed on its side (status 503)" in body
    assert f'value="{typed}"' in body
    assert '<option value="GET" selected>' in body
    assert '<option value="Custom" selected>' in body


def test_without_htmx_a_refused_add_shows_the_whole_page_with_the_message_at_the_form(
    support_client, urls, sandbox
):
    sandbox.fault("POST", "/accounts/*", status=422)
    typed = "https://typed.example.com/hook"
    response = support_client.post(
        urls["add"],
        {"webhook-add-url": typed, "webhook-add-method": "POST", "webhook-add-type": "Json"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>" in body
    add_form = body[body.index('id="webhook-items"') :]
    assert "The webhook was not added. CM.com refused the request" in add_form
    assert f'value="{typed}"' in add_form


def test_deleting_asks_first_and_sends_nothing_until_confirmed(support_client, urls, ids, sandbox):
    question = support_client.get(urls["confirm"], headers=htmx()).content.decode()
    assert question.lstrip().startswith(f'<li id="webhook-{ids.webhook_id}"')
    assert f'Delete the webhook <strong class="ch-url">{ids.webhook_url}</strong>?' in question
    assert 'name="confirm" value="yes"' in question
    unconfirmed = support_client.post(urls["delete"], headers=htmx())
    assert "Confirm first: nothing was changed." in unconfirmed.content.decode()
    assert _writes(sandbox) == []


def test_a_confirmed_delete_removes_the_row(support_client, urls, ids, channel_url, sandbox):
    response = support_client.post(urls["delete"], {"confirm": "yes"}, headers=htmx())
    assert response.status_code == 200
    assert response.content.decode().strip() == ""
    (write,) = _writes(sandbox)
    assert write["method"] == "DELETE"
    assert write["path"].endswith(
        f"/channel/{ids.channel_id}/configuration/webhook/{ids.webhook_id}"
    )
    events = json.loads(response.headers["HX-Trigger"])
    assert events["toast"]["items"][0]["message"] == f"Webhook deleted: {ids.webhook_url}"
    assert ids.webhook_url not in support_client.get(channel_url).content.decode()


def test_the_delete_question_works_without_javascript(
    support_client, urls, ids, channel_url, sandbox
):
    page = support_client.get(urls["confirm"])
    body = page.content.decode()
    assert "<h1>" in body
    assert "Delete webhook" in body
    response = support_client.post(urls["delete"], {"confirm": "yes"})
    assert response.status_code == 302
    after = support_client.get(channel_url).content.decode()
    assert f'<li id="webhook-{ids.webhook_id}"' not in after
    assert f"Webhook deleted: {ids.webhook_url}" in after


def test_cancel_shows_the_row_again(support_client, urls, ids, sandbox):
    body = support_client.get(urls["show"], headers=htmx()).content.decode()
    assert body.lstrip().startswith(f'<li id="webhook-{ids.webhook_id}"')
    assert ids.webhook_url in body
    assert "Edit <span" in body


def test_a_webhook_that_is_gone_is_not_found(support_client, channel_url, sandbox):
    url = f"{channel_url}configuration/webhooks/00000000-0000-4000-8000-000000000000/edit/"
    assert support_client.get(url, headers=htmx()).status_code == 404


def test_marketing_cannot_add_edit_or_delete_a_webhook(marketing_client, urls, sandbox):
    for name in ("add", "update", "delete"):
        assert marketing_client.post(urls[name], {"confirm": "yes"}).status_code == 403
    for name in ("edit", "confirm"):
        assert marketing_client.get(urls[name]).status_code == 403
    assert marketing_client.get(urls["show"]).status_code == 200
    assert _writes(sandbox) == []
