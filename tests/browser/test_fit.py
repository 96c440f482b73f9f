"""What fits where (issue 17): every table on the main lists inside its own box, the page's
own heading high on a phone's first screen, and the main menu on one row from 1024 px.

test_widths.py measures the page as a whole (nothing scrolls the window sideways); this
measures inside it. A table that is wider than its card keeps the page narrow yet cuts its
own columns ("Pendi…", "Temp…" at the end of the overview's tables at 1280 px): a person sees
half a header and has to find out that the box scrolls.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from dashboard.tracker import services
from tests.browser.test_widths import HTMX_SETTLED, ROLES, log_in
from tests.dashboard.test_access_matrix import _url

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SMALL_LAPTOP = {"width": 1024, "height": 768}

# The pages whose tables are measured: the overview, and the lists a person reads most.
LISTS = ("overview:account", "studio:list", "channels:list", "tracker:board")

# Every table of the page's main part: how wide it is against the box it sits in, whether
# that box is a deliberate scroll box (scrolls sideways, its first column sticky at the left
# edge), and the header cells whose words do not show whole (cut by an ellipsis, or lying
# past the box's right edge, where a person sees only the start of them).
TABLES = """() => [...document.querySelectorAll('main table')].map(table => {
    const box = table.parentElement;
    const edge = box.getBoundingClientRect().right + 0.5;
    const first = table.querySelector('tbody tr > :first-child');
    const sticky = first && getComputedStyle(first);
    return {
        name: box.getAttribute('aria-label')
            || table.closest('section')?.querySelector('h2')?.textContent.trim() || '?',
        rows: table.querySelectorAll('tbody tr').length,
        wider_than_its_box: table.scrollWidth > box.clientWidth,
        scroll_box: ['auto', 'scroll'].includes(getComputedStyle(box).overflowX)
            && sticky !== null && sticky.position === 'sticky' && sticky.left === '0px',
        headers_ellipsis: [...table.querySelectorAll('thead th')].filter(th =>
            getComputedStyle(th).textOverflow === 'ellipsis' && th.scrollWidth > th.clientWidth
        ).map(th => th.textContent.trim()),
        headers_past_its_edge: [...table.querySelectorAll('thead th')].filter(th =>
            th.getBoundingClientRect().right > edge).map(th => th.textContent.trim()),
    };
})"""


@pytest.fixture
def opened(browser: Browser, browser_context_args: dict[str, Any], live_server: Any):
    """A logged-in page at a viewport; its context is closed after the test."""
    contexts: list[BrowserContext] = []

    def open_as(person: Any, viewport: dict[str, int]) -> Page:
        context = browser.new_context(**{**browser_context_args, "viewport": viewport})
        contexts.append(context)
        page = context.new_page()
        log_in(page, live_server.url, person.username)
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def polled(account_a: Any) -> Any:
    """The demo account after one poll: the overview's counts and the board's rows filled."""
    services.account_poll(account=account_a, run_key="fit:1")
    return account_a


def tables_on(page: Page, url: str) -> list[dict[str, Any]]:
    page.goto(url)
    page.evaluate(HTMX_SETTLED)
    return page.evaluate(TABLES)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280", "390"])
def test_every_table_of_the_overview_and_the_main_lists_shows_its_columns_in_its_own_box(
    viewport: dict[str, int],
    opened: Any,
    live_server: Any,
    polled: Any,
    admin_user: Any,
    support_user: Any,
) -> None:
    page = opened(admin_user, viewport)
    problems: list[str] = []
    for name in LISTS:
        tables = tables_on(page, f"{live_server.url}{_url(name, polled, support_user)}")
        assert tables, f"{name}: no table to measure"
        assert all(table["rows"] for table in tables), f"{name}: an empty table {tables}"
        for table in tables:
            where = f"{name} at {viewport['width']} px, {table['name']}"
            # At 1280 px every column shows, on every one of these pages. On a phone a list
            # may be wider than the screen, in a box that scrolls keeping its first column;
            # the overview's cards are small enough to fit whole there too.
            may_scroll = viewport["width"] == PHONE["width"] and name != "overview:account"
            if table["wider_than_its_box"] and not (may_scroll and table["scroll_box"]):
                problems.append(f"{where}: wider than its box, cut at its right edge")
            if table["headers_past_its_edge"] and not (may_scroll and table["scroll_box"]):
                problems.append(f"{where}: headers cut {table['headers_past_its_edge']}")
            if table["headers_ellipsis"]:  # cut short even when scrolled into view
                problems.append(f"{where}: headers end in … {table['headers_ellipsis']}")
    assert problems == [], "\n".join(problems)


# Where a page's own heading starts, from the top of the window.
HEADING_TOP = "() => document.querySelector('main h1').getBoundingClientRect().top"


@pytest.mark.parametrize("role", list(ROLES))
def test_on_a_phone_the_pages_own_heading_starts_in_the_top_half_of_the_first_screen(
    role: str,
    request: pytest.FixtureRequest,
    opened: Any,
    live_server: Any,
    account_a: Any,
    support_user: Any,
) -> None:
    person = request.getfixturevalue(ROLES[role])
    page = opened(person, PHONE)
    names = ["overview:home"] if role == "outsider" else ["overview:account", "channels:list"]
    names.append("tracker:board")  # a list every role opens
    tops = {}
    for name in names:
        page.goto(f"{live_server.url}{_url(name, account_a, support_user)}")
        expect(page.locator("main h1")).to_be_visible()
        tops[name] = page.evaluate(HEADING_TOP)
    print(f"{role} at 390x844, h1 top: {tops}")
    assert {name: top < PHONE["height"] * 0.5 for name, top in tops.items()} == dict.fromkeys(
        names, True
    ), tops


# The main menu's own height (its padding aside) against its tallest single item: the brand,
# a link, a group's button, "Log out", the bell. Equal when everything is on one row.
MENU_ROWS = """() => {
    const nav = document.querySelector('nav[aria-label="Main"]');
    const style = getComputedStyle(nav);
    const inner = nav.getBoundingClientRect().height
        - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const items = [...nav.querySelectorAll(
        ':scope > .brand, :scope > .bell, .site-menu-body > .nav-part > li')];
    const boxes = items.filter(el => el.getClientRects().length)
        .map(el => el.getBoundingClientRect());
    return {
        height: Math.round(inner),
        row: Math.round(Math.max(...boxes.map(box => box.height))),
        items: boxes.length,
    };
}"""


@pytest.mark.parametrize("role", ["admin", "support"])
def test_at_1024_px_the_main_menu_is_one_row(
    role: str,
    request: pytest.FixtureRequest,
    opened: Any,
    live_server: Any,
    account_a: Any,
    support_user: Any,
) -> None:
    """The admin's menu is the longest (the account's five areas, "All accounts", "Admin",
    "Log out" and the bell), on an account's page, where all of it shows."""
    page = opened(request.getfixturevalue(ROLES[role]), SMALL_LAPTOP)
    page.goto(f"{live_server.url}{_url('overview:account', account_a, support_user)}")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Overview")
    ).to_be_visible()
    menu = page.evaluate(MENU_ROWS)
    print(f"{role} at 1024 px: {menu}")
    assert menu["items"] >= 8
    assert menu["height"] <= menu["row"] + 1, menu
