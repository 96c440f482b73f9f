"""Fixtures for the whole suite: the Channels API sandbox, served on a thread.

``sandbox_server`` (session) starts one sandbox with two accounts: the demo account and a
second one, so tests can check that one account's token cannot reach the other. ``sandbox``
(per test) resets it first (every account back to its seed, the clock and settings as they
started, the log and the faults cleared) and yields the ``RunningSandbox``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from channels_api.sandbox.seed import DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN
from channels_api.sandbox.testing import RunningSandbox, start_sandbox
from tests import clock


def pytest_configure(config: pytest.Config) -> None:
    # Before any fixture runs, so the sandbox seeds from the moved clock too.
    clock.start_from_environment()
    _cache_of_this_process()


def _cache_of_this_process() -> None:
    """Without REDIS_URL the product's cache is a file cache under VAR_DIR that every process
    on the host shares: parallel runs would empty each other's. The suite keeps local memory
    instead; the tests of the shared file cache start processes of their own with it."""
    from django.conf import settings
    from django.test.utils import override_settings

    if settings.CACHES["default"]["BACKEND"] == "dashboard.core.file_cache.SharedFileCache":
        local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
        override_settings(CACHES=local).enable()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = config.rootpath
    for item in items:
        if clock.is_date_sensitive(item.path.relative_to(root).as_posix()):
            item.add_marker(pytest.mark.dates)


def pytest_report_header(config: pytest.Config) -> str | None:
    return clock.report_header()


SECOND_ACCOUNT_ID = "5b0a3c1d-7e2f-4a9b-8c6d-1e2f3a4b5c6d"
SECOND_PRODUCT_TOKEN = "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a"


@pytest.fixture(scope="session")
def sandbox_server() -> Iterator[RunningSandbox]:
    running = start_sandbox(
        accounts=[
            (DEMO_ACCOUNT_ID, DEMO_PRODUCT_TOKEN),
            (SECOND_ACCOUNT_ID, SECOND_PRODUCT_TOKEN),
        ]
    )
    yield running
    running.stop()


@pytest.fixture
def sandbox(sandbox_server: RunningSandbox) -> RunningSandbox:
    sandbox_server.settle()
    sandbox_server.reset()
    sandbox_server.clear_log()
    sandbox_server.clear_faults()
    return sandbox_server
