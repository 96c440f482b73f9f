"""Company login is configured by OIDC_* variables; a half configuration stops start-up
naming what is missing, and password login cannot be turned off into a locked door."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from dashboard.config import OIDC_REQUIRED, oidc_config, password_login

FULL = {
    "OIDC_RP_CLIENT_ID": "dashboard",
    "OIDC_RP_CLIENT_SECRET": "s3cret",
    "OIDC_OP_ISSUER": "https://id.example.com",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://id.example.com/auth",
    "OIDC_OP_TOKEN_ENDPOINT": "https://id.example.com/token",
    "OIDC_OP_USER_ENDPOINT": "https://id.example.com/me",
    "OIDC_OP_JWKS_ENDPOINT": "https://id.example.com/jwks",
}


def test_no_oidc_variable_means_company_login_is_off():
    assert oidc_config({}) is None


def test_all_oidc_variables_turn_on_the_code_flow_with_pkce_nonce_and_rs256():
    config = oidc_config(FULL)

    assert config is not None
    assert config["OIDC_USE_PKCE"] is True
    assert config["OIDC_USE_NONCE"] is True
    assert config["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert config["OIDC_OP_JWKS_ENDPOINT"] == "https://id.example.com/jwks"
    assert config["OIDC_GROUPS_CLAIM"] == "groups"


@pytest.mark.parametrize("missing", OIDC_REQUIRED)
def test_a_half_configuration_names_the_missing_variable(missing):
    partial = {name: value for name, value in FULL.items() if name != missing}

    with pytest.raises(ImproperlyConfigured, match=rf"^{missing}: required for company login"):
        oidc_config(partial)


def test_an_endpoint_that_is_not_a_url_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"^OIDC_OP_TOKEN_ENDPOINT: expected"):
        oidc_config({**FULL, "OIDC_OP_TOKEN_ENDPOINT": "id.example.com/token"})


def test_password_login_off_needs_company_login_and_a_break_glass_admin():
    with pytest.raises(ImproperlyConfigured, match=r"^PASSWORD_LOGIN: off needs company login"):
        password_login({"PASSWORD_LOGIN": "off"}, company_login=False)
    with pytest.raises(ImproperlyConfigured, match=r"^BREAK_GLASS_USERNAME: required"):
        password_login({"PASSWORD_LOGIN": "off"}, company_login=True)
    assert password_login(
        {"PASSWORD_LOGIN": "off", "BREAK_GLASS_USERNAME": "root"}, company_login=True
    ) == (False, "root")
    assert password_login({}, company_login=False) == (True, None)


def test_env_example_lists_every_company_login_variable():
    root = Path(__file__).resolve().parents[3]
    config_py = (root / "dashboard" / "config.py").read_text()
    read = set(re.findall(r'"((?:OIDC|PASSWORD|BREAK_GLASS)_[A-Z_]+)"', config_py))
    # Fixed by the code, not the environment: the flow is not configurable.
    fixed = {
        "OIDC_RP_SIGN_ALGO",
        "OIDC_USE_PKCE",
        "OIDC_USE_NONCE",
        "OIDC_PKCE_CODE_CHALLENGE_METHOD",
    }
    listed = set(re.findall(r"^([A-Z_]+)=", (root / ".env.example").read_text(), flags=re.M))
    assert len(read) > 10
    assert read - fixed - listed == set()


def test_start_up_with_half_a_company_login_stops_naming_what_is_missing(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OIDC_", "DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"))
    }
    env.update(
        VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="dashboard.settings",
        OIDC_RP_CLIENT_ID="dashboard",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "OIDC_RP_CLIENT_SECRET: required for company login" in result.stderr
