"""Sessions: a new id at login, logout ends the session on the server, an idle session ends
(polling does not keep it alive), deactivating a person ends their sessions at once, and
replacing a product token asks for the password again."""

from __future__ import annotations

import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from dashboard.accounts.models import CMAccount
from dashboard.audit.models import AccessEvent
from dashboard.core.middleware import BACKGROUND_HEADER, LAST_ACTIVITY_KEY
from dashboard.people.models import User
from dashboard.people.services import person_update
from tests.dashboard.security.helpers import channels_part_url, overview_url
from tests.dashboard_fixtures import PASSWORD

NEW_TOKEN = "5f4e3d2c-1b0a-4987-8654-3210fedcba98"


def _log_in(client: Client, username: str) -> str:
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _set_last_activity(client: Client, seconds_ago: int) -> None:
    store = SessionStore(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    store[LAST_ACTIVITY_KEY] = int(time.time()) - seconds_ago
    store.save()


def _last_activity(client: Client) -> int:
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return SessionStore(session_key=key)[LAST_ACTIVITY_KEY]


def test_logging_in_gives_a_new_session_id(client, support_user):
    before = client.session.session_key  # a session from before the login (say, a planted one)
    assert Session.objects.filter(pk=before).exists()
    after = _log_in(client, "sam")
    assert after != before
    assert not Session.objects.filter(pk=before).exists()


def test_logging_out_ends_the_session_on_the_server(client, support_user, account_a):
    key = _log_in(client, "sam")
    client.post("/logout/")
    assert not Session.objects.filter(pk=key).exists()
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key  # the old cookie, kept by someone
    response = replay.get(overview_url(account_a))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_idle_session_ends_and_the_login_page_says_why(client, support_user, account_a):
    key = _log_in(client, "sam")
    _set_last_activity(client, settings.SESSION_IDLE_SECONDS + 5)

    response = client.get(overview_url(account_a), follow=True)

    assert response.redirect_chain[-1][0].startswith("/login/")
    assert "You were logged out after 30 minutes without activity." in response.content.decode()
    assert not Session.objects.filter(pk=key).exists()


def test_activity_keeps_the_session(client, support_user, account_a):
    _log_in(client, "sam")
    _set_last_activity(client, settings.SESSION_IDLE_SECONDS - 120)
    assert client.get(overview_url(account_a)).status_code == 200
    assert time.time() - _last_activity(client) < 5


def test_polling_is_not_activity(client, support_user, account_a):
    _log_in(client, "sam")
    _set_last_activity(client, settings.SESSION_IDLE_SECONDS - 120)
    before = _last_activity(client)
    background = {"HX-Request": "true", BACKGROUND_HEADER: "true"}
    assert client.get(overview_url(account_a), headers=background).status_code == 200
    assert _last_activity(client) == before
    _set_last_activity(client, settings.SESSION_IDLE_SECONDS + 5)
    response = client.get(channels_part_url(account_a), headers=background)
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/")


def test_the_idle_limit_is_a_setting_and_the_cookie_outlives_it(settings):
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_COOKIE_AGE > settings.SESSION_IDLE_SECONDS
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_deactivating_a_person_ends_their_sessions_at_once(
    support_client, support_user, admin_user, account_a
):
    key = support_client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(pk=key).exists()
    other = Client()
    other_key = _log_in(other, "sam")  # a second browser

    person_update(actor=admin_user, person=support_user, is_active=False)

    assert not Session.objects.filter(pk__in=[key, other_key]).exists()
    assert support_client.get(overview_url(account_a)).status_code == 302


def test_deactivating_through_the_people_page_ends_their_sessions(
    admin_client, support_client, support_user, account_a
):
    key = support_client.cookies[settings.SESSION_COOKIE_NAME].value
    admin_client.post(
        f"/manage/people/{support_user.pk}/",
        {"username": "sam", "role": "support", "accounts": [account_a.pk]},  # "May log in" off
    )
    support_user.refresh_from_db()
    assert support_user.is_active is False
    assert not Session.objects.filter(pk=key).exists()


def test_other_peoples_sessions_are_kept(
    admin_client, support_client, marketing_client, admin_user, support_user
):
    key = marketing_client.cookies[settings.SESSION_COOKIE_NAME].value
    person_update(actor=admin_user, person=support_user, is_active=False)
    assert Session.objects.filter(pk=key).exists()


def _edit(admin_client, account: CMAccount, **extra):
    data = {
        "name": "Renamed while typing",
        "account_id": str(account.account_id),
        "token": NEW_TOKEN,
        "base_url": account.base_url,
        **extra,
    }
    return admin_client.post(f"/manage/accounts/{account.account_id}/", data)


def test_replacing_the_product_token_asks_for_the_password_again(admin_client, account_a):
    before = account_a.token.reveal()
    response = _edit(admin_client, account_a)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Type your own password to replace the product token." in page
    assert 'value="Renamed while typing"' in page  # what was typed stays
    assert NEW_TOKEN not in page  # but the token is never sent back
    account_a.refresh_from_db()
    assert account_a.token.reveal() == before
    assert account_a.name == "Account A"


def test_a_wrong_password_does_not_replace_the_token_and_is_recorded(admin_client, account_a):
    before = account_a.token.reveal()
    response = _edit(admin_client, account_a, current_password="not-it")
    assert "That is not your password; the token was not replaced." in response.content.decode()
    account_a.refresh_from_db()
    assert account_a.token.reveal() == before
    event = AccessEvent.objects.get(kind="reauth_failed")
    assert event.username == "ada"
    assert str(account_a.account_id) in event.detail


def test_with_the_password_the_token_is_replaced(admin_client, account_a):
    response = _edit(admin_client, account_a, current_password=PASSWORD)
    assert response.status_code == 302
    account_a.refresh_from_db()
    assert account_a.token.reveal() == NEW_TOKEN


def test_changing_anything_but_the_token_needs_no_password(admin_client, account_a):
    assert _edit(admin_client, account_a, token="").status_code == 302
    account_a.refresh_from_db()
    assert account_a.name == "Renamed while typing"


def test_the_password_field_is_never_filled_in(admin_client, account_a):
    page = _edit(admin_client, account_a, current_password="not-it").content.decode()
    assert "not-it" not in page
    assert 'autocomplete="current-password"' in page


def test_a_session_past_its_expiry_date_signs_nobody_in(client, support_user, account_a):
    key = _log_in(client, "sam")
    assert client.get(overview_url(account_a)).status_code == 200
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get(overview_url(account_a))

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_person_deactivated_behind_the_dashboards_back_is_signed_out(
    client, support_user, account_a
):
    _log_in(client, "sam")
    User.objects.filter(pk=support_user.pk).update(is_active=False)  # no signal, no session ended

    response = client.get(overview_url(account_a))

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_session_of_a_person_no_longer_there_signs_nobody_in(client, support_user, account_a):
    _log_in(client, "sam")
    store = SessionStore(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)
    store[SESSION_KEY] = str(support_user.pk + 1000)
    store.save()

    response = client.get(overview_url(account_a))

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
