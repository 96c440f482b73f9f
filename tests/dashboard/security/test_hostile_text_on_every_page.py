"""Text from CM.com is shown as inert text on every page and htmx fragment of every app.

The pages are not listed by hand: for every GET route of the access matrix, the page is read
once as CM.com answers it, the sandbox's log says which reads it made, and each of those
answers is then replaced (``sandbox.fault``) by the same answer with every text value
poisoned: markup, htmx attributes, template syntax, and ``javascript:`` in URL fields. The page
and every htmx fragment it links to (``hx-get``) must show the hostile text as characters and
carry none of it as an element, attribute or link. A route whose pages show nothing from
CM.com is listed in ``NO_UPSTREAM_TEXT`` with the reason, so a new page cannot slip.

Text the dashboard keeps rather than reads on each visit (the tracker's item names, the audit
trail's messages from CM.com) is seeded the way the poller and writes store it.
"""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
import zlib
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from dashboard.tracker import services as tracker
from dashboard.tracker.models import Notification
from dashboard.upstream import client_for
from tests.dashboard.matrix import routes
from tests.dashboard.matrix.numbers import samples as number_samples
from tests.dashboard.security.helpers import api_prefix
from tests.dashboard.security.inert import (
    PAYLOADS,
    URL,
    assert_inert,
    elements,
    escaped,
)
from tests.dashboard.test_access_matrix import MATRIX, _url

# Keys whose values steer the dashboard (ids, times, codes, enums CM.com defines) keep their
# value: poisoning them tests the parser, not the page.
_KEEP = re.compile(
    r"(^id$|id$|^channelID$|utc$|^currency$|^method$|^type$|^code$|^phoneNumber$|"
    r"^purpose$)",
    re.IGNORECASE,
)
_URL_KEYS = re.compile(r"(url|website|image)s?$", re.IGNORECASE)


def _poison_text(value: str, key: str) -> str:
    if _URL_KEYS.search(key):
        return f"{URL}//{value}"
    # The same value is always poisoned the same way, so what the dashboard matches (a stage
    # and the current stage, say) still matches.
    return value + PAYLOADS[zlib.crc32(value.encode()) % len(PAYLOADS)]


def poison(data: Any, key: str = "") -> Any:
    """``data`` (a JSON answer) with every text value that is not an id or a code poisoned."""
    if isinstance(data, dict):
        return {k: v if _KEEP.search(k) else poison(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [poison(item, key) for item in data]
    if isinstance(data, str) and data:
        return _poison_text(data, key)
    return data


def _real_answer(sandbox: Any, account: Any, entry: dict[str, Any]) -> Any:
    """What the sandbox answers to the request of a log entry, asked again (a GET, or a POST
    that only simulates, so asking twice changes nothing)."""
    token = dict(sandbox.accounts)[str(account.account_id)]
    query = entry.get("query") or ""
    url = sandbox.root_url + entry["path"] + (f"?{query}" if query else "")
    body = entry.get("body")
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        method=entry["method"],
        headers={"X-CM-PRODUCTTOKEN": token, "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read() or b"null")


def _take(query: str) -> int | None:
    values = urllib.parse.parse_qs(query).get("take")
    return int(values[0]) if values else None


def poison_reads(sandbox: Any, account: Any, reads: list[dict[str, Any]]) -> None:
    """Make every request in ``reads`` (sandbox log entries) answer its real answer, poisoned."""
    by_call: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for entry in reads:
        by_call.setdefault((entry["method"], entry["path"]), []).append(entry)
    for (method, path), entries in by_call.items():
        body = _real_answer(sandbox, account, entries[0])
        takes = [t for t in (_take(e.get("query") or "") for e in entries) if t]
        if isinstance(body, list) and takes:
            # One answer serves every page of this path: short of the smallest page, so a walk
            # over the pages ends after the first.
            body = body[: max(1, min(takes) - 1)]
        sandbox.fault(method, path, count=1000, status=200, body=poison(body))


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _fragments(page: str, url: str) -> list[str]:
    """The URLs ``page`` loads parts of itself from (hx-get on the page's own path)."""
    path = url.split("?")[0]
    found = []
    for _, attrs in elements(page):
        target = attrs.get("hx-get") or ""
        if target.split("?")[0] == path and target not in found:
            found.append(target)
    return found


def _shows_text_from(page: str) -> bool:
    return any(escaped(p) in page for p in PAYLOADS) or URL in page


HTMX = {"HX-Request": "true"}

# Routes of the account whose pages show nothing CM.com wrote, and why.
NO_UPSTREAM_TEXT = {
    # "Send a test event" (issue 16): an empty POST says to press the button; CM.com's error
    # message, when its configuration cannot be read, is checked below like every page's
    "channels:webhook_test": "the button's message only (the test: test_webhook_test.py)",
    "channels:event_webhook_test": "the button's message only (the test: test_webhook_test.py)",
    "channels:customer_contact_test": "the button's message only",
    "accounts:edit": "the account as an admin typed it; nothing is read from CM.com",
    "channels:element": "the element's state and times only (its error message: see below)",
    "studio:pick": "request ids, states and dates only",
    "whatsapp:picker": "request ids, states and dates only",
    "tracker:account_board": "the tracker's own records: test_the_pending_board_and_notifications",
    "tracker:approval_times": "the tracker's own records: group names escaped like the board's",
    "tracker:item": "the tracker's own records: test_the_pending_board_and_notifications",
    "tracker:item_check": "the tracker's own records: test_the_pending_board_and_notifications",
    # reviews (issue 15): the dashboard's own records, hostile ones in tests/dashboard/reviews
    "reviews:account_board": "reviews kept by the dashboard: test_hostile_text_in_a_review",
    "reviews:policy": "the account's switches only",
    "reviews:review": "reviews kept by the dashboard: test_hostile_text_in_a_review",
    "reviews:send_back": "reviews kept by the dashboard: test_hostile_text_in_a_review",
    # copy to another account (issue 15)
    "copying:run": "a copy kept by the dashboard: test_hostile_text_in_a_copy_run is inert",
    # bulk import (issue 15)
    "imports:sample": "a fixed example file: nothing is read from CM.com",
    # the overview (issue 19): counted from the poller's store, poisoned by a poll below
    "overview:account": "counts the poller stored: test_the_overview_shows_what_it_counted_as_text",
}

# Routes outside an account, each covered by a test of its own here or showing nothing CM.com
# wrote.
ELSEWHERE = {
    "oidc_authentication_init": "a redirect to the company's identity provider",
    "oidc_authentication_callback": "the identity provider's answer, then a redirect",
    "oidc_backchannel_logout": "the identity provider's POST: an empty 200 or a JSON 400",
    "sso:mappings": "company groups and their roles, typed by admins; nothing from CM.com",
    "sso:mapping_add": "a form of the dashboard's own",
    "sso:mapping_edit": "a form of the dashboard's own",
    "sso:mapping_delete": "a POST that redirects",
    "healthz": "says only whether the database answers; reads nothing from CM.com",
    "login": "the login form",
    "logout": "a POST that redirects",
    "overview:home": "a redirect, or the list of the person's accounts (names typed by admins)",
    "accounts:list": "account names and URLs typed by admins",
    "accounts:add": "the form",
    "people:list": "people, typed by admins",
    "people:add": "the form",
    "people:edit": "the form",
    "audit:access": "sign-ins and refusals: usernames, addresses and paths of this site",
    "audit:list": "test_messages_cm_com_sent_back_show_as_text_in_the_audit_trail",
    # the exports (issue 18): CSV and JSON, never HTML; formulas quoted (test_audit_export.py)
    "audit:export_csv": "the trail as CSV, not a page: cells starting = + - @ are quoted",
    "audit:export_jsonl": "the trail as JSON Lines, not a page",
    "audit:access_export_csv": "sign-ins as CSV, not a page: test_audit_export.py",
    "audit:access_export_jsonl": "sign-ins as JSON Lines, not a page",
    "notify:preferences": "the form: kinds of event and account names typed by admins",
    "notify:preferences_save": "a POST that redirects",
    "me:language": "the language picker: languages named in themselves, nothing from CM.com",
    "me:language_save": "a POST that redirects",
    "tracker:board": "test_the_pending_board_and_notifications_show_names_polled_as_text",
    "tracker:notifications": "test_the_pending_board_and_notifications_show_names_polled_as_text",
    "tracker:bell": "test_the_pending_board_and_notifications_show_names_polled_as_text",
    "tracker:subscriptions": "account names and kinds of item only",
    "tracker:mark_read": "a POST that redirects",
    "tracker:subscriptions_save": "a POST that redirects",
    "reviews:board": "reviews kept by the dashboard: test_hostile_text_in_a_review",
    # search across accounts (issue 17): names the poller indexed
    "search:search": "tests/dashboard/search/test_search_hostile.py polls poisoned names",
}

CSV_ROUTES = {"numbers:export", "numbers:keywords_export", "tracker:approval_times_export"}


def _real_inputs(name: str, account: Any) -> dict[str, str]:
    """What a person would send to a POST route whose page shows CM.com's dry run."""
    if name == "numbers:request_check":
        with client_for(account) as client:
            kind = client.numbers.list_types(take=1)[0]
        return {"number_type_id": str(kind.id)}
    if name == "numbers:keyword_claim_check":
        return {
            "phone_number_id": number_samples(account)["phone_number_id"],
            "keyword": "HOSTILE",
        }
    return {}


ACCOUNT_ROUTES = sorted(
    name for name in MATRIX if "account_id" in routes()[name].pattern.converters
)


def test_every_route_is_checked_or_said_to_show_nothing_from_cm_com():
    unaccounted = set(MATRIX) - set(ACCOUNT_ROUTES) - set(ELSEWHERE)
    assert not unaccounted, "check these routes here, or say in ELSEWHERE why they need not be"
    assert set(NO_UPSTREAM_TEXT) <= set(ACCOUNT_ROUTES)


@pytest.fixture
def admin_browser(admin_user: Any) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def _learn(client: Client, sandbox: Any, account: Any, name: str, person: Any) -> tuple:
    """Visit the route as CM.com answers it: its URL, how to send it, and the reads it made
    (the sandbox's log), with the cache emptied again so the next visit reads afresh."""
    url = _url(name, account, person)
    data = _real_inputs(name, account)
    method = MATRIX[name].method

    def send(**headers: str) -> Any:
        if method == "POST":
            return client.post(url, data, headers=headers)
        return client.get(url, headers=headers)

    cache.clear()
    sandbox.clear_log()
    send()
    made = [
        entry
        for entry in sandbox.log()
        if entry["path"].startswith(api_prefix(account))
        and (entry["method"] == "GET" or "simulate" in (entry.get("query") or "").lower())
    ]
    cache.clear()
    return url, send, made


@pytest.mark.parametrize("name", ACCOUNT_ROUTES)
def test_every_page_shows_text_from_cm_com_as_characters(
    name, admin_browser, account_a, sandbox, support_user
):
    url, send, reads = _learn(admin_browser, sandbox, account_a, name, support_user)
    poison_reads(sandbox, account_a, reads)

    response = send()
    assert response.status_code < 500
    if name in CSV_ROUTES:
        # Text, never a page: a browser does not render it, whatever it holds.
        assert response["Content-Type"].startswith("text/csv")
        assert response["Content-Disposition"].startswith("attachment")
        return
    page = _body(response)
    assert_inert(page)
    if response.status_code == 200 and name not in NO_UPSTREAM_TEXT:
        assert _shows_text_from(page), "the page shows no text from CM.com: list it?"
    fragment = send(**HTMX)
    assert fragment.status_code < 500 or name in CSV_ROUTES
    assert_inert(_body(fragment))
    for part_url in _fragments(page, url):
        part = admin_browser.get(part_url, headers=HTMX)
        assert part.status_code == 200, part_url
        assert_inert(_body(part))


HOSTILE_MESSAGE = "".join(PAYLOADS)


@pytest.mark.parametrize("name", ACCOUNT_ROUTES)
def test_every_page_shows_an_error_message_from_cm_com_as_characters(
    name, admin_browser, account_a, sandbox, support_user
):
    _, send, reads = _learn(admin_browser, sandbox, account_a, name, support_user)
    if not reads:
        return
    for method, path in {(e["method"], e["path"]) for e in reads}:
        sandbox.fault(method, path, count=1000, status=400, body={"message": HOSTILE_MESSAGE})

    response = send()
    # An export that could not read says so on a page of its own, as a Bad Gateway.
    assert response.status_code < 500 or (name in CSV_ROUTES and response.status_code == 502)
    page = _body(response)
    assert_inert(page)
    if response.status_code in (200, 502):
        assert escaped(HOSTILE_MESSAGE) in page
    fragment = send(**HTMX)
    assert fragment.status_code < 500 or name in CSV_ROUTES
    assert_inert(_body(fragment))


class _Undo(Exception):
    """Raised to roll a poll back: it was only run to see which reads it makes."""


def _poll_poisoned(account: Any, sandbox: Any, run_key: str) -> None:
    """One poll of ``account`` whose every read answers CM.com's real answer, poisoned."""
    cache.clear()
    sandbox.clear_faults()
    sandbox.clear_log()
    try:
        with transaction.atomic():
            tracker.account_poll(account=account, run_key=f"{run_key}:learn")
            raise _Undo
    except _Undo:
        pass
    reads = [e for e in sandbox.log() if e["method"] == "GET"]
    cache.clear()
    poison_reads(sandbox, account, reads)
    tracker.account_poll(account=account, run_key=run_key)


def _checked(client: Client, url: str, **headers: str) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    page = _body(response)
    assert_inert(page)
    return page


def test_the_pending_board_and_notifications_show_names_polled_as_text(
    admin_browser, account_a, sandbox
):
    board = f"/a/{account_a.account_id}/pending/"
    _poll_poisoned(account_a, sandbox, "manual:1")
    # What is pending, under the names CM.com gave it.
    assert _shows_text_from(_checked(admin_browser, "/pending/"))
    assert _shows_text_from(_checked(admin_browser, board))
    _checked(admin_browser, "/pending/", **HTMX)
    _checked(admin_browser, board, **HTMX)
    # One item's own page (issue 16), under the name CM.com gave it.
    named = [
        i for i in account_a.tracked_items.order_by("pk") if any(p in i.label for p in PAYLOADS)
    ]
    assert named
    assert _shows_text_from(
        _checked(admin_browser, f"/a/{account_a.account_id}/tracked/{named[0].pk}/")
    )

    sandbox.clear_faults()
    sandbox.advance(120)  # what was pending is decided: rejection reasons, numbers assigned
    _poll_poisoned(account_a, sandbox, "manual:2")
    assert Notification.objects.exists()
    assert _shows_text_from(_checked(admin_browser, "/notifications/"))
    _checked(admin_browser, "/notifications/", **HTMX)
    _checked(admin_browser, "/notifications/bell/", **HTMX)
    _checked(admin_browser, "/pending/")


def test_the_overview_shows_what_it_counted_as_text(admin_browser, account_a, sandbox):
    # Every part is counted from what the poller stored (issue 19): names, as CM.com gave them.
    _poll_poisoned(account_a, sandbox, "manual:1")
    overview = f"/a/{account_a.account_id}/"
    assert _shows_text_from(_checked(admin_browser, overview))
    _checked(admin_browser, overview, **HTMX)


def test_messages_cm_com_sent_back_show_as_text_in_the_audit_trail(
    admin_browser, account_a, sandbox, support_user
):
    url = _url("channels:element_set_enabled", account_a, support_user)
    for method in ("PUT", "POST", "PATCH", "DELETE"):
        sandbox.fault(
            method,
            f"{api_prefix(account_a)}/*",
            count=10,
            status=400,
            body={"message": HOSTILE_MESSAGE},
        )

    refused = admin_browser.post(url, {"enabled": "true"}, headers=HTMX)

    assert refused.status_code < 500
    assert escaped(HOSTILE_MESSAGE) in _checked_text(refused)
    trail = _checked(admin_browser, "/manage/audit/")
    assert escaped(HOSTILE_MESSAGE) in trail
    _checked(admin_browser, "/manage/audit/", **HTMX)


def _checked_text(response: Any) -> str:
    page = _body(response)
    assert_inert(page)
    return page


def test_an_account_test_refused_by_cm_com_says_why_as_text(
    admin_browser, account_a, sandbox, support_user
):
    url = _url("accounts:test", account_a, support_user)
    sandbox.fault(
        "GET", f"{api_prefix(account_a)}/*", count=10, status=400, body={"message": HOSTILE_MESSAGE}
    )

    answer = admin_browser.post(url, follow=True)

    assert answer.status_code == 200
    assert escaped(HOSTILE_MESSAGE) in _checked_text(answer)
