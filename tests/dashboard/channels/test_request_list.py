"""Channel requests: filtered by channel type, one page at a time (skip/take upstream), named
by type, pending ones with their expected date and an overdue flag."""

from __future__ import annotations

from dashboard.upstream import client_for
from tests.dashboard.channels.helpers import htmx, in_one_round


def _list_reads(sandbox):
    return [e for e in sandbox.log() if e["path"].endswith("/channels/requests")]


def test_requests_show_type_status_and_expected_date(support_client, base, ids, sandbox):
    response = support_client.get(f"{base}/requests/")
    assert response.status_code == 200
    rows = response.context["requests"].items
    assert len(rows) == 5
    assert {row.type_name for row in rows} == {"SMS", "WhatsApp"}
    assert {row.status for row in rows} == {"active", "pending", "inactive"}
    pending_sms = next(r for r in rows if r.request.id == ids.pending_sms_request_id)
    # Requested over a day ago, SMS takes one processing day: overdue.
    assert pending_sms.overdue is True
    pending_whatsapp = next(r for r in rows if r.request.id == ids.pending_whatsapp_request_id)
    assert pending_whatsapp.overdue is False
    body = response.content.decode()
    assert body.count(">Overdue</span>") == 1


def test_filtering_by_type_asks_cm_for_that_type_only(support_client, base, ids, sandbox):
    response = support_client.get(f"{base}/requests/", {"type": ids.whatsapp_type_id})
    rows = response.context["requests"].items
    assert len(rows) == 3
    assert {row.type_name for row in rows} == {"WhatsApp"}
    (read,) = _list_reads(sandbox)
    assert read["params"]["channelTypeId"] == [ids.whatsapp_type_id]
    assert f'<option value="{ids.whatsapp_type_id}" selected>' in response.content.decode()


def test_a_type_that_is_not_on_offer_is_refused_at_the_field(support_client, base, sandbox):
    response = support_client.get(f"{base}/requests/", {"type": "not-a-type"}, headers=htmx())
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="request-list"')
    assert "Choose a channel type from the list: not-a-type is not one" in body
    assert _list_reads(sandbox) == []


def test_requests_are_paged_upstream_and_a_next_page_is_offered(
    support_client, account_a, base, ids, sandbox
):
    with client_for(account_a) as client:
        for _ in range(17):  # 5 seeded + 17 = 22: one more than a page of 20
            client.channels.request(ids.sms_type_id)
    sandbox.clear_log()
    first = support_client.get(f"{base}/requests/")
    assert len(first.context["requests"].items) == 20
    assert first.context["requests"].has_next
    (read,) = _list_reads(sandbox)
    assert (read["params"]["skip"], read["params"]["take"]) == (["0"], ["21"])
    assert "Next page" in first.content.decode()
    sandbox.clear_log()
    second = support_client.get(f"{base}/requests/", {"page": 2}, headers=htmx())
    fragment = second.content.decode()
    assert fragment.count("<tr><td><a href=") == 2
    assert "Next page" not in fragment
    (read,) = _list_reads(sandbox)
    assert (read["params"]["skip"], read["params"]["take"]) == (["20"], ["21"])
    assert "Previous page" in second.content.decode()


def test_the_page_reads_twice_at_once_and_nothing_on_a_repeat_view(support_client, base, sandbox):
    support_client.get(f"{base}/requests/")
    paths = sorted(e["path"].rsplit("/channels", 1)[-1] for e in sandbox.log())
    assert paths == ["/requests", "/types"]
    sandbox.clear_log()
    support_client.get(f"{base}/requests/")
    assert sandbox.log() == []


def test_when_the_types_fail_the_requests_still_show_by_type_id(support_client, base, ids, sandbox):
    sandbox.fault(
        "GET", f"{base.replace('/a/', '/accounts/')}/channels/types", status=500, count=10
    )
    response = support_client.get(f"{base}/requests/")
    body = response.content.decode()
    assert "Channel types could not be loaded from CM.com" in body
    assert ids.whatsapp_type_id in body
    assert len(response.context["requests"].items) == 5


def test_the_page_and_the_types_are_asked_for_in_one_round(support_client, base, ids, sandbox):
    sandbox.settings(latency_ms=300)
    response = support_client.get(f"{base}/requests/", {"type": ids.whatsapp_type_id})
    assert len(response.context["requests"].items) == 3
    entries = sandbox.log()
    assert sorted(e["path"].rsplit("/channels", 1)[-1] for e in entries) == ["/requests", "/types"]
    assert in_one_round(entries)


def test_a_filter_swaps_the_list_and_leaves_the_form_alone(support_client, base, ids, sandbox):
    response = support_client.get(
        f"{base}/requests/", {"type": ids.whatsapp_type_id, "page": 1}, headers=htmx()
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="request-list"')
    assert "<form" not in fragment
    assert fragment.count("<tr><td><a href=") == 3
    assert f'<a href="{base}/requests/{ids.pending_whatsapp_request_id}/">' in fragment


def test_a_refused_type_sends_the_form_with_its_message_out_of_band(support_client, base, sandbox):
    response = support_client.get(f"{base}/requests/", {"type": "not-a-type"}, headers=htmx())
    fragment = response.content.decode()
    form = fragment[fragment.index("<form") :]
    assert 'id="request-filter"' in form[:200]
    assert 'hx-swap-oob="true"' in form[: form.index(">")]
    assert "X-Filter-Error" in form[: form.index(">")]
    assert "is not one this account can request" in form


def test_after_a_refused_type_the_next_filter_clears_the_message(
    support_client, base, ids, sandbox
):
    response = support_client.get(
        f"{base}/requests/",
        {"type": ids.whatsapp_type_id},
        headers=htmx(**{"X-Filter-Error": "1"}),
    )
    fragment = response.content.decode()
    form = fragment[fragment.index("<form") :]
    assert 'hx-swap-oob="true"' in form[: form.index(">")]
    assert "X-Filter-Error" not in form
    assert "is not one" not in form
    assert f'<option value="{ids.whatsapp_type_id}" selected>' in form
