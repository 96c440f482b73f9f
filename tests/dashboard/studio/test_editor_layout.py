"""The editor's page around its content is written while CM.com answers (studio/layout.py),
and the title and content put in it after: the page is byte for byte the one the template
writes whole (CSRF tokens aside, which differ on every page), for authors and readers, in
English and Dutch, with a toast, and when CM.com cannot give the template."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from dashboard.studio import layout
from dashboard.upstream import UpstreamFailure

HOSTILE = "\"><script>alert(1)</script>&amp; 'x'"
_TOKENS = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+')


def _same_tokens(body: bytes) -> str:
    return _TOKENS.sub(r"\1TOKEN", body.decode())


def _both(client, url, monkeypatch, **extra) -> tuple[str, str]:
    """The page written around its layout, and written whole."""
    split = client.get(url, **extra)
    with monkeypatch.context() as patched:
        patched.setattr(layout, "written", lambda request: None)
        whole = client.get(url, **extra)
    assert split.status_code == whole.status_code == 200
    return _same_tokens(split.content), _same_tokens(whole.content)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_authors_page_written_around_its_layout_is_the_page_written_whole(
    marketing_client, studio, monkeypatch, language
):
    template_id = studio.template_id("order_confirmation")
    split, whole = _both(
        marketing_client,
        studio.url("edit", template_id),
        monkeypatch,
        headers={"Accept-Language": language},
    )
    assert split == whole
    assert '<h1 id="studio-title">order_confirmation</h1>' in split
    title = "WhatsApp-sjablonen" if language == "nl" else "WhatsApp templates"
    assert f"<title>order_confirmation · {title} · " in split


def test_a_readers_page_written_around_its_layout_is_the_page_written_whole(
    support_client, studio, monkeypatch
):
    split, whole = _both(
        support_client, studio.url("edit", studio.template_id("spring_sale")), monkeypatch
    )
    assert split == whole
    assert 'class="facts"' in split


def test_a_template_cm_cannot_give_is_said_the_same_around_the_layout(
    marketing_client, studio, monkeypatch
):
    template_id = studio.template_id("spring_sale")
    studio.sandbox.fault(
        "GET",
        f"/channels/v1/accounts/{studio.account.account_id}{studio.template_path(template_id)}",
        status=500,
        count=10,
    )
    split, whole = _both(marketing_client, studio.url("edit", template_id), monkeypatch)
    assert split == whole
    assert "This template could not be loaded from CM.com." in split


def test_a_toast_is_shown_on_the_page_written_around_its_layout_and_then_gone(
    marketing_client, studio
):
    template_id = studio.template_id("order_confirmation")
    response = marketing_client.post(studio.url("duplicate", template_id))
    assert response.status_code == 302

    page = marketing_client.get(response["Location"]).content.decode()
    assert page.count('<div class="toast toast-') == 1
    assert "Copy made" in page
    again = marketing_client.get(response["Location"]).content.decode()
    assert '<div class="toast toast-' not in again


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(
    "template",
    [
        SimpleNamespace(name=HOSTILE),
        SimpleNamespace(name="Bestelling & Co"),
        SimpleNamespace(name=None),
        UpstreamFailure(kind="unavailable", message="CM.com is unavailable."),
    ],
)
def test_the_title_is_written_as_the_templates_block_writes_it(template, language):
    block = Template(
        '{% load i18n %}{% if template|failed %}{% translate "Template" %}{% else %}'
        '{{ template.name }}{% endif %} · {% translate "WhatsApp templates" %}'
    )
    with translation.override(language):
        assert layout._title(template) == block.render(Context({"template": template}))
    assert "<script>" not in layout._title(SimpleNamespace(name=HOSTILE))


def test_a_part_asked_for_without_htmx_is_the_whole_page_that_varies_on_htmx(
    marketing_client, studio, monkeypatch
):
    url = studio.url("edit", studio.template_id("order_confirmation"), part="summary")
    split, whole = _both(marketing_client, url, monkeypatch)
    assert split == whole
    assert '<h2 id="studio-preview-title">' in split
    assert "HX-Request" in marketing_client.get(url)["Vary"]
