"""Password login can be turned off for everyone but one break-glass admin, and the login page
offers the company's sign-in when it is set up."""

from __future__ import annotations

from typing import Any

import pytest

from tests.dashboard_fixtures import PASSWORD


@pytest.fixture
def passwords_off(company_login: Any, settings: Any, admin_user: Any) -> Any:
    company_login()
    settings.PASSWORD_LOGIN = False
    settings.BREAK_GLASS_USERNAME = admin_user.username
    return settings


def test_with_password_login_off_a_person_cannot_log_in_with_their_password(
    client, passwords_off, support_user
):
    response = client.post("/login/", {"username": support_user.username, "password": PASSWORD})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_with_password_login_off_the_break_glass_admin_still_can(client, passwords_off, admin_user):
    response = client.post("/login/", {"username": admin_user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_with_password_login_off_the_login_page_leads_with_the_company_and_folds_the_form(
    client, passwords_off
):
    page = client.get("/login/").content.decode()

    assert "Sign in with Example Corp" in page
    assert page.index("Sign in with Example Corp") < page.index("<details>")
    assert "Administrator access when the company login is down" in page


def test_with_password_login_on_both_ways_are_offered(client, company_login, support_user):
    company_login()
    page = client.get("/login/").content.decode()

    assert "Sign in with Example Corp" in page
    assert "<details>" not in page
    response = client.post("/login/", {"username": support_user.username, "password": PASSWORD})
    assert response.status_code == 302


def test_without_company_login_there_is_no_button_and_its_routes_are_not_found(client, db):
    assert "Sign in with" not in client.get("/login/").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
