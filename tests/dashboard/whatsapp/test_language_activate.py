"""Activating a WhatsApp language: support and admin (it changes the channel's set-up),
audited, the cached active languages dropped, CM.com's refusals shown in place."""

from __future__ import annotations

import pytest

from dashboard.audit.models import AuditEntry
from dashboard.whatsapp import services
from tests.dashboard.whatsapp.helpers import HTMX, api_calls, base, whatsapp_requests


@pytest.fixture
def request_id(account_a):
    return whatsapp_requests(account_a)["active"]


def _supported(client, account, request_id, code):
    languages = client.get(f"{base(account)}/{request_id}/").context["languages"]
    return next(lang for lang in languages.available if lang.code == code)


def _activate_url(account, request_id):
    return f"{base(account)}/{request_id}/languages/"


def test_support_activates_a_language_and_sees_it_active(
    support_client, account_a, request_id, sandbox
):
    italian = _supported(support_client, account_a, request_id, "it")
    response = support_client.post(
        _activate_url(account_a, request_id), {"language_id": italian.id, "q": "ita"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"{base(account_a)}/{request_id}/?q=ita"
    page = support_client.get(response.headers["Location"])
    body = page.content.decode()
    assert "<li>Italian <code>it</code></li>" in body
    assert "Italian (it) is now active." in body
    assert "it" not in {lang.code for lang in page.context["languages"].available}


def test_activating_with_htmx_answers_the_languages_part_and_a_toast(
    admin_client, account_a, request_id
):
    japanese = _supported(admin_client, account_a, request_id, "ja")
    response = admin_client.post(
        _activate_url(account_a, request_id), {"language_id": japanese.id}, headers=HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="whatsapp-languages"')
    assert "Active (8)" in body
    assert "Japanese (ja) is now active." in response.headers["HX-Trigger"]


def test_activating_reads_only_the_active_languages_again(
    support_client, account_a, request_id, sandbox
):
    italian = _supported(support_client, account_a, request_id, "it")
    support_client.post(_activate_url(account_a, request_id), {"language_id": italian.id})
    sandbox.clear_log()
    support_client.get(f"{base(account_a)}/{request_id}/")
    assert api_calls(sandbox, account_a) == [("GET", f"/whatsapp/{request_id}/languages")]


def test_activating_is_audited_with_the_language(support_client, account_a, request_id):
    italian = _supported(support_client, account_a, request_id, "it")
    support_client.post(_activate_url(account_a, request_id), {"language_id": italian.id})
    entry = AuditEntry.objects.get(action="whatsapp.language.activate")
    assert entry.outcome == "ok"
    assert entry.actor_username == "sam"
    assert entry.target == request_id
    assert entry.sent == {"language_id": italian.id, "language": "Italian (it)"}


def test_marketing_cannot_activate_a_language(marketing_client, account_a, request_id, sandbox):
    sandbox.clear_log()
    response = marketing_client.post(
        _activate_url(account_a, request_id), {"language_id": "anything"}
    )
    assert response.status_code == 403
    assert api_calls(sandbox, account_a) == []


def test_an_already_active_language_is_refused_in_words(
    support_client, account_a, request_id, sandbox
):
    dutch = next(
        lang
        for lang in support_client.get(f"{base(account_a)}/{request_id}/")
        .context["languages"]
        .active
        if lang.code == "nl"
    )
    response = support_client.post(
        _activate_url(account_a, request_id), {"language_id": dutch.id}, headers=HTMX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dutch (nl) was not activated. CM.com said this conflicts: Dutch is already active." in (
        body
    )
    assert AuditEntry.objects.get(action="whatsapp.language.activate").outcome == "refused"


def test_an_upstream_failure_while_activating_shows_in_words_and_keeps_the_search(
    support_client, account_a, request_id, sandbox
):
    italian = _supported(support_client, account_a, request_id, "it")
    sandbox.fault(
        "POST",
        f"/channels/v1/accounts/{account_a.account_id}/whatsapp/{request_id}/languages",
        status=503,
    )
    response = support_client.post(
        _activate_url(account_a, request_id), {"language_id": italian.id, "q": "ital"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "CM.com failed on its side (status 503), and a check shows the activation of Italian "
        "(it) was not saved — you can send it again." in body
    )
    assert 'name="q" value="ital"' in body
    assert [lang.code for lang in response.context["languages"].available] == ["it"]


def test_activating_without_a_language_says_to_choose_one(support_client, account_a, request_id):
    response = support_client.post(_activate_url(account_a, request_id), {})
    assert response.status_code == 200
    assert "Choose a language to activate." in response.content.decode()


def test_the_service_answers_the_active_languages_after_activation(
    admin_user, account_a, request_id, client
):
    client.force_login(admin_user)
    hindi = _supported(client, account_a, request_id, "hi")
    active = services.language_activate(
        actor=admin_user,
        account=account_a,
        channel_request_id=request_id,
        language_id=hindi.id,
    ).value
    assert "hi" in {lang.code for lang in active}
