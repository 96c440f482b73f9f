"""What the WhatsApp home sends: the active languages are their own small part, and the ~70
supported languages to activate share one form instead of a form (and a CSRF token) each."""

from __future__ import annotations

from tests.dashboard.whatsapp.helpers import HTMX, base, whatsapp_requests


def _home(account):
    return f"{base(account)}/{whatsapp_requests(account)['active']}/"


def _supported(client, account, code):
    languages = client.get(_home(account)).context["languages"]
    return next(lang for lang in languages.available if lang.code == code)


def test_the_languages_part_is_at_most_a_fifth_of_the_page(support_client, account_a):
    page = support_client.get(_home(account_a)).content
    part = support_client.get(_home(account_a), {"part": "languages"}, headers=HTMX).content
    assert part.decode().lstrip().startswith('<section id="whatsapp-languages"')
    assert b"Activate <span" not in part
    assert len(part) * 5 <= len(page), f"{len(part)} of {len(page)} bytes"


def test_the_supported_languages_share_one_form_and_one_csrf_token(support_client, account_a):
    body = support_client.get(_home(account_a), {"part": "supported"}, headers=HTMX)
    html = body.content.decode()
    assert html.count("<form") == 1
    assert html.count("csrfmiddlewaretoken") == 1
    assert html.count('name="language_id"') == 71 - 7


def test_activating_with_htmx_takes_only_that_row_out_of_the_list(support_client, account_a):
    italian = _supported(support_client, account_a, "it")
    response = support_client.post(
        f"{_home(account_a)}languages/", {"language_id": italian.id}, headers=HTMX
    )
    body = response.content.decode()
    assert f'<li id="supported-{italian.id}" hx-swap-oob="delete"></li>' in body
    assert "<li>Italian <code>it</code></li>" in body
    assert 'name="language_id"' not in body


def test_a_refused_activation_with_htmx_shows_by_the_list_with_the_search_kept(
    support_client, account_a
):
    response = support_client.post(
        f"{_home(account_a)}languages/", {"language_id": "", "q": "ita"}, headers=HTMX
    )
    body = response.content.decode()
    assert response.headers["HX-Retarget"] == "#whatsapp-activate"
    assert body.lstrip().startswith('<section id="whatsapp-activate"')
    assert "Choose a language to activate." in body
    assert 'name="q" value="ita"' in body
