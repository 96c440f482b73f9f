"""The browser suite: Playwright on Debian's Chromium against a live server and the sandbox.

Playwright's own browser download cannot work here, so the launch points at /usr/bin/chromium.
Each context bypasses the page's CSP so axe-core (vendored) can be injected.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.dashboard.security.leakscan import SCANNER
from tests.dashboard_fixtures import *  # noqa: F403

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(scope="session", autouse=True)
def _allow_orm_beside_playwright() -> Iterator[None]:
    """Playwright's sync API runs an event loop in the test's thread; Django would refuse ORM
    calls there. Set only while browser tests run, never for the rest of the suite."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if before is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(autouse=True)
def _live_database(transactional_db: Any) -> None:
    """The live server answers from another thread: the data must be committed."""


@pytest.fixture(autouse=True)
def no_product_token_leaks() -> Iterator[None]:
    """Fail the test if a product token showed up in anything the live server answered or
    logged (tests/dashboard/security/leakscan.py)."""
    SCANNER.install()
    SCANNER.reset()
    yield
    SCANNER.scan_outbox()
    findings = list(SCANNER.findings)
    SCANNER.reset()
    if findings:
        pytest.fail("A product token leaked:\n" + "\n".join(findings[:10]), pytrace=False)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical accessibility violations on the page as it stands."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5),
            }));
        }"""
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def assert_accessible(page: Page) -> None:
    """Fail on serious or critical axe violations, listing them."""
    found = axe_violations(page)
    assert found == [], f"{page.url}: {found}"


def via_menu(page: Page, group: str | None, link: str) -> None:
    """Follow a link of the main menu as a person does: "Menu" first on a phone, then the
    link's group (None for a lone link such as Overview)."""
    nav = page.get_by_role("navigation", name="Main")
    menu = nav.locator("summary.site-menu-button")
    if menu.is_visible():
        menu.click()
    if group:
        nav.locator("details.nav-group > summary", has_text=group).click()
    nav.get_by_role("link", name=link, exact=True).click()
