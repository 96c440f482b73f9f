"""Fixtures for the dashboard tests: the shared ones from tests/dashboard_fixtures.py, and the
watch for product tokens in everything rendered or logged (tests/dashboard/security/leakscan.py).
"""

from collections.abc import Iterator

import pytest

from tests.dashboard.security.leakscan import SCANNER
from tests.dashboard_fixtures import *  # noqa: F403


@pytest.fixture(autouse=True)
def no_product_token_leaks() -> Iterator[None]:
    """Fail the test if a product token showed up in a response, a log record or an e-mail."""
    SCANNER.install()
    SCANNER.reset()
    yield
    SCANNER.scan_outbox()
    findings = list(SCANNER.findings)
    SCANNER.reset()
    if findings:
        pytest.fail("A product token leaked:\n" + "\n".join(findings[:10]), pytrace=False)
