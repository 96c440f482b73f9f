"""Fixtures for the dashboard tests: the shared ones from tests/dashboard_fixtures.py."""

from tests.dashboard_fixtures import *  # noqa: F403
