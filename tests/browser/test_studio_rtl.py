"""An Arabic template in the studio, in a real browser (issue 18): made through the studio's
own create flow once Arabic is active, it is written and previewed right to left; a Latin
sample and a phone number keep their place and order inside the Arabic sentence (measured by
where the browser drew them), and the page is pictured: ``studio-arabic-*.png`` in the
screenshots folder (docs/design.md shows one)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard.upstream import client_for
from dashboard.whatsapp import services as whatsapp_services
from tests.browser.conftest import assert_accessible
from tests.browser.test_screenshots import png_size, screenshots_dir
from tests.browser.test_studio import log_in, whatsapp_request_id

pytestmark = pytest.mark.browser

GREETING = "مرحبا"
AFTER = "طلبك"
PHONE = "+31 20 123 4567"
TEXT = f"{GREETING} {{{{1}}}}، {AFTER} رقم 4521 جاهز. اتصل بنا على {PHONE} أو زر https://cm.com/ar"

# Where the browser drew a piece of the bubble's text: the box of the first text range that
# holds `needle` (a Range over the characters, so a word inside a longer text node counts).
TEXT_BOX = """([bubble, needle]) => {
    const walker = document.createTreeWalker(bubble, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(needle);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + needle.length);
        const rects = [...range.getClientRects()];
        return {left: Math.min(...rects.map(r => r.left)),
                right: Math.max(...rects.map(r => r.right)), top: rects[0].top};
    }
    return null;
}"""


def _activate_arabic(account: Any, request_id: str, admin: Any) -> None:
    """The business account must have Arabic before a template can (set up as an admin
    would on the WhatsApp page; the language page has its own browser test)."""
    with client_for(account) as client:
        arabic = next(x for x in client.whatsapp.list_supported_languages() if x.code == "ar")
    done = whatsapp_services.language_activate(
        actor=admin,
        account=account,
        channel_request_id=request_id,
        language_id=str(arabic.id),
        language_name="Arabic",
    )
    assert done.ok, done.message


def _box(page: Page, needle: str) -> dict[str, float]:
    box = page.locator(".bubble[data-language='Arabic']").evaluate_handle("b => b")
    found = page.evaluate(TEXT_BOX, [box, needle])
    assert found is not None, f"{needle!r} is not in the bubble"
    return found


def test_an_arabic_template_is_written_and_previewed_right_to_left(
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server: Any,
    account_a: Any,
    marketing_user: Any,
    admin_user: Any,
    sandbox: Any,
) -> None:
    request_id = whatsapp_request_id(account_a)
    _activate_arabic(account_a, request_id, admin_user)
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 1280, "height": 800}},
        color_scheme="light",
    )
    page = context.new_page()
    log_in(page, live_server, marketing_user.username)
    page.goto(f"{live_server.url}/a/{account_a.account_id}/whatsapp/{request_id}/templates/")
    page.get_by_role("button", name="New template").click()
    page.get_by_label("Name").fill("order_ready_ar")
    page.get_by_label("Category").select_option(label="Utility")
    page.get_by_role("button", name="Create template").click()
    expect(page.get_by_role("heading", name="order_ready_ar", level=1)).to_be_visible()

    page.get_by_label("Add a language").select_option("Arabic")
    page.get_by_role("button", name="Add language").click()
    text = page.get_by_label("Message in Arabic")
    expect(text).to_be_visible()
    page.get_by_label("New field's name").fill("customer_name")
    page.get_by_role("button", name="Add field").click()
    expect(page.get_by_label("Name of field {{1}}")).to_have_value("customer_name")
    page.get_by_label("Sample for field {{1}}").fill("Sanne")
    text = page.get_by_label("Message in Arabic")
    text.fill(TEXT)
    bubble = page.locator(".bubble[data-language='Arabic']")
    expect(bubble.locator("bdi.sample")).to_have_text("Sanne")
    expect(page.get_by_text("No problems: the text follows WhatsApp's rules.")).to_be_visible()
    page.wait_for_load_state("networkidle")  # the preview's reload is in: measure it

    # Written and previewed right to left, in Arabic; the page around stays left to right.
    expect(text).to_have_css("direction", "rtl")
    expect(text).to_have_attribute("lang", "ar")
    expect(bubble).to_have_css("direction", "rtl")
    expect(bubble).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", name="order_ready_ar", level=1)).to_have_css(
        "direction", "ltr"
    )

    # The visual order, read right to left: the greeting, then the sample (where {{1}} is),
    # then the rest of the sentence. All on the bubble's first line.
    greeting, sample, after = _box(page, GREETING), _box(page, "Sanne"), _box(page, AFTER)
    assert greeting["top"] == sample["top"] == after["top"], (greeting, sample, after)
    assert greeting["left"] >= sample["right"] - 1, (greeting, sample)
    assert sample["left"] >= after["right"] - 1, (sample, after)
    # The phone number reads left to right as written, not group by group from the right.
    first, last = _box(page, "+31"), _box(page, "4567")
    assert first["top"] == last["top"], (first, last)
    assert first["left"] < last["left"], (first, last)
    assert_accessible(page)

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#draft-state").get_by_text("Saved to CM.com.").first).to_be_visible()
    expect(bubble.locator("bdi.sample")).to_have_text("Sanne")
    page.wait_for_load_state("networkidle")
    expect(bubble).to_have_css("direction", "rtl")

    # The picture: the text being written beside its preview, without the toast over it.
    for close in page.locator(".toast-close").all():
        close.click()
    expect(page.locator(".toast")).to_have_count(0)
    # From the editor's heading to the end of the Arabic text: the page as laid out (scrolled
    # to the top, so the sticky save bar stands where it belongs).
    page.evaluate("() => window.scrollTo(0, 0)")
    area = page.evaluate(
        """() => {
            const top = document.querySelector('#studio-editor').getBoundingClientRect().top;
            const text = document.querySelector('textarea[lang="ar"]').getBoundingClientRect();
            return {x: 0, y: top - 16, width: document.documentElement.clientWidth,
                    height: text.bottom - top + 40};
        }"""
    )
    folder = screenshots_dir()
    picture = folder / "studio-arabic-1280-light.png"
    page.screenshot(path=str(picture), full_page=True, clip=area, animations="disabled")
    assert png_size(picture)[0] == 1280
    close_up = folder / "studio-arabic-bubble-light.png"
    bubble.screenshot(path=str(close_up), animations="disabled")
    assert png_size(close_up)[0] > 0
    context.close()
