"""docker-compose.yml, read as Docker Compose reads it (issue 19): every service comes back by
itself (a restart policy) and says whether it works (a health check); the web's health check
asks a URL that answers 200 without a login, and without the database (no ``django_db``
mark here: a query would fail the test); the worker's asks the worker itself; beat's watches
the schedule file beat is told to write."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.test import Client

COMPOSE = Path(__file__).resolve().parent.parent / "docker-compose.yml"


@pytest.fixture(scope="module")
def services() -> dict[str, dict[str, Any]]:
    return yaml.safe_load(COMPOSE.read_text())["services"]  # merges the x-app anchor


def _check(service: dict[str, Any]) -> str:
    test = service["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else str(test)


def test_every_service_has_a_restart_policy_and_a_health_check(services) -> None:
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    for name, service in services.items():
        assert service.get("restart") in ("always", "unless-stopped", "on-failure"), name
        assert service.get("healthcheck", {}).get("test"), name


def test_the_web_health_check_url_answers_200_to_anyone_without_the_database(
    services, settings
) -> None:
    settings.ALLOWED_HOSTS = ["dashboard.example.com"]
    found = re.search(r"http://127\.0\.0\.1:[^/]*(/[\w/-]*)", _check(services["web"]))
    assert found, _check(services["web"])

    answer = Client().get(found[1], headers={"Host": "dashboard.example.com"})

    assert answer.status_code == 200
    assert answer.content == b"ok\n"


def test_the_worker_health_check_pings_the_worker_it_runs_in(services) -> None:
    check = _check(services["worker"])
    assert "celery -A dashboard inspect ping" in check
    assert "-d celery@$$HOSTNAME" in check


def test_the_beat_health_check_watches_the_schedule_file_beat_writes(services) -> None:
    schedule = re.search(r"--schedule=(\S+)", services["beat"]["command"])
    assert schedule
    assert f"glob.glob('{schedule[1]}*')" in _check(services["beat"])
