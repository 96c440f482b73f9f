"""Back-channel logout (OpenID Connect Back-Channel Logout 1.0) against the real provider
(tests/oidc/): when the provider ends a person's sessions there, as it does when an admin
disables them, it posts a signed logout token to the dashboard and their sessions here end at
once, not at the next silent re-check. A token that does not verify ends nothing."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from dashboard.audit.models import AccessEvent, AccessKind, AuditEntry
from dashboard.people.models import User
from dashboard.sso.models import GroupMapping
from tests.oidc.fixtures import Visitor
from tests.oidc.server import RunningProvider

URL = "/oidc/backchannel-logout/"
EVENT = "http://schemas.openid.net/event/backchannel-logout"


def _signed_in(visitor: Visitor) -> bool:
    return "_auth_user_id" in visitor.client.session


def _unique(name: str) -> str:
    """The provider lives for the whole session: each test signs in someone of its own."""
    return f"{name}-{uuid.uuid4().hex[:8]}"


def _support_team(account: Any) -> GroupMapping:
    mapping = GroupMapping.objects.create(group="support-team", role="support")
    mapping.accounts.set([account])
    return mapping


def _signed_out_by_the_provider(username: str) -> list[AccessEvent]:
    return list(
        AccessEvent.objects.filter(
            kind=AccessKind.LOGOUT, username=username, detail="company logout (back channel)"
        )
    )


# --- the provider disables someone: a live dashboard it can post to -------------------------


@pytest.fixture
def reachable(company_login: Any, live_server: Any, settings: Any) -> RunningProvider:
    """Company login whose provider posts its logout tokens to a live server of this
    dashboard (the person's browser stays the test client)."""
    base = live_server.url.replace("localhost", "127.0.0.1")
    settings.ALLOWED_HOSTS = [*django_settings.ALLOWED_HOSTS, "127.0.0.1", "localhost"]
    running: RunningProvider = company_login(backchannel_base=base)
    return running


@pytest.mark.django_db(transaction=True)
def test_a_person_disabled_at_the_provider_loses_both_sessions_at_once(
    reachable: RunningProvider, account_a: Any
) -> None:
    _support_team(account_a)
    hal = _unique("hal")
    reachable.add_person(hal, groups=["support-team"])
    laptop, phone = Visitor(reachable), Visitor(reachable)
    laptop.sign_in(hal)
    phone.sign_in(hal)
    assert _signed_in(laptop)
    assert _signed_in(phone)

    told = reachable.disable(hal)

    assert told == {"sent": 2, "failed": []}
    for browser in (laptop, phone):
        assert not _signed_in(browser)
        assert browser.client.get(f"/a/{account_a.account_id}/").status_code == 302
        # Ended by the provider's word, not by a silent re-check with it.
        assert not any("prompt=none" in url for url in browser.visited)
    username = User.objects.get(company_identity__subject=hal).username
    assert len(_signed_out_by_the_provider(username)) == 1
    entry = AuditEntry.objects.get(action="sso.backchannel_logout", target=username)
    assert entry.sent["sessions"] == 2

    again = Visitor(reachable)
    page = again.sign_in(hal)
    assert not _signed_in(again)
    assert "Company login did not complete" in page.content.decode()


# --- forged and replayed logout tokens: posted by the test itself ---------------------------


@pytest.fixture
def provider(company_login: Any) -> RunningProvider:
    """Company login whose ID tokens carry the provider's session id (the client registered
    a back-channel logout URI the provider never needs to reach in these tests)."""
    running: RunningProvider = company_login(backchannel_base="http://testserver")
    return running


def _claims(provider: RunningProvider, **overrides: Any) -> dict[str, Any]:
    claims = {
        "iss": provider.issuer,
        "aud": django_settings.OIDC_RP_CLIENT_ID,
        "iat": int(time.time()),
        "jti": uuid.uuid4().hex,
        "events": {EVENT: {}},
    }
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


def _post(token: str) -> Any:
    return Client().post(URL, {"logout_token": token})


@pytest.fixture
def ivy(provider: RunningProvider, account_a: Any) -> tuple[str, Visitor, Visitor]:
    """A person signed in twice, on a laptop and a phone (two provider sessions)."""
    _support_team(account_a)
    name = _unique("ivy")
    provider.add_person(name, groups=["support-team"])
    laptop, phone = Visitor(provider), Visitor(provider)
    laptop.sign_in(name)
    phone.sign_in(name)
    assert _signed_in(laptop)
    assert _signed_in(phone)
    return name, laptop, phone


def test_a_logout_token_naming_a_person_ends_every_session_of_theirs(provider, ivy):
    name, laptop, phone = ivy

    answer = _post(provider.sign(_claims(provider, sub=name)))

    assert answer.status_code == 200
    assert "no-store" in answer["Cache-Control"]
    assert not _signed_in(laptop)
    assert not _signed_in(phone)


def test_a_logout_token_naming_only_a_provider_session_ends_that_session_alone(provider, ivy):
    _, laptop, phone = ivy
    sid = laptop.client.session["company_login_sid"]
    assert sid
    assert sid != phone.client.session["company_login_sid"]

    answer = _post(provider.sign(_claims(provider, sid=sid)))

    assert answer.status_code == 200
    assert not _signed_in(laptop)
    assert _signed_in(phone)


@pytest.mark.parametrize(
    "forged",
    [
        pytest.param({"rogue": True}, id="a bad signature"),
        pytest.param({"nonce": "n-0S6_WzA2Mj"}, id="a nonce"),
        pytest.param({"aud": "another-client"}, id="another audience"),
        pytest.param({"events": {}}, id="no logout event"),
        pytest.param({"iss": "https://id.example.com"}, id="another issuer"),
        pytest.param({"iat": None}, id="no issue time"),
    ],
)
def test_a_logout_token_that_does_not_verify_is_refused_and_ends_nothing(provider, ivy, forged):
    name, laptop, phone = ivy
    rogue = bool(forged.pop("rogue", False))
    token = provider.sign(_claims(provider, sub=name, **forged), rogue=rogue)

    answer = _post(token)

    assert answer.status_code == 400
    assert "no-store" in answer["Cache-Control"]
    assert answer.json()["error"] == "invalid_request"
    assert _signed_in(laptop)
    assert _signed_in(phone)
    username = User.objects.get(company_identity__subject=name).username
    assert _signed_out_by_the_provider(username) == []


def test_a_replayed_logout_token_is_refused_and_ends_nothing(provider, ivy, account_a):
    name, _, _ = ivy
    token = provider.sign(_claims(provider, sub=name))
    assert _post(token).status_code == 200
    again = Visitor(provider)
    again.sign_in(name)
    assert _signed_in(again)

    replayed = _post(token)

    assert replayed.status_code == 400
    assert "used already" in replayed.json()["error_description"]
    assert _signed_in(again)
    assert again.client.get(f"/a/{account_a.account_id}/").status_code == 200


def test_a_post_without_a_logout_token_is_refused(provider):
    answer = Client().post(URL, {})

    assert answer.status_code == 400


def test_with_company_login_off_the_back_channel_logout_is_not_found(client):
    assert not getattr(django_settings, "OIDC_ENABLED", False)

    assert client.post(URL, {"logout_token": "a.b.c"}).status_code == 404
