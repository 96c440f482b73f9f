"""Settings come from the environment; a bad value stops start-up naming the variable."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from dashboard import config

ROOT = Path(__file__).resolve().parents[2]


def test_a_bad_boolean_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"^DEBUG: expected true or false"):
        config.env_bool({"DEBUG": "maybe"}, "DEBUG", default=True)


def test_booleans_read_the_usual_spellings():
    assert config.env_bool({"X": "Yes"}, "X", default=False) is True
    assert config.env_bool({"X": "off"}, "X", default=True) is False
    assert config.env_bool({}, "X", default=True) is True


def test_a_bad_number_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"^UPSTREAM_CACHE_SECONDS: expected a whole"):
        config.env_int({"UPSTREAM_CACHE_SECONDS": "soon"}, "UPSTREAM_CACHE_SECONDS", 60)


def test_a_number_below_its_minimum_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"^AXES_FAILURE_LIMIT: must be at least 1"):
        config.env_int({"AXES_FAILURE_LIMIT": "0"}, "AXES_FAILURE_LIMIT", 5, minimum=1)


def test_a_database_url_with_an_unknown_scheme_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"^DATABASE_URL: unknown scheme 'mysq'"):
        config.database_config({"DATABASE_URL": "mysq://x/y"}, "DATABASE_URL", "sqlite:///x")


def test_sqlite_gets_wal_busy_timeout_and_immediate_transactions(tmp_path):
    db = config.database_config({}, "DATABASE_URL", f"sqlite:///{tmp_path}/var/db.sqlite3")
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert "busy_timeout" in db["OPTIONS"]["init_command"]
    assert (tmp_path / "var").is_dir()


def test_a_postgres_url_is_parsed():
    db = config.database_config(
        {"DATABASE_URL": "postgres://u:p@db.example:5433/dash"}, "DATABASE_URL", "sqlite:///x"
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["HOST"], db["PORT"]) == ("dash", "db.example", 5433)


def test_a_redis_url_with_another_scheme_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"^REDIS_URL: expected a redis:// URL"):
        config.redis_url({"REDIS_URL": "http://localhost"}, "REDIS_URL")


def test_a_broker_url_without_a_scheme_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match=r"^CELERY_BROKER_URL: expected a broker URL"):
        config.broker_url({"CELERY_BROKER_URL": "localhost:6379"}, "CELERY_BROKER_URL")


def test_a_token_key_that_is_not_a_fernet_key_names_the_variable_and_position():
    good = Fernet.generate_key().decode()
    with pytest.raises(ImproperlyConfigured, match=r"^TOKEN_ENCRYPTION_KEYS: key 2 is not"):
        config.fernet_keys({"TOKEN_ENCRYPTION_KEYS": f"{good},nope"}, "TOKEN_ENCRYPTION_KEYS")


def test_token_keys_are_a_comma_separated_list():
    a, b = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    keys = config.fernet_keys({"TOKEN_ENCRYPTION_KEYS": f" {a} , {b} "}, "TOKEN_ENCRYPTION_KEYS")
    assert keys == [a, b]


def test_a_development_secret_is_generated_once_and_kept(tmp_path):
    path = tmp_path / "var" / "secret_key"
    first = config.kept_secret(path, config.new_secret_key)
    assert config.kept_secret(path, config.new_secret_key) == first
    assert len(first) >= 50


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    # A fresh process with only what the test gives (the browser suite's async switch too).
    dropped = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update({"VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "dashboard.settings"})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_start_up_with_a_bad_database_url_stops_with_a_message_naming_it(tmp_path):
    result = _run(["check"], {"DATABASE_URL": "mysq://nowhere/db"}, tmp_path)
    assert result.returncode != 0
    assert "DATABASE_URL: unknown scheme" in result.stderr


def test_production_without_a_secret_key_stops_naming_it(tmp_path):
    result = _run(["check"], {"DEBUG": "false", "SECRET_KEY": ""}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY: required when DEBUG is false" in result.stderr


def test_production_without_token_keys_stops_naming_them(tmp_path):
    result = _run(
        ["check"],
        {"DEBUG": "false", "SECRET_KEY": config.new_secret_key(), "ALLOWED_HOSTS": "x.example"},
        tmp_path,
    )
    assert result.returncode != 0
    assert "TOKEN_ENCRYPTION_KEYS: required when DEBUG is false" in result.stderr


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        {
            "DEBUG": "false",
            "SECRET_KEY": config.new_secret_key(),
            "TOKEN_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "dashboard.example.com",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_with_nothing_set_development_defaults_start_and_keep_secrets_under_var(tmp_path):
    env = {"DEBUG": "", "SECRET_KEY": "", "TOKEN_ENCRYPTION_KEYS": ""}
    result = _run(["check"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "var" / "secret_key").exists()
    assert (tmp_path / "var" / "token_encryption_key").exists()
    assert (tmp_path / "var" / "celery" / "queue").is_dir()


def test_env_example_lists_every_variable_settings_reads():
    settings_py = (ROOT / "dashboard" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\(ENV, "([A-Z_]+)"', settings_py))
    read |= set(re.findall(r'\w+\(ENV, "([A-Z_]+)"', settings_py))
    example = (ROOT / ".env.example").read_text()
    listed = set(re.findall(r"^([A-Z_]+)=", example, flags=re.M))
    assert read - listed == set()


def _settings_in_a_fresh_process(tmp_path: Path, code: str, **env: str) -> list[str]:
    dropped = {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update({"VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "dashboard.settings"})
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.split()


def test_celery_defaults_to_the_embedded_broker_and_ignores_results(tmp_path):
    out = _settings_in_a_fresh_process(
        tmp_path,
        "from dashboard.celery import app; o = app.conf.broker_transport_options; "
        "print(app.conf.broker_url, app.conf.task_ignore_result, "
        "o['data_folder_in'] == o['data_folder_out'], o['data_folder_in'])",
    )
    assert out == ["filesystem://", "True", "True", str(tmp_path / "celery" / "queue")]


def test_without_redis_the_cache_is_a_file_cache_under_var_dir_that_processes_share(tmp_path):
    out = _settings_in_a_fresh_process(
        tmp_path,
        "from django.conf import settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'])",
    )
    assert out == ["dashboard.core.file_cache.SharedFileCache", str(tmp_path / "cache")]


def test_redis_url_switches_the_cache_and_the_broker_to_redis(tmp_path):
    out = _settings_in_a_fresh_process(
        tmp_path,
        "from django.conf import settings as s; "
        "print(s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'])",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert out == [
        "redis://127.0.0.1:6379/3",
        "dashboard.core.resilient_cache.ResilientRedisCache",
    ]
