"""Company login against a real OpenID provider (node-oidc-provider, tests/oidc/): the whole
code flow over HTTP, PKCE, state and nonce, the ID token's signature checked against the
provider's keys, and grants from the group mapping an admin edits."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from dashboard.audit.models import AccessEvent, AccessKind, AuditEntry
from dashboard.people.models import User
from dashboard.sso.models import CompanyIdentity, GroupMapping
from tests.oidc.fixtures import Visitor
from tests.oidc.server import RunningProvider


@pytest.fixture
def provider(company_login: Any) -> Iterator[RunningProvider]:
    running: RunningProvider = company_login()
    yield running
    running.rogue_signing(False)


@pytest.fixture
def support_team(account_a: Any) -> GroupMapping:
    mapping = GroupMapping.objects.create(group="support-team", role="support")
    mapping.accounts.set([account_a])
    return mapping


def _person(name: str) -> User:
    return User.objects.get(company_identity__subject=name)


def _texts(page: Any) -> str:
    return re.sub(r"\s+", " ", page.content.decode())


def _signed_in(visitor: Visitor) -> bool:
    return "_auth_user_id" in visitor.client.session


def _unique(name: str) -> str:
    """The provider lives for the whole session: each test signs in someone of its own."""
    return f"{name}-{User.objects.count()}-{AccessEvent.objects.count()}"


def test_a_person_signs_in_with_the_company_and_gets_their_groups_role_and_accounts(
    provider, support_team, account_a, account_b
):
    ann = _unique("ann")
    provider.add_person(ann, groups=["support-team", "unmapped-group"])
    visitor = Visitor(provider)

    page = visitor.sign_in(ann)

    assert page.status_code == 200
    assert _signed_in(visitor)
    person = _person(ann)
    assert person.role == "support"
    assert list(person.cm_accounts.all()) == [account_a]
    assert person.company_identity.groups == ["support-team", "unmapped-group"]
    assert not person.has_usable_password()
    assert visitor.client.get(f"/a/{account_a.account_id}/").status_code == 200
    assert visitor.client.get(f"/a/{account_b.account_id}/").status_code == 404
    # The flow was the code flow with PKCE, a state and a nonce.
    asked = next(url for url in visitor.visited if url.startswith(f"{provider.issuer}/auth?"))
    for parameter in ("code_challenge=", "code_challenge_method=S256", "state=", "nonce="):
        assert parameter in asked
    assert AuditEntry.objects.filter(action="person.create", target=person.username).exists()


def test_several_groups_give_every_account_and_the_first_role_of_admin_support_marketing(
    provider, support_team, account_a, account_b
):
    writers = GroupMapping.objects.create(group="writers", role="marketing")
    writers.accounts.set([account_b])
    bea = _unique("bea")
    provider.add_person(bea, groups=["writers", "support-team"])

    Visitor(provider).sign_in(bea)

    person = _person(bea)
    assert person.role == "support"
    assert set(person.cm_accounts.all()) == {account_a, account_b}


def test_a_person_with_no_mapped_group_is_refused_and_not_created(provider, support_team):
    cid = _unique("cid")
    provider.add_person(cid, groups=["cleaners"])
    visitor = Visitor(provider)

    page = visitor.sign_in(cid)

    assert not _signed_in(visitor)
    assert "none of your company groups gives access" in _texts(page)
    assert not CompanyIdentity.objects.filter(subject=cid).exists()


def test_a_refused_company_login_is_one_line_in_the_sign_ins_log_with_its_reason(
    provider, support_team
):
    cid = _unique("cid")
    provider.add_person(cid, groups=["cleaners"])
    before = AccessEvent.objects.filter(kind=AccessKind.LOGIN_FAILED).count()

    Visitor(provider).sign_in(cid)

    refusals = AccessEvent.objects.filter(kind=AccessKind.LOGIN_FAILED).order_by("pk")
    assert refusals.count() == before + 1
    assert refusals.last().detail.startswith("company login:")


def test_a_person_with_no_mapped_group_is_told_why_in_their_browsers_language(
    provider, support_team
):
    cid = _unique("cid")
    provider.add_person(cid, groups=["cleaners"])
    visitor = Visitor(provider, Client(HTTP_ACCEPT_LANGUAGE="nl"))

    page = visitor.sign_in(cid)

    assert not _signed_in(visitor)
    assert (
        "Bedrijfslogin geweigerd: geen van je bedrijfsgroepen geeft toegang tot het dashboard."
        in _texts(page)
    )
    # Recorded in the person's Dutch, read in English by an admin who reads English.
    refusal = AccessEvent.objects.filter(kind=AccessKind.LOGIN_FAILED).latest("pk")
    with translation.override("en"):
        assert refusal.display_detail == (
            "company login: none of your company groups gives access to the dashboard"
        )


def test_a_group_unmapped_by_an_admin_takes_access_away_at_the_next_request(
    provider, support_team, account_a, admin_client
):
    dan = _unique("dan")
    provider.add_person(dan, groups=["support-team"])
    visitor = Visitor(provider)
    visitor.sign_in(dan)
    assert visitor.client.get(f"/a/{account_a.account_id}/").status_code == 200

    admin_client.post(f"/manage/company-login/{support_team.pk}/delete/")
    page = visitor.go(f"/a/{account_a.account_id}/")

    assert not _signed_in(visitor)
    assert "your company groups no longer give access" in _texts(page)
    assert list(_person(dan).cm_accounts.all()) == []


def test_a_person_whose_group_was_unmapped_is_told_in_their_browsers_language(
    provider, support_team, account_a, admin_client
):
    fay = _unique("fay")
    provider.add_person(fay, groups=["support-team"])
    visitor = Visitor(provider, Client(HTTP_ACCEPT_LANGUAGE="nl"))
    visitor.sign_in(fay)

    admin_client.post(f"/manage/company-login/{support_team.pk}/delete/")
    page = visitor.go(f"/a/{account_a.account_id}/")

    assert not _signed_in(visitor)
    assert "Je bent uitgelogd: je bedrijfsgroepen geven geen toegang meer" in _texts(page)
    refusal = AccessEvent.objects.filter(kind=AccessKind.FORBIDDEN).latest("pk")
    with translation.override("en"):
        assert refusal.display_detail == "company groups no longer map to any access"


def test_a_mapping_changed_by_an_admin_moves_the_persons_accounts_at_the_next_request(
    provider, support_team, account_a, account_b, admin_client
):
    eve = _unique("eve")
    provider.add_person(eve, groups=["support-team"])
    visitor = Visitor(provider)
    visitor.sign_in(eve)

    admin_client.post(
        f"/manage/company-login/{support_team.pk}/",
        {"group": "support-team", "role": "marketing", "accounts": [account_b.pk]},
    )

    assert visitor.client.get(f"/a/{account_a.account_id}/").status_code == 404
    assert visitor.client.get(f"/a/{account_b.account_id}/").status_code == 200
    assert _person(eve).role == "marketing"


def _renewal_due(visitor: Visitor) -> None:
    """As if OIDC_RENEW_ID_TOKEN_EXPIRY_SECONDS had passed since the sign-in."""
    session = visitor.client.session
    session["oidc_id_token_expiration"] = 0
    session.save()


def test_a_group_removed_at_the_provider_takes_access_away_at_the_next_check(
    provider, support_team, account_a
):
    fay = _unique("fay")
    provider.add_person(fay, groups=["support-team"])
    visitor = Visitor(provider)
    visitor.sign_in(fay)

    provider.set_groups(fay, ["former-staff"])
    _renewal_due(visitor)
    page = visitor.go(f"/a/{account_a.account_id}/")

    # Back from the provider silently (prompt=none) with the new groups: nothing mapped.
    assert any("prompt=none" in url for url in visitor.visited)
    assert not _signed_in(visitor)
    assert "none of your company groups gives access" in _texts(page)
    assert _person(fay).company_identity.groups == ["former-staff"]
    assert list(_person(fay).cm_accounts.all()) == []


def test_a_session_still_in_its_groups_survives_the_check(provider, support_team, account_a):
    gus = _unique("gus")
    provider.add_person(gus, groups=["support-team"])
    visitor = Visitor(provider)
    visitor.sign_in(gus)

    _renewal_due(visitor)
    page = visitor.go(f"/a/{account_a.account_id}/")

    assert any("prompt=none" in url for url in visitor.visited)
    assert page.status_code == 200
    assert _signed_in(visitor)


def test_a_person_disabled_at_the_provider_loses_every_session_and_is_refused_at_login(
    provider, support_team, account_a
):
    # A provider without back-channel logout (this client registered none): the sessions end
    # at their next check. With it they end at once: test_backchannel_logout.py.
    hal = _unique("hal")
    provider.add_person(hal, groups=["support-team"])
    laptop, phone = Visitor(provider), Visitor(provider)
    laptop.sign_in(hal)
    phone.sign_in(hal)

    provider.disable(hal)
    for browser in (laptop, phone):
        _renewal_due(browser)
        page = browser.go(f"/a/{account_a.account_id}/")
        assert not _signed_in(browser)
        assert browser.client.get(f"/a/{account_a.account_id}/").status_code == 302

    again = Visitor(provider)
    page = again.sign_in(hal)
    assert not _signed_in(again)
    assert "Company login did not complete" in _texts(page)


def test_an_id_token_with_a_bad_signature_is_refused(provider, support_team):
    ida = _unique("ida")
    provider.add_person(ida, groups=["support-team"])
    provider.rogue_signing(True)
    visitor = Visitor(provider)

    page = visitor.sign_in(ida)

    assert not _signed_in(visitor)
    assert "Company login did not complete" in _texts(page)
    assert not CompanyIdentity.objects.filter(subject=ida).exists()
    refusal = AccessEvent.objects.filter(kind=AccessKind.LOGIN_FAILED).latest("pk")
    assert "JWS token verification failed" in refusal.detail


def test_a_bad_signatures_refusal_reads_in_dutch_with_the_librarys_words_as_given(
    provider, support_team
):
    ivo = _unique("ivo")
    provider.add_person(ivo, groups=["support-team"])
    provider.rogue_signing(True)

    Visitor(provider, Client(HTTP_ACCEPT_LANGUAGE="en")).sign_in(ivo)

    refusal = AccessEvent.objects.filter(kind=AccessKind.LOGIN_FAILED).latest("pk")
    assert refusal.detail.startswith("company login: the answer did not verify (")
    with translation.override("nl"):
        shown = refusal.display_detail
    assert shown.startswith("bedrijfslogin: het antwoord kon niet worden geverifieerd (")
    assert "JWS token verification failed" in shown


def test_an_id_token_with_another_nonce_is_refused(provider, support_team):
    jon = _unique("jon")
    provider.add_person(jon, groups=["support-team"])
    visitor = Visitor(provider)

    def other_nonce(url: str) -> str:
        return re.sub(r"([?&]nonce=)[^&]+", r"\1a-nonce-of-another-session", url)

    page = visitor.sign_in(jon, rewrite=other_nonce)

    assert any("nonce=a-nonce-of-another-session" in url for url in visitor.visited)
    assert not _signed_in(visitor)
    assert "Company login did not complete" in _texts(page)
    assert "Nonce" in AccessEvent.objects.filter(kind=AccessKind.LOGIN_FAILED).latest("pk").detail


def test_a_replayed_code_is_refused(provider, support_team):
    kim = _unique("kim")
    provider.add_person(kim, groups=["support-team"])
    victim = Visitor(provider)
    victim.sign_in(kim)
    callback = victim.callback_urls[-1]
    code = re.search(r"code=([^&]+)", callback).group(1)

    # In the same browser after logging out: the state was used up.
    victim.client.post("/logout/")
    victim.go(callback)
    assert not _signed_in(victim)

    # In an attacker's browser with a state of its own: the provider refuses the used code.
    attacker = Visitor(provider)
    attacker.go("/oidc/authenticate/")
    state = next(iter(attacker.client.session["oidc_states"]))
    page = attacker.go(f"/oidc/callback/?code={code}&state={state}")
    assert not _signed_in(attacker)
    assert "Company login did not complete" in _texts(page)
    refusal = AccessEvent.objects.filter(kind=AccessKind.LOGIN_FAILED).latest("pk")
    assert "provider refused the code" in refusal.detail


def test_refused_company_logins_do_not_lock_out_company_login_from_that_address(
    provider, support_team, settings
):
    settings.AXES_FAILURE_LIMIT = 2
    lea = _unique("lea")
    provider.add_person(lea, groups=["cleaners"])
    for _ in range(3):
        Visitor(provider).sign_in(lea)

    provider.set_groups(lea, ["support-team"])
    visitor = Visitor(provider)
    visitor.sign_in(lea)

    assert _signed_in(visitor)
