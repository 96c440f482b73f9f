"""Logging in and out, login required everywhere, and throttling after repeated failures."""

from __future__ import annotations

import pytest

from tests.dashboard_fixtures import PASSWORD


@pytest.mark.django_db
def test_every_page_but_login_sends_an_anonymous_visitor_to_log_in(client):
    response = client.get("/manage/people/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/manage/people/"


@pytest.mark.django_db
def test_the_login_page_has_username_password_and_a_log_in_button(client):
    body = client.get("/login/").content.decode()
    assert 'name="username"' in body
    assert 'name="password"' in body
    assert ">Log in</button>" in body


def test_a_person_logs_in_and_lands_on_home(client, support_user):
    response = client.post("/login/", {"username": "sam", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_logging_out_is_a_post(support_client):
    assert support_client.get("/logout/").status_code == 405
    response = support_client.post("/logout/")
    assert response.status_code == 302
    assert support_client.get("/").status_code == 302


def test_after_repeated_failures_the_login_is_locked_even_with_the_right_password(
    client, support_user, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/login/", {"username": "sam", "password": "wrong"})
        assert response.status_code in (200, 429)
    response = client.post("/login/", {"username": "sam", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_htmx_request_from_an_expired_session_reloads_the_login_page(client, db):
    response = client.get("/manage/audit/", headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/login/?next=/manage/audit/"
