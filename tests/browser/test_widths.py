"""No page scrolls sideways, on a phone (390 px) or a laptop (1280 px), for any role (issue 17,
"Tables that fit"), and every one of those pages passes axe at that width.

The pages are not listed here: they come from the access matrix (tests/dashboard/matrix), so a
new page is measured the day it gets its row. For each role, every GET route that answers 200
on the account it is granted (account_a; the outsider's own few pages), with the matrix's
sample ids. A route that is only a fragment htmx swaps in is named in ``NOT_PAGES`` with why;
a download (a CSV export) or an answer that is not HTML (the health check) is recognised as
such and left out.

One browser context per role and width, logged in once; every page is visited and every
failure collected, so one run lists every page that is too wide or fails axe.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import AXE, axe_violations
from tests.dashboard.test_access_matrix import MATRIX, _url
from tests.dashboard_fixtures import PASSWORD

pytestmark = pytest.mark.browser

WIDTHS = {
    "phone": {"width": 390, "height": 844},
    "laptop": {"width": 1280, "height": 800},
}
ROLES = {
    "admin": "admin_user",
    "support": "support_user",
    "marketing": "marketing_user",
    "outsider": "outsider",
}
NOT_PAGES = {
    "login": "the page before any role (measured once per width, logged out)",
    "tracker:bell": "the bell's count, a fragment htmx refreshes in the header",
}

# Waits until htmx has no request in flight (the pending board loads its list after the page).
HTMX_SETTLED = """() => new Promise(resolve => {
    const started = performance.now();
    const check = () => {
        const busy = document.querySelector('.htmx-request');
        if (!busy || performance.now() - started > 5000) {
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(!busy)));
        } else {
            setTimeout(check, 50);
        }
    };
    check();
})"""
# How far the page reaches past the window, and the widest elements that poke out (to name
# the culprit in the failure, not only the page).
OVERFLOW = """() => {
    const root = document.documentElement;
    const over = root.scrollWidth - window.innerWidth;
    if (over <= 0) return null;
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.right > window.innerWidth + 1 && box.width > 0) {
            const parent = el.parentElement && el.parentElement.getBoundingClientRect();
            // Only the outermost element that pokes out of a parent that did not.
            if (!parent || parent.right <= window.innerWidth + 1) {
                const id = el.id ? '#' + el.id : '';
                const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
                const right = Math.round(box.right);
                culprits.push(`${el.tagName.toLowerCase()}${id}${cls} (right ${right})`);
            }
        }
    }
    return {scrollWidth: root.scrollWidth, innerWidth: window.innerWidth,
            culprits: culprits.slice(0, 4)};
}"""


def pages_for(role: str, account: Any, person: Any) -> list[tuple[str, str]]:
    """(route name, URL) of every full page the role opens on the account it is granted."""
    found = []
    for name, row in sorted(MATRIX.items()):
        if row.method != "GET" or name in NOT_PAGES:
            continue
        if getattr(row, role)[0] == 200:
            found.append((name, _url(name, account, person)))
    return found


def measure(page: Page, label: str) -> list[str]:
    """What is wrong with the page as it stands: too wide, or axe's serious findings."""
    problems = []
    page.evaluate(HTMX_SETTLED)
    over = page.evaluate(OVERFLOW)
    if over:
        problems.append(
            f"{label}: {over['scrollWidth']} px wide in a {over['innerWidth']} px window"
            f" ({', '.join(over['culprits'])})"
        )
    for violation in axe_violations(page):
        problems.append(f"{label}: axe {violation['id']} on {violation['nodes']}")
    return problems


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


@pytest.fixture
def context_at(browser: Browser, browser_context_args: dict[str, Any]):
    opened: list[BrowserContext] = []

    def open_at(viewport: dict[str, int]) -> BrowserContext:
        context = browser.new_context(**{**browser_context_args, "viewport": viewport})
        # axe-core in every page from the start, rather than added page by page
        context.add_init_script(path=str(AXE))
        opened.append(context)
        return context

    yield open_at
    for context in opened:
        context.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_a_role_can_open_scrolls_sideways_and_each_passes_axe(
    role: str,
    width: str,
    request: pytest.FixtureRequest,
    context_at: Any,
    live_server: Any,
    account_a: Any,
    support_user: Any,
) -> None:
    person = request.getfixturevalue(ROLES[role])
    pages = pages_for(role, account_a, support_user)
    page = context_at(WIDTHS[width]).new_page()

    problems: list[str] = []
    measured: list[str] = []
    if role == "admin":  # the login page belongs to no role: measured once per width
        page.goto(f"{live_server.url}/login/")
        problems += measure(page, "login")
    log_in(page, live_server.url, person.username)
    for name, url in pages:
        try:
            response = page.goto(f"{live_server.url}{url}")
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # an export: a file, not a page
            raise
        assert response is not None
        if "text/html" not in response.headers.get("content-type", ""):
            continue  # not a page a person reads (the health check's plain text)
        if response.status != 200 or not page.locator("main#main").count():
            problems.append(f"{name} ({url}): answered {response.status}, not a full page")
            continue
        problems += measure(page, f"{name} ({url})")
        measured.append(name)

    print(f"{role} at {WIDTHS[width]['width']} px: {len(measured)} pages measured")
    assert ("overview:home" if role == "outsider" else "overview:account") in measured
    assert problems == [], (
        f"{role} at {WIDTHS[width]['width']} px, {len(measured)} pages:\n" + "\n".join(problems)
    )


# Where the studio's field table stands: cut columns, whether its box scrolls, names that do
# not fit their input, and per field whether its cells sit side by side or one under another.
FIELD_TABLE = """box => {
    const edge = box.getBoundingClientRect().right + 0.5;
    const rows = [...box.querySelectorAll('tbody tr')];
    const top = (row, label) => row.querySelector(`td[data-label="${label}"]`)
        .getBoundingClientRect().top;
    return {
        scrolls: box.scrollWidth > box.clientWidth,
        cut: [...box.querySelectorAll('th, input, select, button')]
            .filter(el => el.getBoundingClientRect().right > edge)
            .map(el => el.textContent.trim() || el.getAttribute('aria-label')),
        names_cut: [...box.querySelectorAll('input[aria-label^="Name of field"]')]
            .filter(input => input.scrollWidth > input.clientWidth)
            .map(input => input.value),
        stacked: rows.map(row => top(row, 'Sample') > top(row, 'Name') + 5),
        labels: rows.length ? [...rows[0].querySelectorAll('td[data-label]')].map(
            td => getComputedStyle(td, '::before').content) : [],
    };
}"""


def field_table(page: Page) -> dict[str, Any]:
    box = page.locator("#studio-fields .table-wrap")
    expect(box.locator("tbody tr")).not_to_have_count(0)
    return box.evaluate(FIELD_TABLE)


def test_the_studio_field_table_shows_every_column_at_1280_px_and_stacks_on_a_phone(
    context_at: Any, live_server: Any, account_a: Any, marketing_user: Any, support_user: Any
) -> None:
    url = f"{live_server.url}{_url('studio:edit', account_a, support_user)}"
    wide = context_at(WIDTHS["laptop"]).new_page()
    log_in(wide, live_server.url, marketing_user.username)
    wide.goto(url)
    expect(wide.locator("#studio-fields thead th")).to_have_text(
        ["Placeholder", "Name", "Type", "Sample", "Delete"]
    )
    at_1280 = field_table(wide)
    assert at_1280["scrolls"] is False
    assert at_1280["cut"] == []
    assert at_1280["names_cut"] == []  # the seeded names (customer_name…) read whole
    assert not any(at_1280["stacked"])

    phone = context_at(WIDTHS["phone"]).new_page()
    log_in(phone, live_server.url, marketing_user.username)
    phone.goto(url)
    at_390 = field_table(phone)
    assert at_390["scrolls"] is False
    assert at_390["cut"] == []
    assert all(at_390["stacked"])  # one field under another, its cells one under another
    assert at_390["labels"] == ['"Placeholder"', '"Name"', '"Type"', '"Sample"']
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth")


# Scrolls a list's box to its right end; where its first and its last column then stand.
SCROLLED = """box => {
    box.scrollLeft = box.scrollWidth;
    const edge = box.getBoundingClientRect();
    const row = box.querySelector('tbody tr');
    const first = row.firstElementChild.getBoundingClientRect();
    const last = row.lastElementChild.getBoundingClientRect();
    return {
        wider_than_its_box: box.scrollWidth > box.clientWidth,
        first_left: Math.round(first.left - edge.left),
        last_in_view: last.right <= edge.right + 1,
    };
}"""


def test_a_list_wider_than_a_phone_scrolls_in_its_own_box_keeping_its_first_column(
    context_at: Any, live_server: Any, account_a: Any, support_user: Any
) -> None:
    page = context_at(WIDTHS["phone"]).new_page()
    log_in(page, live_server.url, support_user.username)
    page.goto(f"{live_server.url}{_url('numbers:list', account_a, support_user)}")
    box = page.get_by_role("region", name="Phone numbers")
    expect(box).to_have_attribute("tabindex", "0")  # reachable by keyboard to scroll it

    scrolled = box.evaluate(SCROLLED)

    assert scrolled == {"wider_than_its_box": True, "first_left": 0, "last_in_view": True}
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
