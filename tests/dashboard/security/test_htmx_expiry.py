"""htmx requests have a timeout, and an expired CSRF token or session on an htmx request tells
the person to reload or log in, in a toast, instead of swapping a whole page into a fragment."""

from __future__ import annotations

import json
import re

from django.test import Client

from dashboard.core.middleware import SESSION_ENDED_MESSAGE
from dashboard.core.views import CSRF_EXPIRED_MESSAGE
from tests.dashboard.security.helpers import channels_part_url, overview_url

HTMX = {"HX-Request": "true"}


def _toast(response) -> dict:
    return json.loads(response["HX-Trigger"])["toast"]["items"][0]


def _htmx_config(page: str) -> dict:
    match = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page)
    assert match
    return json.loads(match.group(1))


def test_an_htmx_form_with_an_expired_csrf_token_says_reload_and_swaps_nothing(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(
        "/manage/accounts/add/", {"name": "typed"}, headers={**HTMX, "X-CSRFToken": "stale"}
    )
    assert response.status_code == 403
    assert response["HX-Reswap"] == "none"
    assert _toast(response) == {"level": "error", "message": CSRF_EXPIRED_MESSAGE}
    assert "reload the page" in CSRF_EXPIRED_MESSAGE
    assert b"<html" not in response.content


def test_a_plain_form_with_an_expired_csrf_token_still_gets_the_whole_page(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post("/manage/accounts/add/", {"name": "typed"})
    assert response.status_code == 403
    assert b"<html" in response.content
    assert "This form has expired" in response.content.decode()


def test_an_htmx_write_after_the_session_ended_says_log_in_and_keeps_the_form(client, account_a):
    response = client.post(
        f"/manage/accounts/{account_a.account_id}/test/", {"x": "typed"}, headers=HTMX
    )
    assert response.status_code == 401
    assert response["HX-Reswap"] == "none"
    assert _toast(response) == {"level": "error", "message": SESSION_ENDED_MESSAGE}
    assert "log in again" in SESSION_ENDED_MESSAGE
    assert "HX-Redirect" not in response
    assert b"<form" not in response.content  # not the login page


def test_an_htmx_read_after_the_session_ended_reloads_the_login_page(client, account_a):
    response = client.get(channels_part_url(account_a), headers=HTMX)
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/?next=")


def test_htmx_gives_up_after_thirty_seconds_and_keeps_no_page_copies(support_client, account_a):
    config = _htmx_config(support_client.get(overview_url(account_a)).content.decode())
    assert config["timeout"] == 30_000
    assert config["historyCacheSize"] == 0  # no snapshot of a page in localStorage
    assert config["refreshOnHistoryMiss"] is True
    assert config["allowEval"] is False


def test_going_back_to_a_page_htmx_changed_gets_the_whole_page(admin_client, db):
    response = admin_client.get(
        "/manage/audit/", headers={**HTMX, "HX-History-Restore-Request": "true"}
    )
    assert b"<html" in response.content
