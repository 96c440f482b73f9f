"""Channel types with their costs (paged upstream), and one type with its notice period and
categories ("Get available categories for a channel type")."""

from __future__ import annotations

from tests.dashboard.channels.helpers import api_calls, htmx


def test_types_show_their_costs_currency_and_processing_days(support_client, base, sandbox):
    response = support_client.get(f"{base}/channel-types/")
    body = response.content.decode()
    body = body[body.index('id="type-list"') :]
    whatsapp_row = body[body.index(">WhatsApp</a>") :][:600]
    for shown in ("<td>250.00</td>", "<td>50.00</td>", "<td>EUR</td>", "<td>7 days</td>"):
        assert shown in whatsapp_row
    sms_row = body[body.index(">SMS</a>") :][:600]
    assert "<td>0.00</td>" in sms_row
    assert "<td>1 day</td>" in sms_row
    (read,) = sandbox.log()
    assert (read["params"]["skip"], read["params"]["take"]) == (["0"], ["21"])


def test_support_sees_a_request_button_and_marketing_does_not(
    support_client, marketing_client, base, sandbox
):
    assert "Request <span" in support_client.get(f"{base}/channel-types/").content.decode()
    assert "Request <span" not in marketing_client.get(f"{base}/channel-types/").content.decode()


def test_a_type_shows_its_notice_period_and_categories(support_client, base, ids, sandbox):
    response = support_client.get(f"{base}/channel-types/{ids.whatsapp_type_id}/")
    body = response.content.decode()
    assert "<h1>WhatsApp</h1>" in body
    assert "<dt>Notice period</dt><dd>30 days</dd>" in body
    assert "<dt>Start-up cost</dt><dd>EUR 250.00</dd>" in body
    for category in ("Templates", "Profiles", "Business account"):
        assert f"<li>{category}</li>" in body
    assert "businessAccount" not in body
    assert sorted(api_calls(sandbox)) == [
        f"GET /channels/types/{ids.whatsapp_type_id}",
        f"GET /channels/types/{ids.whatsapp_type_id}/categories",
    ]
    sandbox.clear_log()
    support_client.get(f"{base}/channel-types/{ids.whatsapp_type_id}/")
    assert api_calls(sandbox) == []


def test_when_the_categories_fail_the_costs_still_show(support_client, base, ids, sandbox):
    path = f"{base.replace('/a/', '/accounts/')}/channels/types/{ids.whatsapp_type_id}/categories"
    sandbox.fault("GET", path, status=500, count=10)
    body = support_client.get(f"{base}/channel-types/{ids.whatsapp_type_id}/").content.decode()
    assert "The categories could not be loaded from CM.com." in body
    assert "<dt>Notice period</dt><dd>30 days</dd>" in body


def test_paging_swaps_the_rows_only_with_working_links(
    support_client, account_a, base, ids, sandbox
):
    from django.urls import reverse

    response = support_client.get(f"{base}/channel-types/", {"page": 1}, headers=htmx())
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<tbody id="type-list"')
    assert "<thead" not in fragment
    request_url = reverse(
        "channels:request_channel",
        kwargs={"account_id": account_a.account_id, "channel_type_id": ids.whatsapp_type_id},
    )
    assert f'<a href="{request_url}" hx-get="{request_url}">Request' in fragment
    assert support_client.get(request_url).status_code == 200
