"""What the template list sends: paging swaps only the rows and the pager, the rows are light,
and the list loads the studio's styles but not the editor's script."""

from __future__ import annotations

HX = {"HX-Request": "true"}


def test_paging_with_htmx_answers_only_the_rows_and_the_pager_out_of_band(marketing_client, studio):
    body = marketing_client.get(studio.url("list", page="2"), headers=HX).content.decode()
    assert body.startswith('<tbody id="template-rows">')
    assert '<nav id="template-pager" class="pager" aria-label="Pages" hx-swap-oob="true">' in body
    assert "<thead>" not in body
    assert body.count("<tr>") == 10
    assert 'href="?page=1"' in body


def test_a_page_of_rows_is_at_most_a_fifth_of_the_page(admin_client, studio):
    page = admin_client.get(studio.url("list")).content
    rows = admin_client.get(studio.url("list", page="2"), headers=HX).content
    assert len(rows) * 5 <= len(page), f"{len(rows)} of {len(page)} bytes"


def test_filtering_with_htmx_answers_the_results_with_what_was_filtered(marketing_client, studio):
    body = marketing_client.get(studio.url("list", status="rejected"), headers=HX).content.decode()
    assert body.lstrip().startswith('<section id="template-results"')
    assert "category and status are filtered here" in body


def test_a_pager_link_aimed_at_the_results_gets_the_results(marketing_client, studio):
    headers = {**HX, "HX-Target": "template-results"}
    body = marketing_client.get(studio.url("list", page="2"), headers=headers).content.decode()
    assert body.lstrip().startswith('<section id="template-results"')


def test_a_language_has_a_badge_only_when_its_status_is_not_the_templates(support_client, studio):
    body = support_client.get(studio.url("list", page="2"), headers=HX).content.decode()
    boarding = body[body.index("boarding_pass") :].split("<tr>")[0]
    assert "English (US)" in boarding
    assert "English (US): Rejected" not in boarding
    renewal = body[body.index("subscription_renewal") :].split("<tr>")[0]
    assert '<span class="status-rejected">Dutch: Rejected</span>' in renewal
    assert "English (US), " in renewal


def test_the_list_loads_the_studio_styles_but_not_its_script(marketing_client, studio):
    body = marketing_client.get(studio.url("list")).content.decode()
    assert "app/studio.css" in body
    assert "app/studio.js" not in body
    editor = marketing_client.get(studio.url("edit", studio.template_id("order_confirmation")))
    assert "app/studio.js" in editor.content.decode()
