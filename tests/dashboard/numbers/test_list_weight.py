"""What the filtered lists send: filtering and paging swap only the results (the filters stay
as typed in the browser) unless the filters have errors, and the rows are light."""

from __future__ import annotations

from tests.dashboard.numbers.helpers import url

HX = {"HX-Request": "true"}


def test_filtering_with_htmx_answers_the_results_without_the_filters(support_client, account_a):
    response = support_client.get(url("keywords", account_a), {"country": "NL"}, headers=HX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="keyword-panel">')
    assert "<form" not in body
    assert ">TULIP<span" in body
    assert "HX-Retarget" not in response.headers


def test_filters_with_an_error_come_back_at_the_fields_and_aim_at_both_until_fixed(
    support_client, account_a
):
    response = support_client.get(url("keywords", account_a), {"keyword": "wín!"}, headers=HX)
    body = response.content.decode()
    assert response.headers["HX-Retarget"] == "#keyword-area"
    assert body.lstrip().startswith('<div id="keyword-area">')
    assert "A keyword can only hold the letters A-Z and the digits 0-9" in body
    assert 'value="wín!"' in body
    assert 'hx-target="#keyword-area"' in body
    assert "Fix the filters above to see keywords." in body


def test_once_fixed_the_filters_come_back_clean_and_aim_at_the_results_again(
    support_client, account_a
):
    headers = {**HX, "HX-Target": "keyword-area"}
    body = support_client.get(
        url("keywords", account_a), {"keyword": "win"}, headers=headers
    ).content.decode()
    assert body.lstrip().startswith('<div id="keyword-area">')
    assert "A keyword can only hold" not in body
    assert 'hx-target="#keyword-panel"' in body
    assert ">WIN<span" in body


def test_filtered_results_are_at_most_a_fifth_of_their_page(admin_client, account_a):
    for name in ("list", "keywords", "types", "requests"):
        page = admin_client.get(url(name, account_a)).content
        part = admin_client.get(url(name, account_a), {"country": "NL"}, headers=HX).content
        assert len(part) * 5 <= len(page), f"{name}: {len(part)} of {len(page)} bytes"


def test_the_number_types_share_one_form_to_check_a_cost(support_client, account_a):
    body = support_client.get(url("types", account_a), {"country": "NL"}, headers=HX)
    html = body.content.decode()
    assert html.count("<form") == 1
    assert html.count("csrfmiddlewaretoken") == 1
    assert html.count('name="number_type_id"') >= 2


def test_rows_link_relative_to_the_list(support_client, account_a):
    body = support_client.get(url("keywords", account_a), {"country": "NL"}, headers=HX)
    html = body.content.decode()
    assert f'href="{url("keywords", account_a)}' not in html
    # One link a row (the <tr>s less the head's), and the export.
    assert html.count('<a href="') == html.count("<tr>")
