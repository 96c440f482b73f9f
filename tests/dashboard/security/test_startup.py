"""Start-up fails closed: in production, without the token key (or the secret key, or the
hosts), neither ``manage.py`` nor the WSGI application gunicorn loads will start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from dashboard import config

ROOT = Path(__file__).resolve().parents[3]


def _start(tmp_path: Path, code: str, **env: str) -> subprocess.CompletedProcess[str]:
    dropped = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "TOKEN_ENCRYPTION_KEYS"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update({"DJANGO_SETTINGS_MODULE": "dashboard.settings", "VAR_DIR": str(tmp_path)})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


PRODUCTION = {"DEBUG": "false", "ALLOWED_HOSTS": "dashboard.example.com"}
WSGI = "import dashboard.wsgi; print('serving')"


def test_the_wsgi_application_does_not_start_in_production_without_the_token_key(tmp_path):
    result = _start(tmp_path, WSGI, **PRODUCTION, SECRET_KEY=config.new_secret_key())
    assert result.returncode != 0
    assert "serving" not in result.stdout
    assert "TOKEN_ENCRYPTION_KEYS: required when DEBUG is false" in result.stderr
    # Nothing was generated in its place: production never makes up a key.
    assert not (tmp_path / "token_encryption_key").exists()


@pytest.mark.parametrize("bad", ["not-a-key", "", " , "])
def test_a_token_key_that_is_not_a_key_stops_start_up_too(tmp_path, bad):
    result = _start(
        tmp_path, WSGI, **PRODUCTION, SECRET_KEY=config.new_secret_key(), TOKEN_ENCRYPTION_KEYS=bad
    )
    assert result.returncode != 0
    assert "TOKEN_ENCRYPTION_KEYS" in result.stderr


def test_with_every_secret_given_the_wsgi_application_starts(tmp_path):
    result = _start(
        tmp_path,
        WSGI,
        **PRODUCTION,
        SECRET_KEY=config.new_secret_key(),
        TOKEN_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
    )
    assert result.returncode == 0, result.stderr
    assert "serving" in result.stdout
