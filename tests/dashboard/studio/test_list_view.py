"""The template list: search by name (sent to CM.com), paged upstream with skip/take, filtered
by category and status (here, said so on the page), status in words per template and language."""

from __future__ import annotations

import re
from urllib.parse import parse_qs

HX = {"HX-Request": "true"}


def _list_calls(studio):
    return [
        parse_qs(entry["query"])
        for entry in studio.sandbox.log()
        if entry["method"] == "GET" and entry["path"].endswith(studio.template_path())
    ]


def _template_links(body, studio):
    # Rows link relative to the list, under which each template's page sits.
    return len(re.findall(r'<a href="[0-9a-f-]{36}/"', body))


def _main(response):
    body = response.content.decode()
    return body[body.index("<main") :] if "<main" in body else body


def test_the_first_page_asks_cm_for_one_more_than_a_page_and_links_the_next(
    marketing_client, studio
):
    response = marketing_client.get(studio.url("list"))
    assert response.status_code == 200
    assert _list_calls(studio) == [{"skip": ["0"], "take": ["21"]}]
    body = _main(response)
    assert _template_links(body, studio) == 20
    assert "Next page" in body
    assert "Previous page" not in body


def test_the_second_page_skips_the_first_and_has_no_next(marketing_client, studio):
    response = marketing_client.get(studio.url("list", page="2"))
    assert _list_calls(studio) == [{"skip": ["20"], "take": ["21"]}]
    body = _main(response)
    assert _template_links(body, studio) == 10
    assert "Previous page" in body
    assert "Next page" not in body


def test_a_repeat_view_makes_no_upstream_call_and_the_first_makes_one_per_resource(
    marketing_client, studio
):
    marketing_client.get(studio.url("list"))
    paths = sorted(path for _method, path in studio.calls("GET"))
    assert paths == [studio.template_path(), studio.template_path() + "/categories"]
    studio.sandbox.clear_log()
    marketing_client.get(studio.url("list"))
    assert studio.calls() == []


def test_search_is_sent_to_cm_and_only_matching_templates_show(marketing_client, studio):
    response = marketing_client.get(studio.url("list", q="payment"), headers=HX)
    assert _list_calls(studio) == [{"q": ["payment"], "skip": ["0"], "take": ["21"]}]
    body = response.content.decode()
    assert body.startswith('\n<section id="template-results"') or 'id="template-results"' in body
    assert "payment_received" in body
    assert "payment_overdue" in body
    assert "order_confirmation" not in body
    assert "<main" not in body


def test_status_filter_is_applied_here_over_the_whole_list_and_the_page_says_so(
    support_client, studio
):
    response = support_client.get(studio.url("list", status="rejected"))
    body = _main(response)
    for name in ("spring_sale", "boarding_pass", "missed_call_followup"):
        assert name in body
    assert "order_confirmation" not in body
    assert "category and status are filtered here" in body
    assert "looked through all 30 templates" in body
    assert _list_calls(studio) == [{"skip": ["0"], "take": ["100"]}]


def test_category_filter_uses_the_categories_cm_offers_named_in_words(marketing_client, studio):
    response = marketing_client.get(studio.url("list", category="PAYMENT_UPDATE"))
    body = _main(response)
    assert '<option value="PAYMENT_UPDATE" selected>Payment update</option>' in body
    assert '<option value="MARKETING">Marketing</option>' in body
    assert "payment_received" in body
    assert "refund_processed" in body
    assert "order_confirmation" not in body


def test_a_filtered_walk_stops_at_its_bound_and_says_where(marketing_client, studio, monkeypatch):
    from dashboard.studio import selectors

    monkeypatch.setattr(selectors, "SCAN_PAGE_SIZE", 5)
    monkeypatch.setattr(selectors, "MAX_SCAN_PAGES", 2)
    response = marketing_client.get(studio.url("list", status="rejected"))
    assert [q["skip"] for q in _list_calls(studio)] == [["0"], ["5"]]
    body = _main(response)
    assert "looked through the first 10 templates" in body
    assert "search by name to narrow the list" in body


def test_each_template_shows_its_status_and_each_languages_status_in_words(support_client, studio):
    body = _main(support_client.get(studio.url("list", page="2")))
    assert '<span class="status-active">Active</span>' in body
    assert '<span class="status-rejected">Rejected</span>' in body
    assert '<span class="status-validation_requested">Validation requested</span>' in body
    # subscription_renewal: one language approved, one rejected, one awaiting its verdict.
    assert "Dutch: Rejected" in body
    assert "German: Validation requested" in body


def test_only_authors_see_new_template(marketing_client, support_client, studio):
    assert "New template" in _main(marketing_client.get(studio.url("list")))
    assert "New template" not in _main(support_client.get(studio.url("list")))


def test_an_upstream_failure_shows_in_place_in_words_with_try_again(marketing_client, studio):
    studio.sandbox.fault(
        "GET",
        f"/channels/v1/accounts/{studio.account.account_id}{studio.template_path()}",
        status=503,
        count=10,
    )
    response = marketing_client.get(studio.url("list", q="order"))
    assert response.status_code == 200
    body = _main(response)
    assert "Your WhatsApp templates could not be loaded from CM.com." in body
    assert "CM.com failed on its side (status 503)" in body
    assert "Try again" in body
    assert 'value="order"' in body


def test_each_template_shows_its_category_in_words(support_client, studio):
    body = _main(support_client.get(studio.url("list", q="order_confirmation")))
    row = body[body.index(">order_confirmation</a>") :][:200]
    assert "<td>Utility<td>" in row
    assert ">UTILITY<" not in body  # only the filter's option values keep CM.com's name
