"""What every response tells the browser: a strict CSP (no unsafe-inline or unsafe-eval,
object-src/base-uri/frame-ancestors 'none'), HSTS in production, no caching of authenticated
pages, and ``Vary: HX-Request`` wherever a view answers with a page or a fragment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from dashboard import config
from tests.dashboard.security.helpers import channels_part_url, overview_url

ROOT = Path(__file__).resolve().parents[3]
HTMX = {"HX-Request": "true"}


def _csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_the_csp_allows_no_inline_code_no_eval_no_plugins_no_base_and_no_framing(
    support_client, account_a
):
    response = support_client.get(overview_url(account_a))
    csp = _csp(response)
    everything = response["Content-Security-Policy"]
    assert "unsafe-inline" not in everything
    assert "unsafe-eval" not in everything
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_login_page_has_the_same_csp(client, db):
    assert _csp(client.get("/login/"))["base-uri"] == ["'none'"]


@pytest.mark.parametrize(
    "path",
    ["overview", "channels_part", "/manage/accounts/", "/manage/people/", "/manage/audit/"],
)
def test_authenticated_pages_and_fragments_are_never_stored(admin_client, account_a, path):
    url = {
        "overview": overview_url(account_a),
        "channels_part": channels_part_url(account_a),
    }.get(path, path)
    response = admin_client.get(url, headers=HTMX if path == "channels_part" else {})
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private", "no-cache"} <= directives


def test_a_static_file_keeps_its_cache(client, db):
    response = client.get("/static/app/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_a_view_that_answers_both_ways_varies_on_hx_request(admin_client, account_a, htmx):
    for url in (channels_part_url(account_a), "/manage/audit/", "/manage/accounts/"):
        response = admin_client.get(url, headers=HTMX if htmx else {})
        assert "HX-Request" in response["Vary"], url


def test_a_post_ended_by_done_varies_on_hx_request(admin_client, account_a):
    url = f"/manage/accounts/{account_a.account_id}/test/"
    for headers in ({}, HTMX):
        assert "HX-Request" in admin_client.post(url, headers=headers)["Vary"]


def _production_response(tmp_path: Path, path: str, secure: bool) -> dict[str, str]:
    """Headers of one request under production settings, in a fresh process."""
    dropped = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "dashboard.settings",
            "VAR_DIR": str(tmp_path),
            "DEBUG": "false",
            "SECRET_KEY": config.new_secret_key(),
            "TOKEN_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "testserver",
        }
    )
    code = (
        "import json, django; django.setup();"
        "from django.test import Client;"
        f"r = Client().get({path!r}, secure={secure});"
        "print(json.dumps({'status': str(r.status_code), **dict(r.headers)}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_for_a_year_with_subdomains_and_preload(tmp_path):
    headers = _production_response(tmp_path, "/", secure=True)
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "base-uri 'none'" in headers["Content-Security-Policy"]


def test_production_redirects_plain_http_to_https(tmp_path):
    headers = _production_response(tmp_path, "/", secure=False)
    assert headers["status"] == "301"
    assert headers["Location"].startswith("https://")
