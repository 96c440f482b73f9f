"""Screenshots of the product as a person sees it (issue 17): the overview, a channel's
configuration, the studio (a template) and the pending board, at 1280x800 and 390x844, in the
light and the dark colour mode (16 pictures), and the design system's components one by one
(docs/design.md shows them).

Each page must pass axe and not scroll sideways in the mode and width it is pictured in; each
status badge on it must carry an icon and a word. The pictures go to ``artifacts/screenshots/``
at the repository's root, or to ``$SCREENSHOTS_DIR``; CI keeps that folder. They are never
compared pixel by pixel: dates and ages in them change every day.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from dashboard.core import selectors as core_selectors
from dashboard.tracker import services
from dashboard.upstream import client_for
from tests.browser.conftest import axe_violations
from tests.dashboard.channels.helpers import seeded
from tests.dashboard_fixtures import PASSWORD

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
MODES = ("light", "dark")

# Every status badge on the page (a plain .badge is a tag, not a state) with what a person
# sees and a screen reader reads: its ::before icon (a mask) and its words.
STATUS_BADGES = """() => [...document.querySelectorAll(
        '[class*="badge-"], .ch-pending, [class*="ch-status-"], .status[class*="status-"]'
    )].filter(el => el.offsetParent !== null).map(el => {
        const icon = getComputedStyle(el, '::before');
        return {
            classes: el.className,
            word: el.textContent.trim(),
            content: icon.content,
            mask: icon.maskImage || icon.webkitMaskImage || 'none',
            iconWidth: parseFloat(icon.width) || 0,
        };
    })"""
# The page's own background, as the browser painted it (Pico's, switched by the mode).
PAGE_BACKGROUND = "() => getComputedStyle(document.documentElement).backgroundColor"


def screenshots_dir() -> Path:
    """Where the pictures go: $SCREENSHOTS_DIR, else artifacts/screenshots/ (git ignores it)."""
    chosen = os.environ.get("SCREENSHOTS_DIR")
    folder = Path(chosen) if chosen else ROOT / "artifacts" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header (its IHDR chunk)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def is_dark(css_colour: str) -> bool:
    """An rgb()/rgba() colour from getComputedStyle, darker than mid-grey."""
    numbers = [float(n) for n in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]]
    return sum(numbers) / 3 < 128


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def whatsapp_template(account: Any) -> tuple[str, str]:
    """The WhatsApp request and one seeded template with replacement fields."""
    with client_for(account) as client:
        chosen = core_selectors.whatsapp_channel_request(
            client.channels.list_requests(take=100), client.channels.list_types(take=100)
        )
        assert chosen is not None
        found = client.templates.list(str(chosen.id), q="order_confirmation", take=50)
    template = next(t for t in found if t.name == "order_confirmation")
    return str(chosen.id), str(template.id)


@pytest.fixture
def context_in(browser: Browser, browser_context_args: dict[str, Any]):
    """A browser context at a width and in a colour mode (the system setting Pico follows)."""
    opened: list[BrowserContext] = []

    def open_in(width: str, mode: str) -> BrowserContext:
        context = browser.new_context(
            **{**browser_context_args, "viewport": WIDTHS[width], "color_scheme": mode}
        )
        opened.append(context)
        return context

    yield open_in
    for context in opened:
        context.close()


@pytest.fixture
def pictured(live_server: Any, account_a: Any, sandbox: Any) -> dict[str, str]:
    """The four pages, with something on each: the board is filled by one poll."""
    services.account_poll(account=account_a, run_key="screenshots:1")
    request_id, template_id = whatsapp_template(account_a)
    account = account_a.account_id
    return {
        "overview": f"/a/{account}/",
        "channel-configuration": f"/a/{account}/channels/{seeded(account_a).channel_id}/",
        "studio-template": f"/a/{account}/whatsapp/{request_id}/templates/{template_id}/",
        "pending-board": "/pending/",
    }


def settle(page: Page) -> None:
    """Wait for what htmx loads after the page (the board's list), then for fonts."""
    page.wait_for_load_state("networkidle")
    page.evaluate("() => document.fonts.ready.then(() => true)")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_four_main_pages_are_pictured_accessible_and_fit_the_window(
    width: str,
    mode: str,
    context_in: Callable[[str, str], BrowserContext],
    live_server: Any,
    admin_user: Any,
    pictured: dict[str, str],
) -> None:
    page = context_in(width, mode).new_page()
    log_in(page, live_server.url, admin_user.username)
    folder = screenshots_dir()
    problems: list[str] = []
    for name, path in pictured.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.status == 200, f"{name}: {response.status}"
        settle(page)
        label = f"{name} at {width} px, {mode}"

        assert is_dark(page.evaluate(PAGE_BACKGROUND)) == (mode == "dark"), label
        scroll = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
        if scroll[0] > scroll[1]:
            problems.append(f"{label}: {scroll[0]} px wide in a {scroll[1]} px window")
        problems += [f"{label}: axe {v['id']} on {v['nodes']}" for v in axe_violations(page)]
        badges = page.evaluate(STATUS_BADGES)
        assert badges, f"{label}: no status badge to show"
        for badge in badges:
            if badge["content"] in ("none", "normal") or "url(" not in badge["mask"]:
                problems.append(f"{label}: {badge['classes']} ({badge['word']!r}) has no icon")
            if not badge["word"] or badge["iconWidth"] <= 0:
                problems.append(f"{label}: {badge['classes']} needs a word and a drawn icon")

        # The whole page, and the first screen (what a person sees on opening it; small
        # enough for the README).
        picture = folder / f"{name}-{width}-{mode}.png"
        page.screenshot(path=str(picture), full_page=True)
        first = folder / "first-screen" / picture.name
        first.parent.mkdir(exist_ok=True)
        page.evaluate("() => window.scrollTo(0, 0)")
        page.screenshot(path=str(first))
        assert png_size(first) == (WIDTHS[width]["width"], WIDTHS[width]["height"]), first
        picture_width, picture_height = png_size(picture)
        assert picture_width == WIDTHS[width]["width"], picture
        assert picture_height >= WIDTHS[width]["height"], picture
    assert problems == [], "\n".join(problems)


def shoot(locator: Locator, name: str, mode: str) -> Path:
    """One component, as it stands on its real page."""
    expect(locator).to_be_visible()
    locator.scroll_into_view_if_needed()
    folder = screenshots_dir() / "components"
    folder.mkdir(exist_ok=True)
    picture = folder / f"{name}-{mode}.png"
    locator.screenshot(path=str(picture), animations="disabled")
    return picture


@pytest.mark.parametrize("mode", MODES)
def test_each_component_of_the_design_system_is_pictured_from_a_real_page(
    mode: str,
    context_in: Callable[[str, str], BrowserContext],
    live_server: Any,
    admin_user: Any,
    account_a: Any,
    sandbox: Any,
    pictured: dict[str, str],
) -> None:
    """The pictures of docs/design.md: taken from the pages that use each component, so the
    page shows what the product shows (no gallery page to keep in step)."""
    page = context_in("1280", mode).new_page()
    log_in(page, live_server.url, admin_user.username)
    base = live_server.url
    account = account_a.account_id
    pictures: list[Path] = []

    # CM.com failing, said in place in words (the channels page's list, read once: failed; the
    # poll of `pictured` cached it, so forget that first).
    cache.clear()
    sandbox.fault("GET", f"/channels/v1/accounts/{account}/channels", status=500)
    page.goto(f"{base}/a/{account}/channels/")
    pictures.append(shoot(page.locator(".upstream-unavailable").first, "upstream-notice", mode))
    assert axe_violations(page) == []

    # The main menu, one group open.
    page.goto(f"{base}{pictured['overview']}")
    nav = page.get_by_role("navigation", name="Main")
    nav.locator("details.nav-group > summary", has_text="WhatsApp").click()
    header = page.locator("header.site-header")
    pictures.append(shoot(header, "navigation", mode))
    nav.locator("details.nav-group > summary", has_text="WhatsApp").click()

    # Status pills and their counts (a table that leads somewhere).
    pictures.append(
        shoot(page.get_by_role("region", name="Templates by status"), "status-table", mode)
    )

    # Status badges of the pending board: words, icons and tones of a tracked item's states.
    page.goto(f"{base}{pictured['pending-board']}")
    settle(page)
    pictures.append(shoot(page.locator("main table").first, "board-table", mode))

    # Channel requests: active, pending and inactive badges, and "Overdue".
    page.goto(f"{base}/a/{account}/requests/")
    settle(page)
    pictures.append(shoot(page.locator("main table").first, "request-badges", mode))

    # A form whose input is refused: the message where it was typed, the input kept.
    page.goto(f"{base}{pictured['channel-configuration']}")
    webhooks = page.locator("#webhook-items")
    webhooks.get_by_label("URL").fill("ftp://hooks.example.com/in")
    webhooks.get_by_role("button", name="Add webhook").click()
    refused = webhooks.locator("form").last
    expect(refused.locator("[aria-invalid=true]")).to_have_count(1)
    expect(refused.locator(".errorlist")).to_contain_text("http")
    expect(refused.get_by_label("URL")).to_have_value("ftp://hooks.example.com/in")
    pictures.append(shoot(refused, "form-error", mode))

    # An element's switch: Enabled / Disabled badges beside the button.
    pictures.append(shoot(page.locator("#switch-webhook"), "switch", mode))

    # A toast after a write that worked.
    webhooks.get_by_label("URL").fill("https://hooks.example.com/design")
    webhooks.get_by_role("button", name="Add webhook").click()
    toast = page.locator("#toasts .toast").first
    expect(toast).to_contain_text("Webhook added")
    pictures.append(shoot(toast, "toast", mode))
    assert axe_violations(page) == []

    for picture in pictures:
        width, height = png_size(picture)
        assert width > 0
        assert height > 0
